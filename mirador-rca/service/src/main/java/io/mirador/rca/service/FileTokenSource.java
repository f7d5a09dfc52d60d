package io.mirador.rca.service;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.online.SourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * A token kept in a file, such as the core's local admin token in the embedded default mode: read
 * on first use and again whenever the file's modification time changes (the core writes a new token
 * at each start). The file must be small and hold one token; its content is never logged.
 */
final class FileTokenSource implements TokenSource {
  private static final long MAX_BYTES = BearerTokens.MAX_LENGTH + 2;

  private final Path file;
  private FileTime readAt;
  private String token;

  FileTokenSource(Path file) {
    this.file = requireNonNull(file, "file");
  }

  @Override
  public synchronized String token() {
    try {
      FileTime modified = Files.getLastModifiedTime(file);
      if (token == null || !modified.equals(readAt)) {
        if (Files.size(file) > MAX_BYTES) {
          throw new SourceException(
              SourceException.Reason.UNAUTHENTICATED, "the token file is too large for one token");
        }
        String read = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!BearerTokens.valid(read)) {
          throw new SourceException(
              SourceException.Reason.UNAUTHENTICATED,
              "the token file does not hold a bearer token");
        }
        token = read;
        readAt = modified;
      }
      return token;
    } catch (IOException e) {
      throw new SourceException(
          SourceException.Reason.UNAUTHENTICATED,
          "the token file cannot be read: " + e.getClass().getSimpleName());
    }
  }
}
