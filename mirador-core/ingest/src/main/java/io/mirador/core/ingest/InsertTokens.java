package io.mirador.core.ingest;

import io.mirador.store.InsertToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The token of one store write of sealed batches: a digest of the batches' identities (tenant,
 * agent, sequence number, signal, in write order) and of a random value drawn for this write. The
 * redo log keeps the token with the write, and only the redo repeats it; the random value makes
 * sure that no other write, ever, gets the same token, even one of the same batches (a write that
 * failed and was retried in another group, or an agent that reset its sequence numbers): a token
 * that matched an earlier write would make the engine drop rows that were never stored (ingest
 * RATIONALE.md, exactly once).
 */
final class InsertTokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private InsertTokens() {}

  static InsertToken forWrite(List<BatchIdentity> batches) {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    return forWrite(batches, nonce);
  }

  static InsertToken forWrite(List<BatchIdentity> batches, byte[] nonce) {
    if (batches.isEmpty()) {
      throw new IllegalArgumentException("a write of sealed batches names at least one");
    }
    MessageDigest digest = sha256();
    digest.update(nonce);
    for (BatchIdentity b : batches) {
      field(digest, b.tenant());
      field(digest, b.agentId());
      field(digest, Long.toString(b.sequence()));
      field(digest, b.signal().name());
    }
    return new InsertToken("mirador-" + HexFormat.of().formatHex(digest.digest(), 0, 24));
  }

  private static void field(MessageDigest digest, String value) {
    digest.update(value.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
