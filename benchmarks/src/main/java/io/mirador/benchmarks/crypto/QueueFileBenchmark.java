package io.mirador.benchmarks.crypto;

import io.mirador.crypto.KeyKind;
import io.mirador.crypto.Keyring;
import io.mirador.crypto.QueueFileCipher;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The agent's disk-queue encryption: 1 MiB written and read through 64 KiB segments. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class QueueFileBenchmark {
  private QueueFileCipher cipher;
  private byte[] plaintext;
  private byte[] file;

  @Setup
  public void setUp() {
    SecureRandom random = new SecureRandom();
    Keyring k =
        Keyring.empty()
            .generate("q-1", KeyKind.QUEUE_MASTER, "", Instant.now(), random)
            .promote("q-1");
    cipher = QueueFileCipher.fromKeyring(k, random);
    plaintext = OtlpLikePayload.generate(1 << 20, 2);
    file = cipher.encrypt(plaintext);
  }

  @Benchmark
  public byte[] encrypt() {
    return cipher.encrypt(plaintext);
  }

  @Benchmark
  public byte[] decrypt() throws IOException {
    return cipher.decrypt(file);
  }
}
