package io.mirador.crypto;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What a sealed batch is bound to: it opens only with exactly these values (they form the AEAD's
 * associated data), so a batch cannot be moved to another tenant, agent, key, sequence number or
 * signal.
 *
 * @param tenant the tenant id
 * @param agentId the sending agent's id
 * @param recipientKeyId the id of the core key the batch is sealed to
 * @param sequence the agent's per-sender sequence number (>= 0)
 * @param signal the OTLP signal
 */
public record BatchHeader(
    String tenant, String agentId, String recipientKeyId, long sequence, Signal signal) {
  /** Longest id in UTF-8 bytes. */
  public static final int MAX_ID_BYTES = 255;

  private static final byte[] DOMAIN = "mirador/batch/v1".getBytes(StandardCharsets.US_ASCII);

  public BatchHeader {
    checkId(tenant, "tenant");
    checkId(agentId, "agentId");
    checkId(recipientKeyId, "recipientKeyId");
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be >= 0, got " + sequence);
    }
    requireNonNull(signal, "signal");
  }

  /** The same header for another sequence number. */
  public BatchHeader withSequence(long newSequence) {
    return new BatchHeader(tenant, agentId, recipientKeyId, newSequence, signal);
  }

  private static void checkId(String value, String name) {
    requireNonNull(value, name);
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes > MAX_ID_BYTES) {
      throw new IllegalArgumentException(name + " must be 1 to " + MAX_ID_BYTES + " UTF-8 bytes");
    }
  }

  /** Canonical, length-prefixed encoding: no two different headers encode alike. */
  byte[] associatedData(byte[] payloadPrefix) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 3 * MAX_ID_BYTES);
    out.writeBytes(DOMAIN);
    out.writeBytes(payloadPrefix);
    writeId(out, tenant);
    writeId(out, agentId);
    writeId(out, recipientKeyId);
    for (int i = 7; i >= 0; i--) {
      out.write((int) (sequence >>> (8 * i)));
    }
    out.write(signal.code());
    return out.toByteArray();
  }

  private static void writeId(ByteArrayOutputStream out, String id) {
    byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
    out.write(bytes.length);
    out.writeBytes(bytes);
  }
}
