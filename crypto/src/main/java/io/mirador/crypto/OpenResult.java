package io.mirador.crypto;

/**
 * The outcome of opening a sealed batch. Rejection is a value, not an exception: the core counts
 * rejections by reason on its hot path.
 */
public sealed interface OpenResult {
  /** A batch that opened: authentic, for this header, decompressed. */
  record Opened(BatchHeader header, BatchAead aead, Compression compression, byte[] plaintext)
      implements OpenResult {}

  /** A batch that did not open. The detail names the check, never key material or plaintext. */
  record Rejected(Reason reason, String detail) implements OpenResult {}

  /** Why a batch was refused. */
  enum Reason {
    /** Structurally invalid: too short, wrong encapsulated key length. */
    MALFORMED,
    /** Unknown payload version, AEAD or compression id. */
    UNSUPPORTED_FORMAT,
    /** Sealed in base mode where auth mode was required, or the reverse. */
    MODE_MISMATCH,
    /** No openable key with the header's recipient key id (unknown or retired). */
    UNKNOWN_RECIPIENT_KEY,
    /** A Diffie-Hellman result was all zeros: a low-order point was sent. */
    WEAK_SHARED_SECRET,
    /** Wrong key, wrong sender, wrong header, or any modified byte. */
    AUTHENTICATION_FAILED,
    /** The plaintext would exceed the configured limit. */
    TOO_LARGE,
    /** The authenticated plaintext did not decompress. */
    DECOMPRESSION_FAILED
  }

  default boolean isOpened() {
    return this instanceof Opened;
  }
}
