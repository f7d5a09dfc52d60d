package io.mirador.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.crypto.OpenResult.Opened;
import io.mirador.crypto.OpenResult.Reason;
import io.mirador.crypto.OpenResult.Rejected;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BatchSealingTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final X25519KeyPair coreKey = X25519KeyPair.generate(RANDOM);
  private final X25519KeyPair agentKey = X25519KeyPair.generate(RANDOM);
  private final BatchHeader header =
      new BatchHeader("tenant-a", "agent-1", "core-2026-01", 42, Signal.TRACES);
  private final BatchOpener opener =
      BatchOpener.builder()
          .recipientKeys(Map.of("core-2026-01", coreKey)::get)
          .maxPlaintextBytes(1 << 20)
          .build();

  private BatchSealer.Builder sealer() {
    return BatchSealer.builder()
        .recipient("core-2026-01", coreKey.publicKey())
        .sender(agentKey)
        .random(RANDOM);
  }

  private static byte[] otlpLike(int size) {
    byte[] out = new byte[size];
    byte[] words =
        "service.name=checkout span=GET /cart status=OK ".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < size; i++) {
      out[i] = (i % 97 == 0) ? (byte) RANDOM.nextInt() : words[i % words.length];
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(BatchAead.class)
  void roundTripsInAuthModeWithEveryCompression(BatchAead aead) {
    byte[] plaintext = otlpLike(50_000);
    for (Compression c : Compression.values()) {
      SealedBatch sealed = sealer().aead(aead).compression(c, 1).build().seal(header, plaintext);
      OpenResult result = opener.open(sealed, agentKey.publicKey());
      assertThat(result).isInstanceOf(Opened.class);
      Opened opened = (Opened) result;
      assertThat(opened.plaintext()).isEqualTo(plaintext);
      assertThat(opened.compression()).isEqualTo(c);
      assertThat(opened.aead()).isEqualTo(aead);
      if (c != Compression.NONE) {
        assertThat(sealed.payloadLength()).isLessThan(plaintext.length / 2);
      }
    }
  }

  @Test
  void baseModeRoundTripsAndModesCannotBeSwapped() {
    BatchSealer base = BatchSealer.builder().recipient("core-2026-01", coreKey.publicKey()).build();
    SealedBatch sealed = base.seal(header, otlpLike(1000));
    assertThat(opener.openUnauthenticated(sealed).isOpened()).isTrue();
    assertThat(reason(opener.open(sealed, agentKey.publicKey()))).isEqualTo(Reason.MODE_MISMATCH);

    SealedBatch auth = sealer().build().seal(header, otlpLike(1000));
    assertThat(reason(opener.openUnauthenticated(auth))).isEqualTo(Reason.MODE_MISMATCH);
  }

  @Test
  void everySingleBitFlipInEncapsulatedKeyOrPayloadFails() {
    for (Compression c : new Compression[] {Compression.NONE, Compression.ZSTD}) {
      SealedBatch sealed = sealer().compression(c, 3).build().seal(header, otlpLike(300));
      byte[] enc = sealed.encapsulatedKey();
      byte[] payload = sealed.payload();
      for (int bit = 0; bit < enc.length * 8; bit++) {
        byte[] flipped = flip(enc, bit);
        OpenResult r = opener.open(SealedBatch.of(header, flipped, payload), agentKey.publicKey());
        assertThat(r.isOpened()).as("enc bit %d", bit).isFalse();
      }
      for (int bit = 0; bit < payload.length * 8; bit++) {
        OpenResult r =
            opener.open(SealedBatch.of(header, enc, flip(payload, bit)), agentKey.publicKey());
        assertThat(r.isOpened()).as("payload bit %d", bit).isFalse();
      }
      assertThat(opener.open(sealed, agentKey.publicKey()).isOpened()).isTrue();
    }
  }

  @Test
  void everySingleBitFlipInAnyHeaderFieldFails() {
    SealedBatch sealed = sealer().build().seal(header, otlpLike(300));
    int tried = 0;
    for (String field : new String[] {"tenant", "agentId", "recipientKeyId"}) {
      byte[] value = field(header, field).getBytes(StandardCharsets.UTF_8);
      for (int bit = 0; bit < value.length * 8; bit++) {
        String changed = new String(flip(value, bit), StandardCharsets.UTF_8);
        BatchHeader h = withField(header, field, changed);
        // A changed recipient key id usually names no key at all; with the same key registered
        // under the changed id, it must still fail on authentication.
        BatchOpener lenient =
            BatchOpener.builder().recipientKeys(id -> coreKey).maxPlaintextBytes(1 << 20).build();
        assertThat(reason(lenient.open(sealed.withHeader(h), agentKey.publicKey())))
            .as("%s bit %d", field, bit)
            .isEqualTo(Reason.AUTHENTICATION_FAILED);
        tried++;
      }
    }
    for (int bit = 0; bit < 63; bit++) {
      BatchHeader h = header.withSequence(header.sequence() ^ (1L << bit));
      assertThat(reason(opener.open(sealed.withHeader(h), agentKey.publicKey())))
          .as("sequence bit %d", bit)
          .isEqualTo(Reason.AUTHENTICATION_FAILED);
      tried++;
    }
    for (Signal s : Signal.values()) {
      if (s == header.signal()) {
        continue;
      }
      BatchHeader h =
          new BatchHeader(
              header.tenant(), header.agentId(), header.recipientKeyId(), header.sequence(), s);
      assertThat(reason(opener.open(sealed.withHeader(h), agentKey.publicKey())))
          .isEqualTo(Reason.AUTHENTICATION_FAILED);
      tried++;
    }
    assertThat(tried).isGreaterThan(150);
  }

  @Test
  void batchForTenantACannotBeOpenedAsTenantB() {
    SealedBatch sealed = sealer().build().seal(header, otlpLike(500));
    BatchHeader asB =
        new BatchHeader(
            "tenant-b",
            header.agentId(),
            header.recipientKeyId(),
            header.sequence(),
            Signal.TRACES);
    assertThat(reason(opener.open(sealed.withHeader(asB), agentKey.publicKey())))
        .isEqualTo(Reason.AUTHENTICATION_FAILED);
  }

  @Test
  void batchForAnotherRecipientKeyCannotBeOpened() {
    X25519KeyPair otherCore = X25519KeyPair.generate(RANDOM);
    SealedBatch sealed =
        BatchSealer.builder()
            .recipient("core-2026-01", otherCore.publicKey())
            .sender(agentKey)
            .build()
            .seal(header, otlpLike(500));
    assertThat(reason(opener.open(sealed, agentKey.publicKey())))
        .isEqualTo(Reason.AUTHENTICATION_FAILED);

    BatchHeader unknownKey = new BatchHeader("tenant-a", "agent-1", "core-1999", 42, Signal.TRACES);
    assertThat(reason(opener.open(sealed.withHeader(unknownKey), agentKey.publicKey())))
        .isEqualTo(Reason.UNKNOWN_RECIPIENT_KEY);
  }

  @Test
  void batchFromAnotherSenderIsRefused() {
    SealedBatch sealed = sealer().build().seal(header, otlpLike(500));
    X25519PublicKey impostor = X25519KeyPair.generate(RANDOM).publicKey();
    assertThat(reason(opener.open(sealed, impostor))).isEqualTo(Reason.AUTHENTICATION_FAILED);
  }

  @Test
  void lowOrderPointsAreRefusedAsAllZeroSharedSecrets() {
    String[] lowOrder = {
      "0000000000000000000000000000000000000000000000000000000000000000",
      "0100000000000000000000000000000000000000000000000000000000000000",
      "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
      "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    };
    SealedBatch sealed = sealer().build().seal(header, otlpLike(100));
    for (String hex : lowOrder) {
      byte[] point = HexFormat.of().parseHex(hex);
      assertThat(
              reason(
                  opener.open(
                      SealedBatch.of(header, point, sealed.payload()), agentKey.publicKey())))
          .as(hex)
          .isEqualTo(Reason.WEAK_SHARED_SECRET);
      assertThatThrownBy(
              () -> BatchSealer.builder().recipient("k", X25519PublicKey.of(point)).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("low-order");
    }
  }

  @Test
  void decompressionBombIsRefused() {
    byte[] zeros = new byte[4 << 20];
    SealedBatch sealed =
        sealer()
            .compression(Compression.ZSTD, 19)
            .maxPlaintextBytes(8 << 20)
            .build()
            .seal(header, zeros);
    assertThat(sealed.payloadLength()).isLessThan(2000);
    assertThat(reason(opener.open(sealed, agentKey.publicKey()))).isEqualTo(Reason.TOO_LARGE);

    SealedBatch gz =
        sealer()
            .compression(Compression.GZIP, 9)
            .maxPlaintextBytes(8 << 20)
            .build()
            .seal(header, zeros);
    assertThat(reason(opener.open(gz, agentKey.publicKey()))).isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void oversizedPayloadsAreRefusedBeforeDecryption() {
    BatchOpener small =
        BatchOpener.builder()
            .recipientKeys(Map.of("core-2026-01", coreKey)::get)
            .maxPlaintextBytes(1000)
            .build();
    byte[] noise = new byte[2000];
    RANDOM.nextBytes(noise); // incompressible
    for (Compression c : Compression.values()) {
      SealedBatch big = sealer().compression(c, 1).build().seal(header, noise);
      assertThat(reason(small.open(big, agentKey.publicKey())))
          .as(c.name())
          .isEqualTo(Reason.TOO_LARGE);
      SealedBatch fits =
          sealer().compression(c, 1).build().seal(header, java.util.Arrays.copyOf(noise, 1000));
      assertThat(small.open(fits, agentKey.publicKey()).isOpened()).as(c.name()).isTrue();
    }
  }

  @Test
  void garbageIsRejectedNotThrown() {
    for (int len : new int[] {0, 1, 5, 20, 21, 100}) {
      byte[] junk = new byte[len];
      RANDOM.nextBytes(junk);
      OpenResult r = opener.open(SealedBatch.of(header, new byte[32], junk), agentKey.publicKey());
      assertThat(r).isInstanceOf(Rejected.class);
    }
    SealedBatch ok = sealer().build().seal(header, otlpLike(10));
    assertThat(
            reason(
                opener.open(
                    SealedBatch.of(header, new byte[31], ok.payload()), agentKey.publicKey())))
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void sealerValidatesEagerly() {
    assertThatThrownBy(() -> BatchSealer.builder().build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("recipient");
    assertThatThrownBy(() -> sealer().compression(Compression.ZSTD, 40).build())
        .hasMessageContaining("level");
    BatchHeader other = new BatchHeader("tenant-a", "agent-1", "core-other", 1, Signal.LOGS);
    assertThatThrownBy(() -> sealer().build().seal(other, new byte[1]))
        .hasMessageContaining("recipientKeyId");
    assertThatThrownBy(() -> new BatchHeader("", "a", "k", 1, Signal.LOGS))
        .hasMessageContaining("tenant");
    assertThatThrownBy(() -> new BatchHeader("t", "a", "k", -1, Signal.LOGS))
        .hasMessageContaining("sequence");
  }

  @Test
  void keyMaterialNeverAppearsInToString() {
    String hexPrivate = HexFormat.of().formatHex(coreKey.privateKeyUnsafe());
    assertThat(coreKey.toString()).doesNotContain(hexPrivate);
  }

  private static Reason reason(OpenResult r) {
    return r instanceof Rejected rej ? rej.reason() : null;
  }

  private static byte[] flip(byte[] in, int bit) {
    byte[] out = in.clone();
    out[bit / 8] ^= (byte) (1 << (bit % 8));
    return out;
  }

  private static String field(BatchHeader h, String name) {
    return switch (name) {
      case "tenant" -> h.tenant();
      case "agentId" -> h.agentId();
      default -> h.recipientKeyId();
    };
  }

  private static BatchHeader withField(BatchHeader h, String name, String v) {
    return switch (name) {
      case "tenant" ->
          new BatchHeader(v, h.agentId(), h.recipientKeyId(), h.sequence(), h.signal());
      case "agentId" ->
          new BatchHeader(h.tenant(), v, h.recipientKeyId(), h.sequence(), h.signal());
      default -> new BatchHeader(h.tenant(), h.agentId(), v, h.sequence(), h.signal());
    };
  }
}
