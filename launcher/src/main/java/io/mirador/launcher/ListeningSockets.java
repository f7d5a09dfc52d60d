package io.mirador.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who listens on a TCP port, as Linux shows it: the listening sockets of {@code /proc/net/tcp} and
 * {@code tcp6} give the socket inode, and the {@code socket:[inode]} links under {@code
 * /proc/<pid>/fd} the process. Another user's descriptors are not readable without privileges: the
 * answer is then empty, and callers say "in use" without a name.
 */
final class ListeningSockets {
  /** A process holding a port. */
  record Holder(long pid, String command) {
    @Override
    public String toString() {
      return "pid " + pid + " (" + command + ")";
    }
  }

  private static final String LISTEN = "0A";
  private static final int MAX_COMMAND = 160;

  private final Path proc;

  ListeningSockets(Path proc) {
    this.proc = proc;
  }

  static ListeningSockets system() {
    return new ListeningSockets(Path.of("/proc"));
  }

  /** The process listening on {@code port}, when this user may see it. */
  Optional<Holder> holder(int port) {
    Set<String> inodes = new HashSet<>();
    for (String table : List.of("net/tcp", "net/tcp6")) {
      try {
        inodes.addAll(listeningInodes(Files.readAllLines(proc.resolve(table)), port));
      } catch (IOException | RuntimeException unreadable) {
        // no such table (IPv6 off) or not readable: fewer answers
      }
    }
    if (inodes.isEmpty()) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, "[0-9]*")) {
      for (Path process : processes) {
        if (holdsAny(process.resolve("fd"), inodes)) {
          long pid = Long.parseLong(process.getFileName().toString());
          return Optional.of(new Holder(pid, command(process)));
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      // fall through: in use, holder unknown
    }
    return Optional.empty();
  }

  /**
   * The inodes of the sockets listening on {@code port} in one {@code /proc/net/tcp}-format table:
   * {@code sl local_address rem_address st ... uid timeout inode}, addresses as hex {@code
   * ip:port}.
   */
  static Set<String> listeningInodes(List<String> lines, int port) {
    Set<String> inodes = new HashSet<>();
    String wanted = String.format(Locale.ROOT, "%04X", port);
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 10 || !f[0].endsWith(":")) {
        continue; // the header, or a line of another format
      }
      int colon = f[1].lastIndexOf(':');
      if (colon < 0 || !f[1].substring(colon + 1).equalsIgnoreCase(wanted)) {
        continue;
      }
      if (f[3].equalsIgnoreCase(LISTEN) && !f[9].equals("0")) {
        inodes.add(f[9]);
      }
    }
    return inodes;
  }

  private static boolean holdsAny(Path fds, Set<String> inodes) {
    try (DirectoryStream<Path> links = Files.newDirectoryStream(fds)) {
      for (Path link : links) {
        try {
          String target = Files.readSymbolicLink(link).toString();
          if (target.startsWith("socket:[")
              && inodes.contains(target.substring(8, target.length() - 1))) {
            return true;
          }
        } catch (IOException | RuntimeException gone) {
          // closed meanwhile
        }
      }
    } catch (IOException | RuntimeException notOurs) {
      // another user's process, or exited
    }
    return false;
  }

  /** The command line, NULs as spaces, control characters dropped, shortened. */
  private static String command(Path process) {
    try {
      byte[] raw = Files.readAllBytes(process.resolve("cmdline"));
      StringBuilder b = new StringBuilder();
      for (char c : new String(raw, StandardCharsets.UTF_8).toCharArray()) {
        if (c == 0) {
          b.append(' ');
        } else if (!Character.isISOControl(c)) {
          b.append(c);
        }
      }
      String text = b.toString().strip();
      if (text.isEmpty()) {
        text = Files.readString(process.resolve("comm"), StandardCharsets.UTF_8).strip();
      }
      return text.length() > MAX_COMMAND ? text.substring(0, MAX_COMMAND) + "..." : text;
    } catch (IOException | RuntimeException e) {
      return "command not readable";
    }
  }
}
