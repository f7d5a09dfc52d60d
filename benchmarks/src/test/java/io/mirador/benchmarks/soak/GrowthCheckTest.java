package io.mirador.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The growth rule on made-up sample series: what fails, what does not, and which window it reads.
 */
class GrowthCheckTest {
  private static final long MIB = 1 << 20;

  /** A heap whose resident part does not move: RSS outside it moves as the RSS. */
  private static final long HEAP = 100 * MIB;

  /**
   * A process sampled every 10 s from {@code from} to {@code to}: RSS (MiB), fds other than thread
   * handles, thread handles and threads as functions of the time in seconds.
   */
  private static List<ResourceSampler.Sample> life(
      String role,
      long pid,
      double from,
      double to,
      DoubleUnaryOperator rssMiB,
      DoubleUnaryOperator fds,
      DoubleUnaryOperator handles,
      DoubleUnaryOperator threads) {
    List<ResourceSampler.Sample> out = new ArrayList<>();
    for (double t = from; t <= to; t += 10) {
      int h = (int) handles.applyAsDouble(t);
      out.add(
          new ResourceSampler.Sample(
              role,
              pid,
              t,
              (long) (rssMiB.applyAsDouble(t) * MIB),
              HEAP,
              (int) threads.applyAsDouble(t),
              (int) fds.applyAsDouble(t) + h,
              h,
              ""));
    }
    return out;
  }

  private static DoubleUnaryOperator flat(double v) {
    return t -> v;
  }

  /** +/- {@code amplitude}, alternating from sample to sample: noise without a trend. */
  private static DoubleUnaryOperator jitter(double base, double amplitude) {
    return t -> base + (((long) (t / 10)) % 2 == 0 ? amplitude : -amplitude);
  }

  private static GrowthCheck.Trend only(
      List<ResourceSampler.Sample> samples, List<GrowthCheck.Disturbance> faults, double end) {
    List<GrowthCheck.Trend> trends = GrowthCheck.judge(samples, faults, end);
    assertThat(trends).hasSize(1);
    return trends.get(0);
  }

  @Test
  void slopeIsLeastSquaresAndTheNoiseWidensWithScatter() {
    double[] hours = {0, 1, 2, 3};
    assertThat(GrowthCheck.slope(hours, new double[] {100, 110, 120, 130})).isEqualTo(10.0);
    assertThat(GrowthCheck.slope(hours, new double[] {100, 100, 100, 100})).isZero();
    assertThat(GrowthCheck.slopeStandardError(hours, new double[] {100, 110, 120, 130})).isZero();
    double[] x = {0, 1, 2, 3, 4, 5, 6, 7};
    assertThat(GrowthCheck.slopeStandardError(x, new double[] {0, 9, 0, 9, 0, 9, 0, 9}))
        .isGreaterThan(0.5);
    double[] xs = new double[40];
    double[] step = new double[40];
    for (int i = 0; i < 40; i++) {
      xs[i] = i;
      step[i] = i < 20 ? 0 : 9;
    }
    assertThat(GrowthCheck.slopeStandardError(xs, step))
        .as("one step: residuals autocorrelated, the error is widened")
        .isGreaterThan(1.5 * plainStandardError(xs, step));
  }

  /** The textbook standard error of an OLS slope, for independent residuals. */
  private static double plainStandardError(double[] x, double[] y) {
    double b = GrowthCheck.slope(x, y);
    double mx = GrowthCheck.mean(x);
    double a = GrowthCheck.mean(y) - b * mx;
    double sse = 0;
    double sxx = 0;
    for (int i = 0; i < x.length; i++) {
      sse += Math.pow(y[i] - a - b * x[i], 2);
      sxx += Math.pow(x[i] - mx, 2);
    }
    return Math.sqrt(sse / (x.length - 2) / sxx);
  }

  @Test
  void aSteadyFdLeakFailsAndAFlatProcessPasses() {
    GrowthCheck.Trend leak =
        only(
            life("core", 7, 0, 900, jitter(600, 20), t -> 60 + t / 10, flat(30), flat(100)),
            List.of(),
            900);
    assertThat(leak.growing()).as(leak.describe()).isTrue();
    assertThat(leak.fit("fds without thread handles").slope()).isCloseTo(360, within(1));
    assertThat(leak.fromSeconds()).as("the last half of the steady stretch").isEqualTo(480);

    GrowthCheck.Trend flat =
        only(
            life("core", 7, 0, 900, jitter(600, 20), jitter(60, 3), flat(30), flat(100)),
            List.of(),
            900);
    assertThat(flat.verdict()).as(flat.describe()).isEqualTo(GrowthCheck.Verdict.BOUNDED);
  }

  @Test
  void threadHandlesFollowTheThreadsAndOnlyTheThreadsAreJudged() {
    GrowthCheck.Trend warming =
        only(
            life("core", 7, 0, 900, flat(600), flat(60), t -> Math.min(390, t / 2), flat(180)),
            List.of(),
            900);
    assertThat(warming.fit("all fds").slope()).isGreaterThan(1000);
    assertThat(warming.growing()).as(warming.describe()).isFalse();

    GrowthCheck.Trend threadLeak =
        only(
            life("core", 7, 0, 900, flat(600), flat(60), t -> t / 2, t -> 100 + t / 6),
            List.of(),
            900);
    assertThat(threadLeak.fit("threads").verdict()).isEqualTo(GrowthCheck.Verdict.GROWING);
    assertThat(threadLeak.growing()).isTrue();
  }

