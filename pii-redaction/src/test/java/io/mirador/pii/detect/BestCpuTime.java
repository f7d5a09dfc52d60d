package io.mirador.pii.detect;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The shortest CPU time of this thread over a few runs of a task. The linear-time tests measure CPU
 * time, not wall time: on a shared machine wall time includes the time other processes held the
 * core, and a quadratic scan of 100 KB costs seconds of CPU either way.
 */
final class BestCpuTime {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private BestCpuTime() {}

  static long nanos(int runs, Runnable task) {
    long best = Long.MAX_VALUE;
    for (int run = 0; run < runs; run++) {
      long t0 = now();
      task.run();
      best = Math.min(best, now() - t0);
    }
    return best;
  }

  private static long now() {
    return THREADS.isCurrentThreadCpuTimeSupported()
        ? THREADS.getCurrentThreadCpuTime()
        : System.nanoTime();
  }
}
