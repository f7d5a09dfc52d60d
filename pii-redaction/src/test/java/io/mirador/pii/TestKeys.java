package io.mirador.pii;

import io.mirador.crypto.PseudonymizationKey;

final class TestKeys {
  private TestKeys() {}

  static PseudonymizationKey key() {
    byte[] bytes = new byte[PseudonymizationKey.KEY_BYTES];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 7 + 1);
    }
    return PseudonymizationKey.fromBytes("test-key", bytes);
  }
}
