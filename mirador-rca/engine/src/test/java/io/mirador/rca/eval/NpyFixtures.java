package io.mirador.rca.eval;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes .npy and .npz bytes the way numpy does, for tests. */
final class NpyFixtures {
  private NpyFixtures() {}

  static byte[] npy(String header, byte[] data) {
    byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
    int padded = ((10 + h.length + 1 + 63) / 64) * 64 - 10;
    var out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.write(padded & 0xff);
    out.write(padded >> 8);
    out.writeBytes(h);
    for (int i = h.length; i < padded - 1; i++) {
      out.write(' ');
    }
    out.write('\n');
    out.writeBytes(data);
    return out.toByteArray();
  }

  static byte[] f8(double... values) {
    var b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      b.putDouble(v);
    }
    return b.array();
  }

  static byte[] matrix(double[][] rows) {
    int d = rows[0].length;
    double[] flat = new double[rows.length * d];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * d, d);
    }
    return npy(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (" + rows.length + ", " + d + "), }",
        f8(flat));
  }

  static byte[] vector(double[] values) {
    return npy(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (" + values.length + ",), }",
        f8(values));
  }

  static Path npz(Path file, Map<String, byte[]> arrays) throws IOException {
    try (var zip = new ZipOutputStream(Files.newOutputStream(file))) {
      for (var e : arrays.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return file;
  }
}
