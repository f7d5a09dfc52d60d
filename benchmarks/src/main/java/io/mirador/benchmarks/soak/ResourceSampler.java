package io.mirador.benchmarks.soak;

import io.mirador.benchmarks.ProcFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * RSS, threads and open file descriptors of each child (by role: its current pid, which changes on
 * every restart) every {@code periodSeconds}; {@link GrowthCheck} judges their trends.
 */
final class ResourceSampler implements AutoCloseable {
  /**
   * One sample. {@code cappedRssBytes} is the resident part of the JVM's heap and code cache
   * ({@link JvmCappedRegions}; -1 when it could not be read); {@code threadHandles} counts the fds
   * that are a thread's {@code /proc} files (the embedded engine keeps {@code
   * /proc/thread-self/{stat,schedstat,io}} open in each of its pool threads that has run a query);
   * {@code fdKinds} counts all fds by what they point at, to attribute a growth.
   */
  record Sample(
      String role,
      long pid,
      double seconds,
      long rssBytes,
      long cappedRssBytes,
      int threads,
      int fds,
      int threadHandles,
      String fdKinds) {}

  /** What an fd points at, in the order of {@link #kindOf}'s indexes. */
  static final List<String> KINDS =
      List.of(
          "thread-proc",
          "store-dedup-log",
          "store-other",
          "socket",
          "pipe",
          "anon",
          "jar",
          "other");

  private final Map<String, LongSupplier> pids;
  private final long startNanos;
  private final int periodSeconds;
  private final List<Sample> samples = new CopyOnWriteArrayList<>();
  private final Map<Long, JvmCappedRegions> capped = new ConcurrentHashMap<>();
  private final Thread thread;

  ResourceSampler(Map<String, LongSupplier> pids, long startNanos, int periodSeconds) {
    this.pids = pids;
    this.startNanos = startNanos;
    this.periodSeconds = periodSeconds;
    this.thread = Thread.ofPlatform().daemon().name("soak-sampler").unstarted(this::run);
  }

  void start() {
    thread.start();
  }

  private void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        sampleNow();
        Thread.sleep(periodSeconds * 1000L);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void sampleNow() {
    double t = (System.nanoTime() - startNanos) / 1e9;
    for (var role : pids.entrySet()) {
      long pid = role.getValue().getAsLong();
      if (pid > 0) {
        long rss = ProcFs.statusBytes(pid, "VmRSS:");
        long threads = ProcFs.statusValue(pid, "Threads:");
        int[] kinds = fdKinds(pid);
        if (rss > 0 && threads > 0 && kinds != null) {
          int fds = 0;
          StringBuilder named = new StringBuilder();
          for (int k = 0; k < KINDS.size(); k++) {
            fds += kinds[k];
            named.append(k == 0 ? "" : " ").append(KINDS.get(k)).append('=').append(kinds[k]);
          }
          long cappedRss = capped.computeIfAbsent(pid, JvmCappedRegions::new).residentBytes();
          samples.add(
              new Sample(
                  role.getKey(),
                  pid,
                  t,
                  rss,
                  cappedRss,
                  (int) threads,
                  fds,
                  kinds[0],
                  named.toString()));
        }
      }
    }
  }

  /** Open fds counted by {@link #kindOf}; null when the process is gone. */
  private static int[] fdKinds(long pid) {
    int[] kinds = new int[KINDS.size()];
    try (Stream<Path> list = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : list.toList()) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException closedMeanwhile) {
          continue;
        }
        int kind = kindOf(target);
        if (kind == 0 && !Files.isDirectory(Path.of(target).getParent())) {
          kind = KINDS.indexOf("other"); // the handle of a thread that is gone: a leak
        }
        kinds[kind]++;
      }
      return kinds;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The index in {@link #KINDS} of an fd's target: a thread's {@code /proc/.../task/...} file (of a
   * live thread: {@link #fdKinds} counts the handle of a thread that exited as other), the engine's
   * deduplication logs, other files under a {@code clickhouse} directory, a socket, a pipe, an
   * anonymous inode (epoll, eventfd), a jar or the JDK's modules, anything else.
   */
  static int kindOf(String target) {
    if (target.startsWith("/proc/") && target.contains("/task/")) {
      return 0;
    } else if (target.contains("/clickhouse/") && target.contains("/deduplication_logs/")) {
      return 1;
    } else if (target.contains("/clickhouse/")) {
      return 2;
    } else if (target.startsWith("socket:")) {
      return 3;
    } else if (target.startsWith("pipe:")) {
      return 4;
    } else if (target.startsWith("anon_inode:")) {
      return 5;
    } else if (target.endsWith(".jar") || target.endsWith("/lib/modules")) {
      return 6;
    }
    return 7;
  }

  List<Sample> samples() {
    return List.copyOf(samples);
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
