package io.mirador.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the load harnesses read about a child process and the machine from Linux's /proc. */
public final class ProcFs {
  private ProcFs() {}

  /** User plus system CPU time of a process, all its threads (native ones too), in seconds. */
  public static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // After the command name: utime and stime are fields 14 and 15 (1-based, man 5 proc), in
    // clock ticks of 1/100 s.
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  /** A /proc/PID/status field such as {@code VmRSS:} in bytes (kB in the file); 0 once gone. */
  public static long statusBytes(long pid, String field) {
    return statusValue(pid, field) * 1024;
  }

  /**
   * The number of a /proc/PID/status field such as {@code Threads:} (kB for a size); 0 once gone.
   */
  public static long statusValue(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process is gone
    }
    return 0;
  }

  /** The one-minute load average, or -1 when /proc/loadavg cannot be read. */
  public static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
