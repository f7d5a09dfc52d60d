package io.mirador.installer.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The doctor's checks as functions of their inputs (what the probe read). */
public final class DoctorChecks {
  /** The embedded engine's x86-64 baseline (ClickHouse's x86-64-v2 build): fail without them. */
  static final List<String> ENGINE_CPU_FLAGS = List.of("sse4_2", "popcnt", "ssse3");

  /** The Temurin 25 runtime's glibc floor; the engine's own comes from its symbol versions. */
  static final String RUNTIME_GLIBC = "2.17";

  static final long GIB = 1L << 30;
  static final long MIB = 1L << 20;
  private static final Pattern GLIBC =
      Pattern.compile("(?:glibc|GLIBC|GNU libc)[^0-9]*([0-9]+\\.[0-9]+)");
  private static final Pattern LDD = Pattern.compile("ldd \\(.*\\) ([0-9]+\\.[0-9]+)");
  private static final Pattern SYMBOL_VERSION = Pattern.compile("GLIBC_([0-9]+)\\.([0-9]+)");

  private DoctorChecks() {}

  static Check cpu(String cpuinfo, boolean engine) {
    Set<String> flags = new HashSet<>();
    for (String line : cpuinfo.split("\n")) {
      if (line.startsWith("flags")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          flags.addAll(Arrays.asList(line.substring(colon + 1).trim().split("\\s+")));
        }
        break; // every core of one machine reports the same flags
      }
    }
    if (!engine) {
      return Check.ok("cpu", "no engine in this bundle: no CPU feature required");
    }
    if (flags.isEmpty()) {
      return Check.fail(
          "cpu", "no 'flags' line in /proc/cpuinfo: cannot tell if the CPU runs the engine");
    }
    TreeSet<String> missing = new TreeSet<>(ENGINE_CPU_FLAGS);
    missing.removeAll(flags);
    if (!missing.isEmpty()) {
      return Check.fail(
          "cpu",
          "the embedded ClickHouse engine needs " + String.join(", ", missing) + " (missing)");
    }
    return Check.ok(
        "cpu",
        String.join(", ", ENGINE_CPU_FLAGS)
            + " present"
            + (flags.contains("avx2")
                ? "; avx2 present (faster paths)"
                : "; no avx2 (slower paths)"));
  }

  public static Optional<String> parseGlibcVersion(String output) {
    for (Pattern p : List.of(LDD, GLIBC)) {
      Matcher m = p.matcher(output);
      if (m.find()) {
        return Optional.of(m.group(1));
      }
    }
    return Optional.empty();
  }

  /** The highest GLIBC_x.y symbol version in the first bytes of a library (its .dynstr). */
  static Optional<String> requiredGlibc(Path library) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(library)) {
      head = in.readNBytes(8 << 20);
    }
    Matcher m = SYMBOL_VERSION.matcher(new String(head, StandardCharsets.ISO_8859_1));
    String best = null;
    while (m.find()) {
      String v = m.group(1) + "." + m.group(2);
      if (best == null || compareVersions(v, best) > 0) {
        best = v;
      }
    }
    return Optional.ofNullable(best);
  }

  static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int p = i < x.length ? Integer.parseInt(x[i]) : 0;
      int q = i < y.length ? Integer.parseInt(y[i]) : 0;
      if (p != q) {
        return Integer.compare(p, q);
      }
    }
    return 0;
  }

  static Check glibc(Optional<String> installed, String required) {
    if (installed.isEmpty()) {
      return Check.fail(
          "glibc",
          "no GNU C library found (getconf GNU_LIBC_VERSION): the runtime needs glibc >= "
              + required);
    }
    if (compareVersions(installed.get(), required) < 0) {
      return Check.fail(
          "glibc", "glibc " + installed.get() + " is older than the " + required + " required");
    }
    return Check.ok("glibc", "glibc " + installed.get() + " (>= " + required + " required)");
  }

  static long meminfoBytes(String meminfo, String key) {
    for (String line : meminfo.split("\n")) {
      if (line.startsWith(key + ":")) {
        String[] parts = line.substring(key.length() + 1).trim().split("\\s+");
        try {
          long v = Long.parseLong(parts[0]);
          return parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? v * 1024 : v;
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  static Check memory(String meminfo, long required) {
    long available = meminfoBytes(meminfo, "MemAvailable");
    if (available < 0) {
      return Check.warn("memory", "MemAvailable not in /proc/meminfo: not checked");
    }
    String text = mib(available) + " available, " + mib(required) + " needed";
    return available < required ? Check.fail("memory", text) : Check.ok("memory", text);
  }

  static Check disk(long usable, long required, Path where) {
    String text = mib(usable) + " free under " + where + ", " + mib(required) + " needed";
    return usable < required ? Check.fail("disk", text) : Check.ok("disk", text);
  }

  /** The soft "Max open files" limit from /proc/self/limits, or -1. */
  static long openFilesSoftLimit(String limits) {
    for (String line : limits.split("\n")) {
      if (line.startsWith("Max open files")) {
        String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
        if (parts[0].equals("unlimited")) {
          return Long.MAX_VALUE;
        }
        try {
          return Long.parseLong(parts[0]);
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  static Check openFiles(String limits, long required) {
    long soft = openFilesSoftLimit(limits);
    if (soft < 0) {
      return Check.warn("open-files", "no 'Max open files' in /proc/self/limits: not checked");
    }
    String text =
        "soft limit " + (soft == Long.MAX_VALUE ? "unlimited" : soft) + ", " + required + " needed";
    return soft < required
        ? Check.fail(
            "open-files", text + " (ulimit -n " + required + ", or LimitNOFILE in the unit)")
        : Check.ok("open-files", text);
  }

  static Check clock(Instant now, Instant builtAt) {
    if (now.isBefore(builtAt)) {
      return Check.fail(
          "clock",
          "the clock says "
              + now
              + ", before the bundle was built ("
              + builtAt
              + "): set the time (TLS, retention and backups depend on it)");
    }
    return Check.ok("clock", now + " (bundle built " + builtAt + ")");
  }

  static Check ports(Map<String, Integer> ports, String host, SystemProbe probe) {
    TreeSet<String> busy = new TreeSet<>();
    for (Map.Entry<String, Integer> e : ports.entrySet()) {
      if (!probe.portFree(host, e.getValue())) {
        busy.add(e.getKey() + " " + host + ":" + e.getValue());
      }
    }
    if (!busy.isEmpty()) {
      return Check.fail(
          "ports", "in use: " + String.join(", ", busy) + " (choose others with --port NAME=N)");
    }
    return Check.ok("ports", "free: " + ports);
  }

  static Check schema(OptionalInt dataSchema, int releaseSchema, boolean engine) {
    if (!engine) {
      return Check.ok("schema", "no store in this bundle");
    }
    if (dataSchema.isEmpty()) {
      return Check.ok(
          "schema", "no data yet (the release migrates to schema " + releaseSchema + ")");
    }
    int data = dataSchema.getAsInt();
    if (data > releaseSchema) {
      return Check.fail(
          "schema",
          "the data is at schema "
              + data
              + ", newer than this release's "
              + releaseSchema
              + ": a downgrade across a schema version needs a backup of that version (restore BACKUP)");
    }
    return Check.ok(
        "schema",
        "data at schema "
            + data
            + ", release at "
            + releaseSchema
            + (data < releaseSchema ? " (migrates at start)" : ""));
  }

  static String mib(long bytes) {
    return (bytes / MIB) + " MiB";
  }
}
