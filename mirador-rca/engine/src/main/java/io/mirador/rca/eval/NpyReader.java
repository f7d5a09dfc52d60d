package io.mirador.rca.eval;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict reader of the numpy .npy format (versions 1 to 3): numeric little-endian or single-byte
 * dtypes only, C or Fortran order, sizes checked against the bytes actually present.
 */
final class NpyReader {
  static final int MAX_HEADER = 64 * 1024;
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern HEADER =
      Pattern.compile(
          "\\{\\s*'descr'\\s*:\\s*'([^']*)'\\s*,\\s*'fortran_order'\\s*:\\s*(True|False)\\s*,"
              + "\\s*'shape'\\s*:\\s*\\(([0-9,\\s]*)\\)\\s*,?\\s*}\\s*");

  private NpyReader() {}

  static NpyArray read(String name, byte[] bytes) {
    if (bytes.length < MAGIC.length + 4) {
      throw new NpyFormatException(name + ": too short for a .npy file");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        throw new NpyFormatException(name + ": not a .npy file (bad magic)");
      }
    }
    int major = bytes[6];
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength;
    int headerStart;
    switch (major) {
      case 1 -> {
        headerLength = Short.toUnsignedInt(buf.getShort(8));
        headerStart = 10;
      }
      case 2, 3 -> {
        if (bytes.length < 12) {
          throw new NpyFormatException(name + ": truncated header");
        }
        headerLength = Integer.toUnsignedLong(buf.getInt(8));
        headerStart = 12;
      }
      default -> throw new NpyFormatException(name + ": unsupported .npy version " + major);
    }
    if (headerLength > MAX_HEADER || headerStart + headerLength > bytes.length) {
      throw new NpyFormatException(name + ": header length " + headerLength + " is out of bounds");
    }
    String header =
        new String(
            bytes,
            headerStart,
            (int) headerLength,
            major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher m = HEADER.matcher(header.strip());
    if (!m.matches()) {
      throw new NpyFormatException(name + ": unrecognised header " + abbreviate(header));
    }
    Dtype dtype = Dtype.of(name, m.group(1));
    boolean fortran = m.group(2).equals("True");
    int[] shape = shape(name, m.group(3));
    long count = 1;
    long expected;
    try {
      for (int d : shape) {
        count = Math.multiplyExact(count, d);
      }
      expected = Math.multiplyExact(count, dtype.size);
    } catch (ArithmeticException e) {
      throw new NpyFormatException(name + ": shape is too large");
    }
    int dataStart = headerStart + (int) headerLength;
    if (bytes.length - dataStart != expected) {
      throw new NpyFormatException(
          name
              + ": shape needs "
              + expected
              + " data bytes, file has "
              + (bytes.length - dataStart));
    }
    double[] data = new double[(int) count];
    for (int i = 0; i < count; i++) {
      data[i] = dtype.get(buf, dataStart + i * dtype.size);
    }
    if (fortran && shape.length == 2) {
      data = transpose(data, shape[0], shape[1]);
    } else if (fortran && shape.length > 2) {
      throw new NpyFormatException(name + ": Fortran order is supported for 1-D and 2-D only");
    }
    return new NpyArray(shape, data);
  }

  private static int[] shape(String name, String text) {
    String[] parts = text.split(",");
    int count = 0;
    int[] dims = new int[parts.length];
    for (String p : parts) {
      String t = p.strip();
      if (t.isEmpty()) {
        continue;
      }
      try {
        dims[count++] = Integer.parseInt(t);
      } catch (NumberFormatException e) {
        throw new NpyFormatException(name + ": shape dimension '" + t + "' is out of range");
      }
    }
    if (count == 0 || count > 2) {
      throw new NpyFormatException(name + ": only 1-D and 2-D arrays are supported");
    }
    int[] shape = new int[count];
    System.arraycopy(dims, 0, shape, 0, count);
    return shape;
  }

  private static double[] transpose(double[] columnMajor, int rows, int cols) {
    double[] out = new double[columnMajor.length];
    for (int j = 0; j < cols; j++) {
      for (int i = 0; i < rows; i++) {
        out[i * cols + j] = columnMajor[j * rows + i];
      }
    }
    return out;
  }

  private static String abbreviate(String s) {
    String t = s.replaceAll("\\p{Cntrl}", "?");
    return t.length() > 80 ? t.substring(0, 80) + "..." : t;
  }

  private enum Dtype {
    F8(8),
    F4(4),
    I8(8),
    I4(4),
    I2(2),
    I1(1),
    U1(1),
    B1(1);

    final int size;

    Dtype(int size) {
      this.size = size;
    }

    static Dtype of(String name, String descr) {
      return switch (descr) {
        case "<f8" -> F8;
        case "<f4" -> F4;
        case "<i8" -> I8;
        case "<i4" -> I4;
        case "<i2" -> I2;
        case "|i1" -> I1;
        case "|u1" -> U1;
        case "|b1" -> B1;
        default -> throw new NpyFormatException(name + ": unsupported dtype '" + descr + "'");
      };
    }

    double get(ByteBuffer b, int at) {
      return switch (this) {
        case F8 -> b.getDouble(at);
        case F4 -> b.getFloat(at);
        case I8 -> b.getLong(at);
        case I4 -> b.getInt(at);
        case I2 -> b.getShort(at);
        case I1 -> b.get(at);
        case U1 -> Byte.toUnsignedInt(b.get(at));
        case B1 -> {
          byte v = b.get(at);
          if (v != 0 && v != 1) {
            throw new NpyFormatException("boolean byte " + v + " is neither 0 nor 1");
          }
          yield v;
        }
      };
    }
  }
}
