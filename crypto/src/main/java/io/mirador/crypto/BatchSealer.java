package io.mirador.crypto;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.function.Supplier;

/**
 * Seals batches on the agent for one recipient key of the core (HPKE, RFC 9180). With a sender key
 * pair it uses auth mode, so the core knows which agent sealed the batch; without, base mode.
 * Thread-safe.
 */
public final class BatchSealer {
  static final byte[] INFO = Bytes.ascii("mirador/ingest/v1");

  private final String recipientKeyId;
  private final X25519PublicKey recipientKey;
  private final X25519KeyPair sender;
  private final BatchAead aead;
  private final Compression compression;
  private final int compressionLevel;
  private final int maxPlaintextBytes;
  private final Supplier<X25519KeyPair> ephemeralKeys;
  private final byte[] staticDh;

  private BatchSealer(Builder b, byte[] staticDh) {
    this.staticDh = staticDh;
    this.recipientKeyId = b.recipientKeyId;
    this.recipientKey = b.recipientKey;
    this.sender = b.sender;
    this.aead = b.aead;
    this.compression = b.compression;
    this.compressionLevel = b.compressionLevel;
    this.maxPlaintextBytes = b.maxPlaintextBytes;
    this.ephemeralKeys = b.ephemeralKeys;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String recipientKeyId() {
    return recipientKeyId;
  }

  /**
   * Seals {@code plaintext} (an encoded OTLP export request) under {@code header}.
   *
   * @throws IllegalArgumentException if the header names another recipient key or the plaintext is
   *     larger than the limit
   */
  public SealedBatch seal(BatchHeader header, byte[] plaintext) {
    requireNonNull(header, "header");
    requireNonNull(plaintext, "plaintext");
    if (!header.recipientKeyId().equals(recipientKeyId)) {
      throw new IllegalArgumentException(
          "header.recipientKeyId '"
              + header.recipientKeyId()
              + "' is not this sealer's key '"
              + recipientKeyId
              + "'");
    }
    if (plaintext.length > maxPlaintextBytes) {
      throw new IllegalArgumentException(
          "plaintext of " + plaintext.length + " bytes exceeds " + maxPlaintextBytes);
    }
    Hpke.Mode mode = sender == null ? Hpke.Mode.BASE : Hpke.Mode.AUTH;
    byte[] body = Compressors.compress(compression, plaintext, compressionLevel);
    byte[] prefix = {
      (byte) SealedBatch.FORMAT_VERSION,
      (byte) mode.id,
      (byte) (aead.hpke.id >>> 8),
      (byte) aead.hpke.id,
      (byte) compression.id()
    };
    byte[] ad = header.associatedData(prefix);
    try {
      Hpke.SenderSetup setup =
          Hpke.setupSender(
              mode, aead.hpke, recipientKey, INFO, sender, ephemeralKeys.get(), staticDh);
      byte[] payload = new byte[SealedBatch.PREFIX_LENGTH + body.length + HpkeAead.TAG_LENGTH];
      System.arraycopy(prefix, 0, payload, 0, prefix.length);
      setup.context().seal(ad, body, 0, body.length, payload, SealedBatch.PREFIX_LENGTH);
      return SealedBatch.owning(header, setup.enc(), payload);
    } catch (Hpke.WeakSharedSecretException e) {
      // Unreachable for a recipient key validated in build(): only low-order points give zero.
      throw new IllegalStateException(e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AEAD unavailable: " + e.getMessage(), e);
    }
  }

  /** Configures a {@link BatchSealer}; {@link #build()} validates everything. */
  public static final class Builder {
    private String recipientKeyId;
    private X25519PublicKey recipientKey;
    private X25519KeyPair sender;
    private BatchAead aead = BatchAead.AES_256_GCM;
    private Compression compression = Compression.ZSTD;
    private int compressionLevel = 1;
    private int maxPlaintextBytes = 64 << 20;
    private SecureRandom random;
    private Supplier<X25519KeyPair> ephemeralKeys;

    private Builder() {}

    /** The core's key to seal to, with its id from the core's published keyset. */
    public Builder recipient(String keyId, X25519PublicKey publicKey) {
      this.recipientKeyId = requireNonNull(keyId, "keyId");
      this.recipientKey = requireNonNull(publicKey, "publicKey");
      return this;
    }

    /** The agent's own key pair: turns on HPKE auth mode. */
    public Builder sender(X25519KeyPair senderKeyPair) {
      this.sender = requireNonNull(senderKeyPair, "senderKeyPair");
      return this;
    }

    public Builder aead(BatchAead aead) {
      this.aead = requireNonNull(aead, "aead");
      return this;
    }

    /** Compression and level (zstd 1..19, gzip 1..9; ignored for NONE). */
    public Builder compression(Compression compression, int level) {
      this.compression = requireNonNull(compression, "compression");
      this.compressionLevel = level;
      return this;
    }

    public Builder maxPlaintextBytes(int maxPlaintextBytes) {
      this.maxPlaintextBytes = maxPlaintextBytes;
      return this;
    }

    public Builder random(SecureRandom random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    /** Test hook: fixed ephemeral keys, to replay RFC 9180 vectors. Never in production. */
    Builder ephemeralKeys(Supplier<X25519KeyPair> ephemeralKeys) {
      this.ephemeralKeys = requireNonNull(ephemeralKeys, "ephemeralKeys");
      return this;
    }

    public BatchSealer build() {
      requireNonNull(recipientKeyId, "recipient");
      if (recipientKeyId.isEmpty()) {
        throw new IllegalArgumentException("recipient keyId must not be empty");
      }
      if (maxPlaintextBytes <= 0) {
        throw new IllegalArgumentException("maxPlaintextBytes must be > 0");
      }
      switch (compression) {
        case ZSTD -> checkLevel(1, 19);
        case GZIP -> checkLevel(1, 9);
        case NONE -> {}
      }
      SecureRandom rnd = random != null ? random : new SecureRandom();
      // A low-order recipient key gives an all-zero DH output for every scalar: refuse it now.
      if (X25519KeyPair.generate(rnd).agree(recipientKey) == null) {
        throw new IllegalArgumentException(
            "recipient public key is a low-order point (all-zero shared secret)");
      }
      if (ephemeralKeys == null) {
        ephemeralKeys = () -> X25519KeyPair.generate(rnd);
      }
      byte[] staticDh = null;
      if (sender != null) {
        staticDh = sender.agree(recipientKey); // non-null: the recipient key is not low-order
      }
      CipherWarmup.start();
      return new BatchSealer(this, staticDh);
    }

    private void checkLevel(int min, int max) {
      if (compressionLevel < min || compressionLevel > max) {
        throw new IllegalArgumentException(
            compression + " level must be " + min + ".." + max + ", got " + compressionLevel);
      }
    }
  }
}
