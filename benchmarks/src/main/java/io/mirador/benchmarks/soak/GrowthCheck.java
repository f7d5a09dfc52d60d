package io.mirador.benchmarks.soak;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * "No growth trend" (issue 18), judged per process incarnation over its steady part (benchmarks
 * RATIONALE, Soak: the growth rule).
 *
 * <p>An incarnation is one pid of a role (every restart starts a new one, from a low RSS and few
 * fds, so samples of two processes are never fitted together). Its steady part is the longest run
 * of its samples that are at least {@link #WARM_UP_SECONDS} after its first sample, not inside a
 * fault nor within {@link #SETTLE_SECONDS} after one, and taken while the load ran; the fit is over
 * the last half of that run (caches and pools fill in the first half). Each metric gets a
 * least-squares slope per hour, its noise ({@link #NOISE_SIGMAS} standard errors, widened for the
 * samples' autocorrelation) and a named bound. The check fails only when the slope minus its noise
 * is still above the bound: growth clearly beyond noise.
 *
 * <p>Judged: RSS outside the JVM's heap and code cache ({@link JvmCappedRegions}: both are capped,
 * by {@code -Xmx} and {@code ReservedCodeCacheSize}, and their resident part rises after a start
 * until the collector and the JIT have reached them; the whole RSS when their ranges could not be
 * read); open fds other than live threads' {@code /proc} handles; threads. The embedded engine
 * keeps three {@code /proc/thread-self/{stat,schedstat,io}} handles open in every thread of its
 * pool that has worked on a query, so those handles follow the thread count, which is judged on its
 * own (the handle of an exited thread counts with the other fds). Total RSS, the capped regions'
 * resident part and all fds are printed beside, not judged.
 */
final class GrowthCheck {
  /** Skipped after a process's first sample: class loading, JIT, the engine opening its tables. */
  static final double WARM_UP_SECONDS = 60;

  /** Skipped after a fault ended: the backlog of a pause or a restart drains. */
  static final double SETTLE_SECONDS = 60;

  /** A shorter fit window (or fewer samples) is reported as not judged. */
  static final double MIN_WINDOW_SECONDS = 60;

  static final int MIN_SAMPLES = 6;

  /** Growth beyond the bound must exceed this many standard errors of the slope to fail. */
  static final double NOISE_SIGMAS = 3;

  /** RSS bound: 10 % of the window's mean per hour (a leak of that size fills any cap in a day). */
  static final double RSS_FRACTION_PER_HOUR = 0.10;

  /** Fd and thread bounds: 10 % of the window's mean per hour plus a fixed allowance. */
  static final double COUNT_FRACTION_PER_HOUR = 0.10;

  static final double COUNT_ALLOWANCE_PER_HOUR = 16;

  /** The worst a fit can say; order matters (the worst of an incarnation's metrics is its own). */
  enum Verdict {
    NOT_JUDGED,
    BOUNDED,
    ABOVE_BOUND_WITHIN_NOISE,
    GROWING
  }

  /** A time range in which the processes were disturbed (a fault as it ran). */
  record Disturbance(double fromSeconds, double toSeconds) {}

  /**
   * One metric's least-squares fit over a window, per hour; {@code bound} is NaN for a metric that
   * is shown, not judged.
   */
  record Fit(String metric, String unit, double mean, double slope, double noise, double bound) {
    Verdict verdict() {
      if (Double.isNaN(bound)) {
        return Verdict.NOT_JUDGED;
      }
      if (slope - noise > bound) {
        return Verdict.GROWING;
      }
      return slope > bound ? Verdict.ABOVE_BOUND_WITHIN_NOISE : Verdict.BOUNDED;
    }

    String describe() {
      return String.format(
          Locale.ROOT,
          "%s: mean %.0f%s, slope %+.1f ±%.1f%s/h, %s",
          metric,
          mean,
          unit,
          slope,
          noise,
          unit,
          Double.isNaN(bound)
              ? "not judged"
              : String.format(Locale.ROOT, "bound %.1f%s/h: %s", bound, unit, label(verdict())));
    }
  }

  /** The judgement of one incarnation. */
  record Trend(
      String role,
      long pid,
      double aliveFromSeconds,
      double aliveToSeconds,
      double fromSeconds,
      double toSeconds,
      int samples,
      List<Fit> fits,
      String notJudged) {

    Verdict verdict() {
      return fits.isEmpty()
          ? Verdict.NOT_JUDGED
          : fits.stream().map(Fit::verdict).max(Comparator.naturalOrder()).orElseThrow();
    }

    boolean growing() {
      return verdict() == Verdict.GROWING;
    }

    Fit fit(String metric) {
      return fits.stream().filter(f -> f.metric().equals(metric)).findFirst().orElseThrow();
    }

    String describe() {
      StringBuilder out =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "trend %s pid %d (alive %.0f-%.0f s): ",
                  role,
                  pid,
                  aliveFromSeconds,
                  aliveToSeconds));
      if (fits.isEmpty()) {
        return out.append("not judged: ").append(notJudged).toString();
      }
      out.append(
          String.format(
              Locale.ROOT,
              "steady %.0f-%.0f s, %d samples: %s%n",
              fromSeconds,
              toSeconds,
              samples,
              label(verdict())));
      for (Fit f : fits) {
        out.append("    ").append(f.describe()).append('\n');
      }
      return out.toString().stripTrailing();
    }
  }

  private GrowthCheck() {}

  static String label(Verdict v) {
    return switch (v) {
      case NOT_JUDGED -> "not judged";
      case BOUNDED -> "bounded";
      case ABOVE_BOUND_WITHIN_NOISE -> "above the bound, within noise (not failed)";
      case GROWING -> "GROWING (beyond the bound by more than the noise)";
    };
  }

  /** Every incarnation of every role, in the order of their first sample. */
  static List<Trend> judge(
      List<ResourceSampler.Sample> samples, List<Disturbance> disturbances, double loadEndSeconds) {
    Map<String, List<ResourceSampler.Sample>> byProcess = new LinkedHashMap<>();
    for (ResourceSampler.Sample s : samples) {
      byProcess.computeIfAbsent(s.role() + "/" + s.pid(), k -> new ArrayList<>()).add(s);
    }
    List<Trend> trends = new ArrayList<>();
    for (List<ResourceSampler.Sample> life : byProcess.values()) {
      life.sort(Comparator.comparingDouble(ResourceSampler.Sample::seconds));
      trends.add(judgeOne(life, disturbances, loadEndSeconds));
    }
    return trends;
  }

  private static Trend judgeOne(
      List<ResourceSampler.Sample> life, List<Disturbance> disturbances, double loadEnd) {
    ResourceSampler.Sample first = life.get(0);
    double born = first.seconds();
    double died = life.get(life.size() - 1).seconds();
    List<ResourceSampler.Sample> best = List.of();
    List<ResourceSampler.Sample> run = new ArrayList<>();
    for (ResourceSampler.Sample s : life) {
      if (steady(s.seconds(), born, disturbances, loadEnd)) {
        run.add(s);
      } else {
        best = longer(best, run);
        run = new ArrayList<>();
      }
    }
    best = longer(best, run);
    if (best.isEmpty()) {
      return new Trend(
          first.role(),
          first.pid(),
          born,
          died,
          0,
          0,
          0,
          List.of(),
          "no sample outside warm-up, faults and their settling");
    }
    double half = (best.get(0).seconds() + best.get(best.size() - 1).seconds()) / 2;
    List<ResourceSampler.Sample> window = best.stream().filter(s -> s.seconds() >= half).toList();
    double from = window.get(0).seconds();
    double to = window.get(window.size() - 1).seconds();
    if (window.size() < MIN_SAMPLES || to - from < MIN_WINDOW_SECONDS) {
      return new Trend(
          first.role(),
          first.pid(),
          born,
          died,
          from,
          to,
          window.size(),
          List.of(),
          String.format(
              Locale.ROOT,
              "steady window %.0f-%.0f s (%d samples) shorter than %.0f s or %d samples",
              from,
              to,
              window.size(),
              MIN_WINDOW_SECONDS,
              MIN_SAMPLES));
    }
    boolean heapKnown = window.stream().allMatch(s -> s.cappedRssBytes() >= 0);
    List<Fit> fits = new ArrayList<>();
    if (heapKnown) {
      fits.add(
          fit(
              window,
              "RSS outside heap and code cache",
              " MiB",
              s -> (s.rssBytes() - s.cappedRssBytes()) / 1048576.0,
              RSS_FRACTION_PER_HOUR,
              0));
      fits.add(fit(window, "RSS", " MiB", s -> s.rssBytes() / 1048576.0, Double.NaN, 0));
      fits.add(
          fit(
              window,
              "heap and code cache resident",
              " MiB",
              s -> s.cappedRssBytes() / 1048576.0,
              Double.NaN,
              0));
    } else {
      fits.add(fit(window, "RSS", " MiB", s -> s.rssBytes() / 1048576.0, RSS_FRACTION_PER_HOUR, 0));
    }
    fits.add(
        fit(
            window,
            "fds without thread handles",
            "",
            s -> s.fds() - s.threadHandles(),
            COUNT_FRACTION_PER_HOUR,
            COUNT_ALLOWANCE_PER_HOUR));
    fits.add(
        fit(
            window,
            "threads",
            "",
            ResourceSampler.Sample::threads,
            COUNT_FRACTION_PER_HOUR,
            COUNT_ALLOWANCE_PER_HOUR));
    fits.add(fit(window, "all fds", "", ResourceSampler.Sample::fds, Double.NaN, 0));
    return new Trend(first.role(), first.pid(), born, died, from, to, window.size(), fits, "");
  }

  private static boolean steady(
      double t, double born, List<Disturbance> disturbances, double loadEnd) {
    if (t < born + WARM_UP_SECONDS || t > loadEnd) {
      return false;
    }
    for (Disturbance d : disturbances) {
      if (t >= d.fromSeconds() && t <= d.toSeconds() + SETTLE_SECONDS) {
        return false;
      }
    }
    return true;
  }

  private static List<ResourceSampler.Sample> longer(
      List<ResourceSampler.Sample> a, List<ResourceSampler.Sample> b) {
    return span(b) > span(a) ? b : a;
  }

  private static double span(List<ResourceSampler.Sample> run) {
    return run.isEmpty() ? -1 : run.get(run.size() - 1).seconds() - run.get(0).seconds();
  }

  private static Fit fit(
      List<ResourceSampler.Sample> window,
      String metric,
      String unit,
      ToDoubleFunction<ResourceSampler.Sample> value,
      double fractionPerHour,
      double allowancePerHour) {
    double[] x = new double[window.size()];
    double[] y = new double[window.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = window.get(i).seconds() / 3600.0;
      y[i] = value.applyAsDouble(window.get(i));
    }
    double mean = mean(y);
    return new Fit(
        metric,
        unit,
        mean,
        slope(x, y),
        NOISE_SIGMAS * slopeStandardError(x, y),
        Double.isNaN(fractionPerHour) ? Double.NaN : fractionPerHour * mean + allowancePerHour);
  }

  static double mean(double[] v) {
    double sum = 0;
    for (double d : v) {
      sum += d;
    }
    return v.length == 0 ? 0 : sum / v.length;
  }

  /** Ordinary least-squares slope of y on x; 0 with fewer than two distinct x. */
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

  /**
   * The slope's standard error from the fit's residuals, widened by {@code sqrt((1 + r) / (1 - r))}
   * for their lag-1 autocorrelation r (clamped to 0..0.9): samples 10 s apart of a process's RSS
   * are not independent (a heap that grew stays grown), and the plain formula would call a single
   * step a trend.
   */
  static double slopeStandardError(double[] x, double[] y) {
    int n = x.length;
    if (n < 3) {
      return Double.POSITIVE_INFINITY;
    }
    double b = slope(x, y);
    double mx = mean(x);
    double a = mean(y) - b * mx;
    double[] e = new double[n];
    double sse = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      e[i] = y[i] - (a + b * x[i]);
      sse += e[i] * e[i];
      sxx += (x[i] - mx) * (x[i] - mx);
    }
    if (sxx == 0) {
      return Double.POSITIVE_INFINITY;
    }
    double lag = 0;
    for (int i = 1; i < n; i++) {
      lag += e[i] * e[i - 1];
    }
    double r = sse == 0 ? 0 : Math.max(0, Math.min(0.9, lag / sse));
    return Math.sqrt(sse / (n - 2) / sxx) * Math.sqrt((1 + r) / (1 - r));
  }
}
