package io.mirador.benchmarks.crypto;

import io.mirador.crypto.BatchAead;
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
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Seal and open throughput of whole batches (HPKE auth mode, no compression: compression is
 * measured on its own in {@link CompressionBenchmark}), and BouncyCastle's HPKE with its pure-Java
 * AES-GCM as the baseline the JDK-intrinsics design is measured against. MB/s = size / time per op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SealBenchmark {
  @Param({"65536", "1048576"})
  int size;

  @Param({"AES_256_GCM", "CHACHA20_POLY1305"})
  BatchAead aead;

  private byte[] plaintext;
  private BatchHeader header;
  private BatchSealer sealer;
  private BatchOpener opener;
  private SealedBatch sealed;
  private X25519KeyPair agent;
  private HPKE bc;
  private AsymmetricKeyParameter bcRecipient;
  private AsymmetricCipherKeyPair bcSender;

  @Setup
  public void setUp() {
    SecureRandom random = new SecureRandom();
    X25519KeyPair core = X25519KeyPair.generate(random);
    agent = X25519KeyPair.generate(random);
    plaintext = OtlpLikePayload.generate(size, 1);
    header = new BatchHeader("tenant-a", "agent-1", "core-1", 7, Signal.TRACES);
    sealer =
        BatchSealer.builder()
            .recipient("core-1", core.publicKey())
            .sender(agent)
            .aead(aead)
            .compression(Compression.NONE, 0)
            .random(random)
            .build();
    opener = BatchOpener.builder().recipientKeys(Map.of("core-1", core)::get).build();
    sealed = sealer.seal(header, plaintext);
    short bcAead =
        aead == BatchAead.AES_256_GCM ? HPKE.aead_AES_GCM256 : HPKE.aead_CHACHA20_POLY1305;
    bc = new HPKE(HPKE.mode_auth, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, bcAead);
    bcRecipient = bc.deserializePublicKey(core.publicKey().bytes());
    bcSender = bc.generatePrivateKey();
  }

  @Benchmark
  public SealedBatch seal() {
    return sealer.seal(header, plaintext);
  }

  @Benchmark
  public OpenResult open() {
    return opener.open(sealed, agent.publicKey());
  }

  @Benchmark
  public byte[][] bouncyCastleHpkeSeal() throws InvalidCipherTextException {
    return bc.seal(bcRecipient, new byte[0], new byte[16], plaintext, null, null, bcSender);
  }
}
