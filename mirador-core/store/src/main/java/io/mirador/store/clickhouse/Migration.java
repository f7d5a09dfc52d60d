package io.mirador.store.clickhouse;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One versioned schema change. Its statements are idempotent ({@code IF NOT EXISTS}, {@code IF
 * EXISTS}) so that a migration interrupted half-way, or run by two processes at once, completes on
 * the next start. The checksum of its statements is recorded, so an edited migration that already
 * ran is detected instead of silently diverging.
 */
record Migration(int version, String description, List<String> statements) {

  Migration {
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1");
    }
    requireNonNull(description, "description");
    statements = List.copyOf(statements);
  }

  String checksum() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String statement : statements) {
        digest.update(statement.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
