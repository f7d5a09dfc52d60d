package io.mirador.benchmarks.crypto;

import io.mirador.crypto.BatchHeader;
import io.mirador.crypto.BatchOpener;
import io.mirador.crypto.BatchSealer;
import io.mirador.crypto.Compression;
import io.mirador.crypto.OpenResult;
import io.mirador.crypto.SealedBatch;
import io.mirador.crypto.Signal;
import io.mirador.crypto.X25519KeyPair;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-batch fixed cost: sealing and opening a 64-byte batch, so the time is the KEM (X25519 key
 * generation and Diffie-Hellman), the HPKE key schedule and the setup of the AEAD.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FixedCostBenchmark {
  @Param({"base", "auth"})
  String mode;

  private final byte[] plaintext = new byte[64];
  private BatchHeader header;
  private BatchSealer sealer;
  private BatchOpener opener;
  private SealedBatch sealed;
  private X25519KeyPair agent;

  @Setup
  public void setUp() {
    SecureRandom random = new SecureRandom();
    X25519KeyPair core = X25519KeyPair.generate(random);
    agent = X25519KeyPair.generate(random);
    header = new BatchHeader("tenant-a", "agent-1", "core-1", 7, Signal.TRACES);
    BatchSealer.Builder b =
        BatchSealer.builder()
            .recipient("core-1", core.publicKey())
            .compression(Compression.NONE, 0)
            .random(random);
    if (mode.equals("auth")) {
      b.sender(agent);
    }
    sealer = b.build();
    opener = BatchOpener.builder().recipientKeys(Map.of("core-1", core)::get).build();
    sealed = sealer.seal(header, plaintext);
  }

  @Benchmark
  public SealedBatch seal() {
    return sealer.seal(header, plaintext);
  }

  @Benchmark
  public OpenResult open() {
    return mode.equals("auth")
        ? opener.open(sealed, agent.publicKey())
        : opener.openUnauthenticated(sealed);
  }
}
