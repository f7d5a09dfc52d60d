package io.mirador.core.service.security;

import io.mirador.core.config.CoreConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.jboss.logging.Logger;

/**
 * At start, checks the authentication settings (a bad combination stops the start) and, in local
 * token mode, shows the token once: on standard output, outside the log, and in a 0600 file under
 * the data directory that {@code ./mirador up} and the operator can read. The file is removed at
 * shutdown, when the token stops being valid (RATIONALE.md, "Local admin token").
 */
@Singleton
final class LocalTokenAnnouncer {
  static final String TOKEN_FILE = "local-admin.token";
  private static final Logger LOG = Logger.getLogger(LocalTokenAnnouncer.class);

  private final AuthSettings settings;
  private final Path tokenFile;

  LocalTokenAnnouncer(AuthSettings settings, CoreConfig config) {
    this.settings = settings;
    this.tokenFile = config.dataDir().resolve(TOKEN_FILE);
  }

  void onStart(@Observes StartupEvent event) {
    if (settings.oidcEnabled()) {
      LOG.info("authentication: OIDC bearer tokens");
    }
    if (settings.localToken().isEmpty()) {
      return;
    }
    String token = settings.localToken().get().takeForDisplay();
    if (token == null) {
      return;
    }
    writeTokenFile(token);
    PrintStream out = System.out;
    String line = "=".repeat(78);
    out.println(line);
    out.println(" Mirador core: local admin token (valid until this process stops)");
    out.println();
    out.println("   Authorization: Bearer " + token);
    out.println();
    out.println(" Also in " + tokenFile + " (mode 0600). Only accepted on " + "localhost.");
    out.println(line);
    out.flush();
    LOG.info("authentication: local admin token (shown on standard output, not logged)");
  }

  void onStop(@Observes ShutdownEvent event) {
    if (settings.localTokenEnabled()) {
      try {
        Files.deleteIfExists(tokenFile);
      } catch (IOException e) {
        LOG.warnf("could not remove %s: %s", tokenFile, e.getClass().getSimpleName());
      }
    }
  }

  private void writeTokenFile(String token) {
    try {
      Files.createDirectories(tokenFile.getParent());
      Path temp =
          Files.createTempFile(
              tokenFile.getParent(),
              ".local-admin",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temp, token + "\n", StandardCharsets.US_ASCII);
      try {
        Files.move(
            temp, tokenFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, tokenFile, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warnf(
          "could not write the local admin token file %s (%s); the token is on standard output only",
          tokenFile, e.getClass().getSimpleName());
    }
  }
}
