package io.mirador.core.service.security;

import io.mirador.core.config.CoreConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.Console;
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
 * token mode, writes the token to a 0600 file under the data directory that {@code ./mirador up}
 * and the operator can read, and shows it once on standard output (outside the log) only when that
 * is a terminal; otherwise it prints the file's path. The file is removed at shutdown, when the
 * token stops being valid (RATIONALE.md, "Local admin token").
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
    boolean written = writeTokenFile(token);
    announce(System.out, token, tokenFile, written, standardOutputIsTerminal());
    LOG.info("authentication: local admin token (in " + tokenFile + ", mode 0600; never logged)");
  }

  /**
   * Shows the token on {@code out} only when it is a terminal: redirected to a file (a service
   * manager's journal, {@code > up.log}), standard output lands where nobody set the permissions,
   * so only the path of the 0600 file is printed. When that file could not be written either, the
   * token is shown nowhere and the output says so: the data directory must be fixed, a token in a
   * world-readable log would be worse than no token.
   */
  static void announce(
      PrintStream out, String token, Path tokenFile, boolean fileWritten, boolean terminal) {
    String line = "=".repeat(78);
    out.println(line);
    out.println(" Mirador core: local admin token (valid until this process stops)");
    out.println();
    if (terminal) {
      out.println("   Authorization: Bearer " + token);
      out.println();
    }
    if (fileWritten) {
      out.println(
          (terminal ? " Also in " : " In ")
              + tokenFile
              + " (mode 0600"
              + (terminal ? ")." : "; not printed: standard output is not a terminal).")
              + " Only accepted on localhost.");
    } else if (terminal) {
      out.println(" Not in a file: " + tokenFile + " could not be written (see the log).");
    } else {
      out.println(
          " Not shown: standard output is not a terminal and "
              + tokenFile
              + " could not be written (see the log); fix the data directory and restart.");
    }
    out.println(line);
    out.flush();
  }

  /**
   * Whether standard output (and input) is an interactive terminal. Since Java 22 {@link
   * System#console()} also answers for redirected streams; {@link Console#isTerminal()} tells.
   */
  static boolean standardOutputIsTerminal() {
    Console console = System.console();
    return console != null && console.isTerminal();
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

  private boolean writeTokenFile(String token) {
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
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warnf(
          "could not write the local admin token file %s (%s); the token is shown only on a"
              + " terminal",
          tokenFile, e.getClass().getSimpleName());
      return false;
    }
  }
}
