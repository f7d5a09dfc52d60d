package io.mirador.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.mirador.crypto.BatchHeader;
import io.mirador.crypto.BatchOpener;
import io.mirador.crypto.BatchSealer;
import io.mirador.crypto.OpenResult;
import io.mirador.crypto.SealedBatch;
import io.mirador.crypto.Signal;
import io.mirador.crypto.X25519KeyPair;
import io.mirador.ingest.WireBatches.Decoded;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class WireBatchesTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final X25519KeyPair coreKey = X25519KeyPair.generate(RANDOM);
  private final X25519KeyPair agentKey = X25519KeyPair.generate(RANDOM);
  private final BatchHeader header =
      new BatchHeader("tenant-a", "agent-1", "core-2026-11", 7, Signal.LOGS);
  private final byte[] plaintext = "synthetic OTLP logs request".getBytes(StandardCharsets.UTF_8);

  private SealedBatch seal() {
    return BatchSealer.builder()
        .recipient("core-2026-11", coreKey.publicKey())
        .sender(agentKey)
        .random(RANDOM)
        .build()
        .seal(header, plaintext);
  }

  private OpenResult open(SealedBatch batch) {
    return BatchOpener.builder()
        .recipientKeys(Map.of("core-2026-11", coreKey)::get)
        .maxPlaintextBytes(1 << 20)
        .build()
        .open(batch, agentKey.publicKey());
  }

  @Test
  void aBatchCrossesTheWireAndOpens() throws InvalidProtocolBufferException {
    byte[] bytes = WireBatches.toWire(seal()).toByteArray();
    Decoded decoded =
        WireBatches.fromWire(
            io.mirador.ingest.v1.SealedBatch.parseFrom(bytes),
            WireBatches.DEFAULT_MAX_PAYLOAD_BYTES);
    assertThat(decoded).isInstanceOf(Decoded.Valid.class);
    SealedBatch received = ((Decoded.Valid) decoded).batch();
    assertThat(received.header()).isEqualTo(header);
    assertThat(open(received))
        .isInstanceOfSatisfying(
            OpenResult.Opened.class, o -> assertThat(o.plaintext()).isEqualTo(plaintext));
  }

  @Test
  void changingAnyHeaderFieldOnTheWireMakesTheBatchNotOpen() {
    io.mirador.ingest.v1.SealedBatch wire = WireBatches.toWire(seal());
    for (UnaryOperator<io.mirador.ingest.v1.SealedBatch.Builder> tamper :
        java.util.List.<UnaryOperator<io.mirador.ingest.v1.SealedBatch.Builder>>of(
            b -> b.setTenantId("tenant-b"),
            b -> b.setAgentId("agent-2"),
            b -> b.setSequence(8),
            b -> b.setSignal(io.mirador.ingest.v1.Signal.SIGNAL_TRACES))) {
      Decoded decoded = WireBatches.fromWire(tamper.apply(wire.toBuilder()).build(), 1 << 20);
      assertThat(decoded).isInstanceOf(Decoded.Valid.class);
      assertThat(open(((Decoded.Valid) decoded).batch())).isInstanceOf(OpenResult.Rejected.class);
    }
  }

  @Test
  void malformedBatchesAreInvalidWithTheFieldNamed() {
    io.mirador.ingest.v1.SealedBatch wire = WireBatches.toWire(seal());
    assertThat(invalid(wire.toBuilder().clearTenantId().build())).isEqualTo("tenant_id is missing");
    assertThat(invalid(wire.toBuilder().setAgentId("a".repeat(256)).build()))
        .isEqualTo("agent_id exceeds 255 bytes");
    assertThat(invalid(wire.toBuilder().clearRecipientKeyId().build()))
        .isEqualTo("recipient_key_id is missing");
    assertThat(invalid(wire.toBuilder().setSequence(-1).build()))
        .isEqualTo("sequence must be below 2^63");
    assertThat(invalid(wire.toBuilder().setSignalValue(99).build()))
        .isEqualTo("signal is not a known signal");
    assertThat(invalid(wire.toBuilder().setSignalValue(0).build()))
        .isEqualTo("signal is not a known signal");
    assertThat(
            invalid(wire.toBuilder().setEncapsulatedKey(ByteString.copyFrom(new byte[31])).build()))
        .isEqualTo("encapsulated_key must be 32 bytes");
    assertThat(invalid(wire.toBuilder().clearPayload().build())).isEqualTo("payload is empty");
    assertThat(
            ((Decoded.Invalid) WireBatches.fromWire(wire, wire.getPayload().size() - 1)).reason())
        .startsWith("payload exceeds");
  }

  @Test
  void randomAndMutatedBytesNeverEscapeAsExceptions() {
    byte[] valid = WireBatches.toWire(seal()).toByteArray();
    Random random = new Random(9);
    int parsed = 0;
    for (int i = 0; i < 5_000; i++) {
      byte[] input;
      if (random.nextBoolean()) {
        input = new byte[random.nextInt(200)];
        random.nextBytes(input);
      } else {
        input = valid.clone();
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
          input[random.nextInt(input.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      io.mirador.ingest.v1.SealedBatch wire;
      try {
        wire = io.mirador.ingest.v1.SealedBatch.parseFrom(input);
      } catch (InvalidProtocolBufferException e) {
        continue; // the gRPC layer answers INVALID_ARGUMENT
      }
      parsed++;
      Decoded decoded = WireBatches.fromWire(wire, 1 << 20);
      if (decoded instanceof Decoded.Valid(SealedBatch batch)) {
        assertThat(open(batch)).isNotNull();
      }
    }
    assertThat(parsed).isPositive();
  }

  private static String invalid(io.mirador.ingest.v1.SealedBatch wire) {
    Decoded decoded = WireBatches.fromWire(wire, WireBatches.DEFAULT_MAX_PAYLOAD_BYTES);
    assertThat(decoded).isInstanceOf(Decoded.Invalid.class);
    return ((Decoded.Invalid) decoded).reason();
  }
}
