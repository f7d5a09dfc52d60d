package io.mirador.benchmarks.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of a child JVM's capped regions is resident: the Java heap (capped by {@code -Xmx}) and
 * the JIT's code cache (capped by {@code ReservedCodeCacheSize}). Their address ranges are asked
 * once with {@code jcmd PID GC.heap_info} and {@code Compiler.codecache}, their resident bytes read
 * from the {@code Rss} of the mappings in {@code /proc/PID/smaps} at every sample. Both regions
 * keep a page resident once touched, so RSS rises for a while after a start (the collector reaching
 * the whole heap, the JIT compiling the hot code) and stops at the cap; what grows outside them is
 * native memory (the engine, direct buffers, malloc, metaspace), where a leak has no cap.
 */
final class JvmCappedRegions {
  private static final Pattern ADDRESS = Pattern.compile("0x([0-9a-f]{8,16})");
  private static final Pattern MAPPING = Pattern.compile("^([0-9a-f]+)-([0-9a-f]+) ");
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final long pid;
  private List<long[]> ranges;
  private long triedAt = System.nanoTime() - RETRY_NANOS;

  JvmCappedRegions(long pid) {
    this.pid = pid;
  }

  /**
   * Resident bytes of the heap and the code cache, or -1 while their ranges are unknown (the JVM
   * not attachable yet: jcmd is retried every 30 s) or the process is gone.
   */
  long residentBytes() {
    if (ranges == null && System.nanoTime() - triedAt >= RETRY_NANOS) {
      triedAt = System.nanoTime();
      long[] heap = rangeOf(jcmd("GC.heap_info"));
      long[] code = rangeOf(jcmd("Compiler.codecache"));
      if (heap != null && code != null) {
        ranges = List.of(heap, code);
      }
    }
    if (ranges == null) {
      return -1;
    }
    try {
      return residentIn(Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps")), ranges);
    } catch (IOException | RuntimeException gone) {
      return -1;
    }
  }

  /** The Rss (kB in the file, bytes returned) of the smaps mappings that overlap the ranges. */
  static long residentIn(List<String> smaps, List<long[]> ranges) {
    long kb = 0;
    boolean inside = false;
    for (String line : smaps) {
      Matcher m = MAPPING.matcher(line);
      if (m.find()) {
        long start = Long.parseUnsignedLong(m.group(1), 16);
        long end = Long.parseUnsignedLong(m.group(2), 16);
        inside = false;
        for (long[] r : ranges) {
          inside |= Long.compareUnsigned(start, r[1]) < 0 && Long.compareUnsigned(end, r[0]) > 0;
        }
      } else if (inside && line.startsWith("Rss:")) {
        kb += Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
      }
    }
    return kb * 1024;
  }

  /**
   * The lowest and highest address that a jcmd report prints in brackets ({@code GC.heap_info}
   * prints every generation or region as {@code [0xstart, 0xtop, 0xend)}, {@code
   * Compiler.codecache} every code heap as {@code bounds [0xstart, 0xtop, 0xend]}), or null.
   */
  static long[] rangeOf(String report) {
    long lo = -1;
    long hi = -1;
    for (String line : report.split("\n")) {
      int bracket = line.indexOf("[0x");
      if (bracket < 0) {
        continue;
      }
      Matcher m = ADDRESS.matcher(line.substring(bracket));
      while (m.find()) {
        long a = Long.parseUnsignedLong(m.group(1), 16);
        lo = lo < 0 || Long.compareUnsigned(a, lo) < 0 ? a : lo;
        hi = hi < 0 || Long.compareUnsigned(a, hi) > 0 ? a : hi;
      }
    }
    return lo >= 0 && Long.compareUnsigned(hi, lo) > 0 ? new long[] {lo, hi} : null;
  }

  private String jcmd(String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
              .redirectErrorStream(true)
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return "";
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
