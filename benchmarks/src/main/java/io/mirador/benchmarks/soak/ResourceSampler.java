package io.mirador.benchmarks.soak;

import io.mirador.benchmarks.ProcFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * RSS and open file descriptors of each child (by role: its current pid, which changes on every
 * restart) every {@code periodSeconds}, and the growth trend over a window of one process's life.
 */
final class ResourceSampler implements AutoCloseable {
  /**
   * One sample; {@code fdKinds} counts the open fds by what they point at (threads' {@code /proc}
   * handles, store files, sockets, other), to attribute a growth of {@code fds}.
   */
  record Sample(String role, long pid, double seconds, long rssBytes, int fds, String fdKinds) {}

  /** The least-squares slope of RSS and fds over a window, and the bound it is checked against. */
  record Trend(
      String role,
      long pid,
      int samples,
      double fromSeconds,
      double toSeconds,
      double meanRssMiB,
      double rssMiBPerHour,
      double meanFds,
      double fdsPerHour) {
    /**
     * No growth trend: extrapolated over one hour, RSS grows less than 10 % of its mean in the
     * window and fds less than 10 % of their mean plus 16 (README, Soak: why these bounds).
     */
    boolean bounded() {
      return samples >= 6 && rssMiBPerHour < 0.10 * meanRssMiB && fdsPerHour < 0.10 * meanFds + 16;
    }
  }

  private final Map<String, LongSupplier> pids;
  private final long startNanos;
  private final int periodSeconds;
  private final List<Sample> samples = new CopyOnWriteArrayList<>();
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
        int[] kinds = fdKinds(pid);
        if (rss > 0 && kinds != null) {
          samples.add(
              new Sample(
                  role.getKey(),
                  pid,
                  t,
                  rss,
                  kinds[0] + kinds[1] + kinds[2] + kinds[3],
                  "proc-task="
                      + kinds[0]
                      + " store="
                      + kinds[1]
                      + " socket="
                      + kinds[2]
                      + " other="
                      + kinds[3]));
        }
      }
    }
  }

  /**
   * Open fds by kind: {@code /proc/.../task/...}, under a {@code clickhouse} directory, sockets,
   * other.
   */
  private static int[] fdKinds(long pid) {
    int[] kinds = new int[4];
    try (Stream<Path> list = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : list.toList()) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException closedMeanwhile) {
          continue;
        }
        if (target.startsWith("/proc/") && target.contains("/task/")) {
          kinds[0]++;
        } else if (target.contains("/clickhouse/")) {
          kinds[1]++;
        } else if (target.startsWith("socket:")) {
          kinds[2]++;
        } else {
          kinds[3]++;
        }
      }
      return kinds;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  List<Sample> samples() {
    return List.copyOf(samples);
  }

  /**
   * The trend of {@code role} over the samples from {@code fromSeconds} on that belong to the
   * process alive at the end (a restart starts a new process, whose RSS starts low again).
   */
  Trend trend(String role, double fromSeconds) {
    List<Sample> mine = new ArrayList<>();
    long lastPid = -1;
    for (Sample s : samples) {
      if (s.role().equals(role)) {
        lastPid = s.pid();
      }
    }
    for (Sample s : samples) {
      if (s.role().equals(role) && s.pid() == lastPid && s.seconds() >= fromSeconds) {
        mine.add(s);
      }
    }
    double[] x = new double[mine.size()];
    double[] rss = new double[mine.size()];
    double[] fds = new double[mine.size()];
    for (int i = 0; i < mine.size(); i++) {
      x[i] = mine.get(i).seconds() / 3600.0;
      rss[i] = mine.get(i).rssBytes() / 1048576.0;
      fds[i] = mine.get(i).fds();
    }
    return new Trend(
        role,
        lastPid,
        mine.size(),
        mine.isEmpty() ? 0 : mine.get(0).seconds(),
        mine.isEmpty() ? 0 : mine.get(mine.size() - 1).seconds(),
        mean(rss),
        slope(x, rss),
        mean(fds),
        slope(x, fds));
  }

  static double mean(double[] v) {
    double sum = 0;
    for (double d : v) {
      sum += d;
    }
    return v.length == 0 ? 0 : sum / v.length;
  }

  /** Ordinary least squares slope of y on x; 0 with fewer than two distinct x. */
  static double slope(double[] x, double[] y) {
    double mx = mean(x);
    double my = mean(y);
    double num = 0;
    double den = 0;
    for (int i = 0; i < x.length; i++) {
      num += (x[i] - mx) * (y[i] - my);
      den += (x[i] - mx) * (x[i] - mx);
    }
    return den == 0 ? 0 : num / den;
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
