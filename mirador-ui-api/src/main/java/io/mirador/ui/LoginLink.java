package io.mirador.ui;

import io.mirador.ui.session.LoginCodes;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The embedded mode's one-time login link. Once the HTTP server listens, a code is minted and the
 * full link written to {@code <data>/login-link} (file 0600 in a 0700 directory). The link itself
 * is printed only to a terminal; when standard output is not one (a service manager's log is often
 * world-readable) only the file's path is. Deleting the file asks for a new link: it is re-minted
 * within a second (RATIONALE.md, "the login link").
 */
@Singleton
final class LoginLink {
  static final String FILE = "login-link";
  private static final Logger LOG = Logger.getLogger(LoginLink.class);

  private final LoginCodes codes;
  private final UiConfig config;
  private final Path file;
  private ScheduledExecutorService watcher;
  private volatile URI base;

  LoginLink(LoginCodes codes, UiConfig config) {
    this.codes = codes;
    this.config = config;
    this.file = config.dataDir().toAbsolutePath().resolve(FILE);
  }

  /** Whether this ui-api offers login links: local mode with the core's token file. */
  boolean enabled() {
    return !config.oidc().enabled() && config.localTokenFile().isPresent();
  }

  Path file() {
    return file;
  }

  /** Fired (asynchronously) once the plain-HTTP server listens. */
  void onHttpStart(@ObservesAsync HttpServerStart start) {
    if (!enabled()) {
      return;
    }
    int port = start.options().getPort();
    if (port <= 0) {
      // A random port (tests): Quarkus publishes the bound one as a system property.
      port =
          Optional.ofNullable(Integer.getInteger("quarkus.http.port"))
              .or(() -> Optional.ofNullable(Integer.getInteger("quarkus.http.test-port")))
              .orElse(0);
    }
    base = config.publicUrl().orElse(URI.create("http://127.0.0.1:" + port));
    synchronized (this) {
      if (watcher != null) {
        return;
      }
      publish(true);
      watcher =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "mirador-login-link");
                t.setDaemon(true);
                return t;
              });
      watcher.scheduleWithFixedDelay(this::republishIfDeleted, 1, 1, TimeUnit.SECONDS);
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    synchronized (this) {
      if (watcher != null) {
        watcher.shutdownNow();
      }
    }
    if (enabled()) {
      try {
        Files.deleteIfExists(file); // its code dies with this process
      } catch (IOException e) {
        LOG.warnf("could not remove %s: %s", file, e.getClass().getSimpleName());
      }
    }
  }

  /** Replaces the link: the file goes, and the watcher writes a new one within a second. */
  void renew() {
    if (enabled()) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warnf("could not remove %s: %s", file, e.getClass().getSimpleName());
      }
    }
  }

  private void republishIfDeleted() {
    if (!Files.exists(file)) {
      publish(false);
    }
  }

  private synchronized void publish(boolean atStart) {
    String link = base.toString().replaceAll("/+$", "") + "/login?code=" + codes.mint();
    try {
      write(link);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warnf(
          "could not write the login link file %s (%s): sign in with the admin token instead",
          file, e.getClass().getSimpleName());
      return;
    }
    PrintStream out = System.out;
    java.io.Console console = System.console();
    if (console != null && console.isTerminal()) {
      out.println("Mirador UI: open " + link + " (one use, valid 10 minutes)");
    } else {
      out.println(
          "Mirador UI: "
              + (atStart ? "" : "new ")
              + "one-time login link (valid 10 minutes) in "
              + file);
    }
    out.flush();
  }

  private void write(String link) throws IOException {
    Path dir = file.getParent();
    Files.createDirectories(
        dir,
        PosixFilePermissions.asFileAttribute(
            EnumSet.of(
                PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE)));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Path temp =
        Files.createTempFile(
            dir,
            ".login-link",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temp, link + "\n", StandardCharsets.US_ASCII);
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
