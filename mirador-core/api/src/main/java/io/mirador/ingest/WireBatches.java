package io.mirador.ingest;

import io.mirador.crypto.BatchHeader;
import io.mirador.crypto.SealedBatch;
import io.mirador.crypto.Signal;
import java.nio.charset.StandardCharsets;

/**
 * Converts sealed batches between crypto's {@link SealedBatch} and the {@code mirador.ingest.v1}
 * wire message. Decoding treats the message as hostile: every field is checked before anything is
 * allocated for it, and a bad batch is a {@link Decoded.Invalid} with a reason that names the
 * field, never an exception and never a value from the batch.
 */
public final class WireBatches {
  /** X25519 encapsulated keys are 32 bytes. */
  public static final int ENCAPSULATED_KEY_BYTES = 32;

  /** The largest payload the core accepts by default (sealed and compressed). */
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

  private WireBatches() {}

  /** The result of decoding a wire batch. */
  public sealed interface Decoded {
    /** A well-formed batch, still to be opened. */
    record Valid(SealedBatch batch) implements Decoded {}

    /** A malformed batch: INVALID_ARGUMENT, not retried. */
    record Invalid(String reason) implements Decoded {}
  }

  /** The wire message for {@code batch}. */
  public static io.mirador.ingest.v1.SealedBatch toWire(SealedBatch batch) {
    BatchHeader header = batch.header();
    return io.mirador.ingest.v1.SealedBatch.newBuilder()
        .setTenantId(header.tenant())
        .setAgentId(header.agentId())
        .setRecipientKeyId(header.recipientKeyId())
        .setSequence(header.sequence())
        .setSignalValue(header.signal().code())
        .setEncapsulatedKey(com.google.protobuf.ByteString.copyFrom(batch.encapsulatedKey()))
        .setPayload(com.google.protobuf.ByteString.copyFrom(batch.payload()))
        .build();
  }

  /** Checks and converts a received wire message. */
  public static Decoded fromWire(io.mirador.ingest.v1.SealedBatch wire, int maxPayloadBytes) {
    String problem =
        firstProblem(
            id(wire.getTenantId(), "tenant_id"),
            id(wire.getAgentId(), "agent_id"),
            id(wire.getRecipientKeyId(), "recipient_key_id"),
            wire.getSequence() < 0 ? "sequence must be below 2^63" : null,
            Signal.byCode(wire.getSignalValue()) == null ? "signal is not a known signal" : null,
            wire.getEncapsulatedKey().size() != ENCAPSULATED_KEY_BYTES
                ? "encapsulated_key must be " + ENCAPSULATED_KEY_BYTES + " bytes"
                : null,
            wire.getPayload().isEmpty() ? "payload is empty" : null,
            wire.getPayload().size() > maxPayloadBytes
                ? "payload exceeds " + maxPayloadBytes + " bytes"
                : null);
    if (problem != null) {
      return new Decoded.Invalid(problem);
    }
    BatchHeader header =
        new BatchHeader(
            wire.getTenantId(),
            wire.getAgentId(),
            wire.getRecipientKeyId(),
            wire.getSequence(),
            Signal.byCode(wire.getSignalValue()));
    return new Decoded.Valid(
        SealedBatch.of(
            header, wire.getEncapsulatedKey().toByteArray(), wire.getPayload().toByteArray()));
  }

  private static String id(String value, String field) {
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0) {
      return field + " is missing";
    }
    if (bytes > BatchHeader.MAX_ID_BYTES) {
      return field + " exceeds " + BatchHeader.MAX_ID_BYTES + " bytes";
    }
    return null;
  }

  private static String firstProblem(String... problems) {
    for (String problem : problems) {
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }
}