  @Test
  void aWarmUpThatLevelsOffInTheFirstHalfIsBounded() {
    DoubleUnaryOperator heapFilling = t -> 200 + 60 * Math.min(1, t / 400);
    GrowthCheck.Trend agent =
        only(life("agent", 9, 0, 1200, heapFilling, flat(55), flat(0), flat(35)), List.of(), 1200);
    assertThat(agent.verdict()).as(agent.describe()).isEqualTo(GrowthCheck.Verdict.BOUNDED);
    assertThat(agent.fit("RSS outside heap and code cache").slope()).isZero();
  }

  @Test
  void aHeapReachingItsCapIsNotGrowthButNativeGrowthIs() {
    // The agent's RSS as measured: the heap's resident part rises by 40 MiB/h (the collector
    // reaching more of its 192 MiB), native memory is flat.
    List<ResourceSampler.Sample> heapFilling = new ArrayList<>();
    List<ResourceSampler.Sample> nativeLeak = new ArrayList<>();
    for (double t = 0; t <= 1200; t += 10) {
      long heap = (long) ((80 + t / 90) * MIB);
      heapFilling.add(
          new ResourceSampler.Sample("agent", 5, t, 160 * MIB + heap, heap, 33, 55, 0, ""));
      nativeLeak.add(
          new ResourceSampler.Sample(
              "agent", 6, t, (long) ((160 + t / 90) * MIB) + 80 * MIB, 80 * MIB, 33, 55, 0, ""));
    }
    GrowthCheck.Trend heap = only(heapFilling, List.of(), 1200);
    assertThat(heap.fit("RSS").slope()).isCloseTo(40, within(0.5));
    assertThat(heap.verdict()).as(heap.describe()).isEqualTo(GrowthCheck.Verdict.BOUNDED);
    GrowthCheck.Trend leak = only(nativeLeak, List.of(), 1200);
    assertThat(leak.growing()).as(leak.describe()).isTrue();
  }

  @Test
  void eachIncarnationIsJudgedAloneAndFaultsAreLeftOut() {
    // The first process grows to 700 MiB and is killed at 300 s; the second starts at 50 MiB:
    // fitted together they would fall, or (the other way round) rise.
    List<ResourceSampler.Sample> samples = new ArrayList<>();
    samples.addAll(life("core", 1, 0, 300, t -> 400 + t, flat(60), flat(0), flat(90)));
    samples.addAll(
        life("core", 2, 310, 1500, t -> t < 400 ? 50 + t : 500, flat(60), flat(0), flat(90)));
    // A pause from 600 to 660 s: its backlog doubles the fds for the minute after it.
    samples.replaceAll(
        s ->
            s.seconds() >= 600 && s.seconds() <= 720
                ? new ResourceSampler.Sample(
                    s.role(), s.pid(), s.seconds(), s.rssBytes(), HEAP, 300, 600, 0, "")
                : s);
    List<GrowthCheck.Trend> trends =
        GrowthCheck.judge(
            samples,
            List.of(new GrowthCheck.Disturbance(300, 310), new GrowthCheck.Disturbance(600, 660)),
            1500);
    assertThat(trends).extracting(GrowthCheck.Trend::pid).containsExactly(1L, 2L);
    GrowthCheck.Trend first = trends.get(0);
    assertThat(first.verdict()).isEqualTo(GrowthCheck.Verdict.GROWING);
    GrowthCheck.Trend second = trends.get(1);
    assertThat(second.fromSeconds())
        .as("after the pause and its settling, the last half")
        .isGreaterThanOrEqualTo(720 + (1500 - 730) / 2.0);
    assertThat(second.verdict()).as(second.describe()).isEqualTo(GrowthCheck.Verdict.BOUNDED);
  }

  @Test
  void oneStepInANoisyShortWindowIsNotCalledGrowth() {
    // 3 minutes of steady samples whose RSS steps up by 15 MiB once: 10 %/h of 600 MiB is 60,
    // the fitted slope is over 200 MiB/h, but a single step is within the noise.
    DoubleUnaryOperator step = t -> (t < 1050 ? 600 : 615) + ((long) (t / 10) % 3) * 8;
    GrowthCheck.Trend t =
        only(life("core", 3, 0, 1200, step, flat(60), flat(0), flat(90)), List.of(), 1200);
    assertThat(t.fit("RSS outside heap and code cache").slope())
        .isGreaterThan(t.fit("RSS outside heap and code cache").bound());
    assertThat(t.fit("RSS outside heap and code cache").verdict())
        .as(t.describe())
        .isEqualTo(GrowthCheck.Verdict.ABOVE_BOUND_WITHIN_NOISE);
    assertThat(t.growing()).isFalse();
  }

  @Test
  void shortOrDisturbedLivesAreNotJudged() {
    GrowthCheck.Trend young =
        only(life("agent", 4, 100, 200, t -> t, t -> t, flat(0), flat(30)), List.of(), 200);
    assertThat(young.verdict()).isEqualTo(GrowthCheck.Verdict.NOT_JUDGED);
    assertThat(young.describe()).contains("not judged");
    GrowthCheck.Trend disturbed =
        only(
            life("agent", 4, 0, 600, t -> t, t -> t, flat(0), flat(30)),
            List.of(new GrowthCheck.Disturbance(60, 560)),
            600);
    assertThat(disturbed.verdict()).isEqualTo(GrowthCheck.Verdict.NOT_JUDGED);
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}
