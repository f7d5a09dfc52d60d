package io.mirador.installer.doctor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The machine itself: /proc, getconf, the file system, a local bind to test a port. */
public final class LinuxProbe implements SystemProbe {
  @Override
  public String cpuinfo() throws IOException {
    return Files.readString(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8);
  }

  @Override
  public String meminfo() throws IOException {
    return Files.readString(Path.of("/proc/meminfo"), StandardCharsets.UTF_8);
  }

  @Override
  public String limits() throws IOException {
    return Files.readString(Path.of("/proc/self/limits"), StandardCharsets.UTF_8);
  }

  @Override
  public Optional<String> glibcVersion() {
    // getconf ships with glibc itself (libc-bin); musl has no GNU_LIBC_VERSION.
    for (List<String> command :
        List.of(List.of("getconf", "GNU_LIBC_VERSION"), List.of("ldd", "--version"))) {
      try {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          continue;
        }
        Optional<String> v = DoctorChecks.parseGlibcVersion(out);
        if (v.isPresent()) {
          return v;
        }
      } catch (IOException e) {
        // try the next command
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  @Override
  public long usableBytes(Path path) throws IOException {
    Path p = path.toAbsolutePath();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    return Files.getFileStore(p == null ? Path.of("/") : p).getUsableSpace();
  }

  @Override
  public boolean portFree(String host, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public Instant now() {
    return Instant.now();
  }
}
