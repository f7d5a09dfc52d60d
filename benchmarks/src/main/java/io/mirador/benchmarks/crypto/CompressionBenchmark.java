package io.mirador.benchmarks.crypto;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Compression of a 1 MiB OTLP-like batch before sealing: zstd (levels 1 and 3) against gzip (levels
 * 1 and 6), both directions. The compressed size is printed once per trial.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CompressionBenchmark {
  @Param({"zstd-1", "zstd-3", "gzip-1", "gzip-6"})
  String codec;

  private byte[] plaintext;
  private byte[] compressed;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    plaintext = OtlpLikePayload.generate(1 << 20, 1);
    compressed = compress();
  }

  @TearDown(Level.Trial)
  public void report() {
    System.out.printf(
        "%n[%s] 1 MiB -> %d bytes (ratio %.2f)%n",
        codec, compressed.length, plaintext.length / (double) compressed.length);
  }

  @Benchmark
  public byte[] compress() throws IOException {
    int level = Integer.parseInt(codec.substring(codec.indexOf('-') + 1));
    if (codec.startsWith("zstd")) {
      return Zstd.compress(plaintext, level);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(plaintext.length / 4);
    try (GZIPOutputStream gz = new LeveledGzip(out, level)) {
      gz.write(plaintext);
    }
    return out.toByteArray();
  }

  @Benchmark
  public byte[] decompress() throws IOException {
    if (codec.startsWith("zstd")) {
      return Zstd.decompress(compressed, plaintext.length);
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 65536)) {
      return in.readAllBytes();
    }
  }

  private static final class LeveledGzip extends GZIPOutputStream {
    LeveledGzip(ByteArrayOutputStream out, int level) throws IOException {
      super(out, 65536);
      def.setLevel(level);
    }
  }

  static {
    // Deflater is referenced so the level constants stay documented next to the codec names.
    assert Deflater.BEST_SPEED == 1;
  }
}
