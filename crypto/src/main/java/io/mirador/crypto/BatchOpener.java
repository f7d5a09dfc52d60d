package io.mirador.crypto;

import static java.util.Objects.requireNonNull;

import io.mirador.crypto.OpenResult.Opened;
import io.mirador.crypto.OpenResult.Reason;
import io.mirador.crypto.OpenResult.Rejected;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;

/**
 * Opens sealed batches on the core. A batch opens only with the recipient key named in its header,
 * the expected sender key (auth mode) and the exact header it was sealed with. Thread-safe.
 *
 * <p>Replay is not checked here: check the sequence number with a {@link ReplayGuard} before
 * opening and record it only after the batch opened and was stored.
 */
public final class BatchOpener {
  private static final int STATIC_DH_CACHE_LIMIT = 16_384;

  private final RecipientKeys keys;
  private final int maxPlaintextBytes;
  // DH(skR, pkS) per (recipient public key, sender public key): constant for a pair, so auth-mode
  // opens cost two scalar multiplications instead of three. Holds nothing the process lacks.
  private final ConcurrentHashMap<ByteBuffer, byte[]> staticDh = new ConcurrentHashMap<>();

  private BatchOpener(Builder b) {
    this.keys = b.keys;
    this.maxPlaintextBytes = b.maxPlaintextBytes;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Opens a batch that must be sealed in auth mode by {@code expectedSender}. */
  public OpenResult open(SealedBatch batch, X25519PublicKey expectedSender) {
    return open(batch, Hpke.Mode.AUTH, requireNonNull(expectedSender, "expectedSender"));
  }

  /** Opens a batch that must be sealed in base mode (sender not authenticated by HPKE). */
  public OpenResult openUnauthenticated(SealedBatch batch) {
    return open(batch, Hpke.Mode.BASE, null);
  }

  private OpenResult open(SealedBatch batch, Hpke.Mode mode, X25519PublicKey sender) {
    requireNonNull(batch, "batch");
    byte[] payload = batch.payloadUnsafe();
    byte[] enc = batch.encapsulatedKeyUnsafe();
    if (payload.length < SealedBatch.PREFIX_LENGTH + HpkeAead.TAG_LENGTH) {
      return new Rejected(Reason.MALFORMED, "payload too short");
    }
    if (enc.length != Hpke.ENC_LENGTH) {
      return new Rejected(Reason.MALFORMED, "encapsulated key must be 32 bytes");
    }
    if (payload[0] != SealedBatch.FORMAT_VERSION) {
      return new Rejected(Reason.UNSUPPORTED_FORMAT, "payload version " + (payload[0] & 0xff));
    }
    if (payload[1] != mode.id) {
      return new Rejected(
          Reason.MODE_MISMATCH, "sealed in mode " + (payload[1] & 0xff) + ", need " + mode);
    }
    BatchAead aead = BatchAead.byHpkeId(((payload[2] & 0xff) << 8) | (payload[3] & 0xff));
    if (aead == null) {
      return new Rejected(Reason.UNSUPPORTED_FORMAT, "unknown AEAD id");
    }
    Compression compression = Compression.byId(payload[4] & 0xff);
    if (compression == null) {
      return new Rejected(Reason.UNSUPPORTED_FORMAT, "unknown compression id");
    }
    BatchHeader header = batch.header();
    X25519KeyPair recipient = keys.find(header.recipientKeyId());
    if (recipient == null) {
      return new Rejected(Reason.UNKNOWN_RECIPIENT_KEY, "no openable key with that id");
    }
    // Refuse oversized payloads before any crypto. Compressed data may exceed its plaintext by
    // a little on incompressible input (zstd and deflate bounds are below 1/128 + a header).
    long slack = compression == Compression.NONE ? 0 : maxPlaintextBytes / 128 + 1024;
    long maxPayload =
        (long) maxPlaintextBytes + slack + SealedBatch.PREFIX_LENGTH + HpkeAead.TAG_LENGTH;
    if (payload.length > maxPayload) {
      return new Rejected(Reason.TOO_LARGE, "payload exceeds the plaintext limit");
    }
    byte[] prefix = java.util.Arrays.copyOf(payload, SealedBatch.PREFIX_LENGTH);
    byte[] body;
    try {
      Hpke.Context ctx =
          Hpke.setupRecipient(
              mode,
              aead.hpke,
              enc,
              recipient,
              BatchSealer.INFO,
              sender,
              sender == null ? null : staticDh(recipient, sender));
      body =
          ctx.open(
              header.associatedData(prefix),
              payload,
              SealedBatch.PREFIX_LENGTH,
              payload.length - SealedBatch.PREFIX_LENGTH);
    } catch (Hpke.WeakSharedSecretException e) {
      return new Rejected(Reason.WEAK_SHARED_SECRET, e.getMessage());
    } catch (AEADBadTagException e) {
      return new Rejected(Reason.AUTHENTICATION_FAILED, "AEAD tag mismatch");
    }
    try {
      byte[] plaintext = Compressors.decompress(compression, body, maxPlaintextBytes);
      return new Opened(header, aead, compression, plaintext);
    } catch (Compressors.DecompressionException e) {
      return new Rejected(
          e.tooLarge ? Reason.TOO_LARGE : Reason.DECOMPRESSION_FAILED, e.getMessage());
    }
  }

  private byte[] staticDh(X25519KeyPair recipient, X25519PublicKey sender)
      throws Hpke.WeakSharedSecretException {
    ByteBuffer pair =
        ByteBuffer.wrap(Bytes.concat(recipient.publicKey().bytesUnsafe(), sender.bytesUnsafe()));
    byte[] cached = staticDh.get(pair);
    if (cached == null) {
      cached = Hpke.dh(recipient, sender);
      if (staticDh.size() >= STATIC_DH_CACHE_LIMIT) {
        staticDh.clear();
      }
      staticDh.put(pair, cached);
    }
    return cached;
  }

  /** Configures a {@link BatchOpener}. */
  public static final class Builder {
    private RecipientKeys keys;
    private int maxPlaintextBytes = 64 << 20;

    private Builder() {}

    /** The core's keys: usually {@link Keyring#recipientKeys()}. */
    public Builder recipientKeys(RecipientKeys keys) {
      this.keys = requireNonNull(keys, "keys");
      return this;
    }

    /** The largest decompressed batch accepted (default 64 MiB). */
    public Builder maxPlaintextBytes(int maxPlaintextBytes) {
      this.maxPlaintextBytes = maxPlaintextBytes;
      return this;
    }

    public BatchOpener build() {
      requireNonNull(keys, "recipientKeys");
      if (maxPlaintextBytes <= 0) {
        throw new IllegalArgumentException("maxPlaintextBytes must be > 0");
      }
      CipherWarmup.start();
      return new BatchOpener(this);
    }
  }
}
