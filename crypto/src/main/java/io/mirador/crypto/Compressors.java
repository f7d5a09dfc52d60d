package io.mirador.crypto;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Compression with a hard output limit on the way back: a sealed batch may be a zip bomb. */
final class Compressors {
  private Compressors() {}

  /** Thrown when compressed input is malformed or expands beyond the limit. */
  static final class DecompressionException extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean tooLarge;

    DecompressionException(String message, boolean tooLarge) {
      super(message);
      this.tooLarge = tooLarge;
    }
  }

  static byte[] compress(Compression compression, byte[] input, int level) {
    return switch (compression) {
      case NONE -> input;
      case ZSTD -> Zstd.compress(input, level);
      case GZIP -> gzip(input, level);
    };
  }

  static byte[] decompress(Compression compression, byte[] input, int maxBytes)
      throws DecompressionException {
    return switch (compression) {
      case NONE -> {
        if (input.length > maxBytes) {
          throw new DecompressionException("plaintext exceeds " + maxBytes + " bytes", true);
        }
        yield input;
      }
      case ZSTD -> unzstd(input, maxBytes);
      case GZIP -> gunzip(input, maxBytes);
    };
  }

  private static byte[] gzip(byte[] input, int level) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 4 + 64);
    try (GZIPOutputStream gz = new LeveledGzipOutputStream(out, level)) {
      gz.write(input);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] input, int maxBytes) throws DecompressionException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(input), 8192)) {
      byte[] buf = new byte[Math.min(maxBytes, Math.max(1024, input.length * 4))];
      int size = 0;
      while (true) {
        if (size == buf.length) {
          if (buf.length >= maxBytes) {
            if (in.read() < 0) {
              break;
            }
            throw new DecompressionException("plaintext exceeds " + maxBytes + " bytes", true);
          }
          buf = Arrays.copyOf(buf, (int) Math.min(maxBytes, 2L * buf.length));
        }
        int n = in.read(buf, size, buf.length - size);
        if (n < 0) {
          break;
        }
        size += n;
      }
      return size == buf.length ? buf : Arrays.copyOf(buf, size);
    } catch (IOException e) {
      throw new DecompressionException("malformed gzip data", false);
    }
  }

  private static byte[] unzstd(byte[] input, int maxBytes) throws DecompressionException {
    if (input.length == 0) {
      // zstd-jni indexes the first byte before asking the native side (fuzzing finding).
      throw new DecompressionException("empty zstd frame", false);
    }
    long declared = Zstd.getFrameContentSize(input, 0, input.length);
    if (declared < 0) {
      // Our sealer always writes the content size; an unknown size is refused, not guessed.
      throw new DecompressionException("zstd frame without content size", false);
    }
    if (declared > maxBytes) {
      throw new DecompressionException("plaintext exceeds " + maxBytes + " bytes", true);
    }
    byte[] out = new byte[(int) declared];
    long n = Zstd.decompressByteArray(out, 0, out.length, input, 0, input.length);
    if (Zstd.isError(n) || n != declared) {
      throw new DecompressionException("malformed zstd data", false);
    }
    return out;
  }

  private static final class LeveledGzipOutputStream extends GZIPOutputStream {
    LeveledGzipOutputStream(ByteArrayOutputStream out, int level) throws IOException {
      super(out, 65536);
      def.setLevel(level);
    }
  }
}
