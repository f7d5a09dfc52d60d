package io.mirador.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mirador.crypto.OpenResult.Opened;
import io.mirador.crypto.OpenResult.Rejected;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of what the core does with a sealed batch from the network: {@link
 * BatchOpener} on hostile headers, keys and payloads, and the decompressors that run on an
 * authenticated payload (an enrolled agent is not trusted either). Contract: a result, never an
 * exception; a rejection names its check; an untouched sealed batch opens to its plaintext.
 */
class BatchOpenerFuzzTest {
  private static final int MAX_PLAINTEXT = 1 << 16;
  private static final X25519KeyPair CORE = X25519KeyPair.fromPrivateKey(filled(32, (byte) 7));
  private static final X25519KeyPair AGENT = X25519KeyPair.fromPrivateKey(filled(32, (byte) 9));
  private static final BatchOpener OPENER =
      BatchOpener.builder()
          .recipientKeys(id -> "core-1".equals(id) ? CORE : null)
          .maxPlaintextBytes(MAX_PLAINTEXT)
          .build();

  /** A batch made of fuzzed fields, or a real sealed batch with fuzzed edits. */
  // Per input: libFuzzer reports a slower input as a timeout (a hang).
  @Timeout(10)
  @FuzzTest(maxDuration = "90s")
  void open(FuzzedDataProvider data) {
    BatchHeader header;
    try {
      header =
          new BatchHeader(
              data.consumeBoolean() ? "core-1" : data.consumeString(8),
              data.consumeString(8),
              data.consumeBoolean() ? "core-1" : data.consumeString(8),
              data.consumeLong(),
              Signal.values()[data.consumeInt(0, Signal.values().length - 1)]);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    boolean auth = data.consumeBoolean();
    SealedBatch batch;
    byte[] plaintext = null;
    if (data.consumeBoolean()) {
      batch =
          SealedBatch.of(
              header, data.consumeBytes(data.consumeInt(0, 40)), data.consumeRemainingAsBytes());
    } else {
      BatchAead aead = BatchAead.values()[data.consumeInt(0, BatchAead.values().length - 1)];
      Compression compression =
          Compression.values()[data.consumeInt(0, Compression.values().length - 1)];
      int flips = data.consumeInt(0, 3);
      int[] positions = new int[flips];
      for (int i = 0; i < flips; i++) {
        positions[i] = data.consumeInt(0, Integer.MAX_VALUE);
      }
      plaintext = data.consumeRemainingAsBytes();
      BatchSealer.Builder sealer =
          BatchSealer.builder()
              .recipient("core-1", CORE.publicKey())
              .aead(aead)
              .compression(compression, 1)
              .random(seeded());
      if (auth) {
        sealer.sender(AGENT);
      }
      // Sealed for the core's key, then presented under the fuzzed header: it opens only if that
      // is the header it was sealed with.
      BatchHeader sealedHeader =
          new BatchHeader(
              header.tenant(), header.agentId(), "core-1", header.sequence(), header.signal());
      batch = sealer.build().seal(sealedHeader, plaintext).withHeader(header);
      if (flips > 0) {
        byte[] payload = batch.payload();
        for (int position : positions) {
          payload[Math.floorMod(position, payload.length)] ^= 0x5a;
        }
        if (!Arrays.equals(payload, batch.payload())) {
          plaintext = null;
        }
        batch = SealedBatch.of(header, batch.encapsulatedKey(), payload);
      }
      if (!sealedHeader.equals(header)) {
        plaintext = null;
      }
    }
    OpenResult result =
        auth ? OPENER.open(batch, AGENT.publicKey()) : OPENER.openUnauthenticated(batch);
    assertThat(result).isNotNull();
    if (result instanceof Rejected rejected) {
      assertThat(rejected.reason()).isNotNull();
      assertThat(rejected.detail()).isNotBlank();
      assertThat(plaintext).as("an untouched batch must open").isNull();
    } else {
      Opened opened = (Opened) result;
      assertThat(opened.header()).isEqualTo(header);
      assertThat(opened.plaintext().length).isLessThanOrEqualTo(MAX_PLAINTEXT);
      if (plaintext != null) {
        assertThat(opened.plaintext()).isEqualTo(plaintext);
      }
    }
  }

  /**
   * The decompressors behind the AEAD: the last byte picks the compression. Contract: bytes within
   * the limit or a {@link Compressors.DecompressionException}; what decompressed compresses and
   * decompresses to the same bytes.
   */
  // Per input: libFuzzer reports a slower input as a timeout (a hang).
  @Timeout(10)
  @FuzzTest(maxDuration = "90s")
  void decompress(FuzzedDataProvider data) throws Compressors.DecompressionException {
    Compression compression =
        Compression.values()[data.consumeInt(0, Compression.values().length - 1)];
    byte[] body = data.consumeRemainingAsBytes();
    byte[] plaintext;
    try {
      plaintext = Compressors.decompress(compression, body, MAX_PLAINTEXT);
    } catch (Compressors.DecompressionException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(plaintext.length).isLessThanOrEqualTo(MAX_PLAINTEXT);
    byte[] again =
        Compressors.decompress(
            compression, Compressors.compress(compression, plaintext, 1), MAX_PLAINTEXT);
    assertThat(again).isEqualTo(plaintext);
  }

  private static SecureRandom seeded() {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(42);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] filled(int length, byte value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, value);
    return bytes;
  }
}
