package io.mirador.crypto;

import static java.util.Objects.requireNonNull;

/**
 * One sealed batch as it travels from agent to core: the header in clear (authenticated), the HPKE
 * encapsulated key and the payload. Immutable: arrays are copied in and out.
 *
 * <p>Payload layout: {@code version(1)=1 | hpke mode(1) | aead id(2, big-endian) | compression(1) |
 * AEAD ciphertext with 16-byte tag}. The first five bytes are also part of the associated data, so
 * none of them can be changed without failing the open.
 */
public final class SealedBatch {
  static final int FORMAT_VERSION = 1;
  static final int PREFIX_LENGTH = 5;

  private final BatchHeader header;
  private final byte[] encapsulatedKey;
  private final byte[] payload;

  private SealedBatch(BatchHeader header, byte[] encapsulatedKey, byte[] payload) {
    this.header = requireNonNull(header, "header");
    this.encapsulatedKey = requireNonNull(encapsulatedKey, "encapsulatedKey");
    this.payload = requireNonNull(payload, "payload");
  }

  /** A batch received from the wire (arrays copied). Nothing is validated until it is opened. */
  public static SealedBatch of(BatchHeader header, byte[] encapsulatedKey, byte[] payload) {
    return new SealedBatch(
        header,
        requireNonNull(encapsulatedKey, "encapsulatedKey").clone(),
        requireNonNull(payload, "payload").clone());
  }

  /** For the sealer, which hands over arrays nobody else holds. */
  static SealedBatch owning(BatchHeader header, byte[] encapsulatedKey, byte[] payload) {
    return new SealedBatch(header, encapsulatedKey, payload);
  }

  public BatchHeader header() {
    return header;
  }

  public byte[] encapsulatedKey() {
    return encapsulatedKey.clone();
  }

  public byte[] payload() {
    return payload.clone();
  }

  /** Payload size in bytes, without copying it. */
  public int payloadLength() {
    return payload.length;
  }

  byte[] payloadUnsafe() {
    return payload;
  }

  byte[] encapsulatedKeyUnsafe() {
    return encapsulatedKey;
  }

  /** The same batch under another header (what a tampering relay would do). */
  public SealedBatch withHeader(BatchHeader newHeader) {
    return new SealedBatch(newHeader, encapsulatedKey, payload);
  }

  @Override
  public String toString() {
    return "SealedBatch[" + header + ", payload=" + payload.length + " bytes]";
  }
}
