package io.mirador.installer.doctor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * What the doctor reads from the machine. The real one reads /proc, the file system and the clock;
 * tests give fixed inputs.
 */
public interface SystemProbe {
  /** The text of /proc/cpuinfo. */
  String cpuinfo() throws IOException;

  /** The text of /proc/meminfo. */
  String meminfo() throws IOException;

  /** The text of /proc/self/limits. */
  String limits() throws IOException;

  /** The C library's version ("2.36"), if it is glibc. */
  Optional<String> glibcVersion();

  /** Usable bytes on the file system holding {@code path} (or its nearest existing parent). */
  long usableBytes(Path path) throws IOException;

  /** True when nothing listens on {@code host:port} (a local bind succeeds). */
  boolean portFree(String host, int port);

  Instant now();
}
