package io.mirador.core.ingest;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * A test hook that kills the core (SIGKILL to its own process: no shutdown hook, no flush) at one
 * point of a store write of sealed batches, to prove that a crash there loses nothing and stores
 * nothing twice. Armed only by the system property {@value #PROPERTY} (never read from the
 * configuration file), set on the command line of a test's child process; unset, it does nothing.
 * The core logs a warning at start when it is armed.
 *
 * <p>Not {@link Runtime#halt}: that still runs the C library's exit handlers, and the embedded
 * engine's static destructors crash the JVM with a SIGSEGV report while its threads run. A SIGKILL
 * is the crash the issue describes; {@code halt} is only the fallback when {@code kill} cannot be
 * run.
 */
final class CrashPoint {
  static final String PROPERTY = "mirador.ingest.crash-point";

  /** The exit status of the fallback halt (a SIGKILL shows as 137 to a parent). */
  static final int EXIT_STATUS = 86;

  /** Where a write can be halted. */
  enum Point {
    /**
     * The redo log holds the requests' members but not the write's manifest: nothing names them,
     * nothing was inserted or acknowledged, and a restart must not insert them.
     */
    BEFORE_MANIFEST,
    /** The redo log holds the write (manifest and members); the store has not been asked. */
    BEFORE_STORE_WRITE,
    /** The store write returned; the replay window does not know the batches yet. */
    AFTER_STORE_WRITE;

    String propertyValue() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  static final CrashPoint NONE = new CrashPoint(Optional.empty(), CrashPoint::kill);

  private final Optional<Point> armed;
  private final Runnable crash;

  /** A crash point that runs {@code crash} (a unit test's stand-in for the kill) when reached. */
  CrashPoint(Optional<Point> armed, Runnable crash) {
    this.armed = armed;
    this.crash = crash;
  }

  /**
   * The point named by the system property, if any.
   *
   * @throws IllegalArgumentException if the property names no point
   */
  static CrashPoint fromSystemProperty() {
    String value = System.getProperty(PROPERTY);
    if (value == null || value.isBlank()) {
      return NONE;
    }
    for (Point p : Point.values()) {
      if (p.propertyValue().equals(value.strip())) {
        return new CrashPoint(Optional.of(p), CrashPoint::kill);
      }
    }
    throw new IllegalArgumentException(
        PROPERTY
            + " must be before-manifest, before-store-write or after-store-write, got '"
            + value
            + "'");
  }

  Optional<Point> armed() {
    return armed;
  }

  /** Kills the process if armed at {@code point}. */
  void reached(Point point) {
    if (armed.isPresent() && armed.get() == point) {
      System.err.println("crash point " + point.propertyValue() + " reached: halting");
      System.err.flush();
      crash.run();
    }
  }

  private static void kill() {
    try {
      new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid()))
          .inheritIO()
          .start()
          .waitFor();
      Thread.sleep(10_000); // the signal is on its way
    } catch (IOException | InterruptedException e) {
      // fall through to the halt
    }
    Runtime.getRuntime().halt(EXIT_STATUS);
  }
}
