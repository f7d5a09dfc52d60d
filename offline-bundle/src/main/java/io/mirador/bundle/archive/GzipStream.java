package io.mirador.bundle.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A gzip stream whose header carries no file name and no time (mtime 0, OS "Unix"), so the same
 * input at the same level always gives the same bytes. {@link java.util.zip.GZIPOutputStream} has
 * no level setting and writes OS "FAT"; this writes the member itself (RFC 1952).
 */
final class GzipStream extends OutputStream {
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};

  private final OutputStream out;
  private final Deflater deflater;
  private final DeflaterOutputStream deflate;
  private final CRC32 crc = new CRC32();
  private long size;
  private boolean closed;

  GzipStream(OutputStream out, int level) throws IOException {
    if (level < 1 || level > 9) {
      throw new IllegalArgumentException("gzip level must be 1-9, not " + level);
    }
    this.out = out;
    this.deflater = new Deflater(level, true);
    this.deflate = new DeflaterOutputStream(out, deflater, 1 << 16);
    out.write(HEADER);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    deflate.write(b, off, len);
    crc.update(b, off, len);
    size += len;
  }

  /** Compressed bytes produced so far (what the deflater has emitted, headers excluded). */
  long compressedSoFar() {
    return deflater.getBytesWritten();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      deflate.finish();
      writeIntLe(crc.getValue());
      writeIntLe(size);
      out.close();
    } finally {
      deflater.end();
    }
  }

  private void writeIntLe(long value) throws IOException {
    out.write((int) value);
    out.write((int) (value >>> 8));
    out.write((int) (value >>> 16));
    out.write((int) (value >>> 24));
  }
}
