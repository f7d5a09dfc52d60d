package io.mirador.rca.replay;

import com.google.protobuf.ByteString;

/** Trace and span ids: lower- or upper-case hex of an exact length. */
final class Hex {
  private Hex() {}

  /** The bytes of {@code hex}, which must have exactly {@code bytes * 2} hex digits. */
  static ByteString id(String hex, int bytes, String what) {
    if (hex.length() != bytes * 2) {
      throw new IllegalArgumentException(
          what + " '" + clip(hex) + "' must be " + bytes * 2 + " hex digits");
    }
    byte[] out = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      int hi = Character.digit(hex.charAt(2 * i), 16);
      int lo = Character.digit(hex.charAt(2 * i + 1), 16);
      if (hi < 0 || lo < 0) {
        throw new IllegalArgumentException(what + " '" + clip(hex) + "' is not hex");
      }
      out[i] = (byte) (hi << 4 | lo);
    }
    if (allZero(out)) {
      throw new IllegalArgumentException(what + " must not be all zeros");
    }
    return ByteString.copyFrom(out);
  }

  private static boolean allZero(byte[] bytes) {
    for (byte b : bytes) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
