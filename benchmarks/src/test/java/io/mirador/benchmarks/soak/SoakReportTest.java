package io.mirador.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness's report: the ledger and one growth line per process, and what fails the run. */
class SoakReportTest {
  private static SoakHarness.Result result(long fdsPerSample) {
    SoakOptions options =
        new SoakOptions(
            900,
            400,
            100,
            64,
            FaultPlan.parse("core-kill@60"),
            1L << 30,
            1L << 20,
            "1g",
            Path.of("core"),
            Path.of("agent"),
            Path.of("work"),
            10,
            120,
            "/lib/libchdb.so");
    SpanLedger ledger = new SpanLedger(7, 10, 4);
    ledger.answer(ledger.nextRequest(), SpanLedger.Outcome.ACKNOWLEDGED, 500);
    byte[] counts = new byte[40];
    for (int i = 0; i < 10; i++) {
      counts[i] = 1;
    }
    SoakVerdict verdict =
        SoakVerdict.of(ledger, new StoredSpans.Counts(counts, 0, 10), List.of(), 0, 0);
    List<ResourceSampler.Sample> samples = new ArrayList<>();
    for (int t = 0; t <= 900; t += 10) {
      samples.add(
          new ResourceSampler.Sample(
              "core",
              t < 70 ? 1 : 2,
              t,
              600L << 20,
              300L << 20,
              190,
              (int) (60 + fdsPerSample * t / 10),
              0,
              ""));
    }
    List<GrowthCheck.Trend> trends =
        GrowthCheck.judge(samples, List.of(new GrowthCheck.Disturbance(60, 70)), 900);
    return new SoakHarness.Result(
        options, verdict, List.of(), trends, samples, 900, 5, 0, "", 1.5, 2.5);
  }

  @Test
  void aFlatRunPassesAndSaysSo() {
    SoakHarness.Result flat = result(0);
    String report = flat.report();
    assertThat(flat.passed()).as(report).isTrue();
    assertThat(report)
        .contains("trend core pid 1 (alive 0-60 s): not judged")
        .contains("trend core pid 2 (alive 70-900 s): steady")
        .contains("fds without thread handles: mean 60")
        .contains("no growth trend: yes");
  }

  @Test
  void aGrowingProcessFailsTheRunThoughNoSpanWasLost() {
    SoakHarness.Result leak = result(1);
    String report = leak.report();
    assertThat(leak.verdict().passed()).isTrue();
    assertThat(leak.growing()).containsExactly("core pid 2");
    assertThat(leak.passed()).isFalse();
    assertThat(report).contains("GROWING").contains("no growth trend: NO, growing: [core pid 2]");
  }

  @Test
  void theSamplesFileKeepsWhatTheGrowthCheckJudged() {
    String csv =
        SoakHarness.samplesCsv(
            List.of(
                new ResourceSampler.Sample(
                    "agent", 42, 10.0, 300L << 20, 120L << 20, 35, 60, 3, "socket=12 jar=40")));
    assertThat(csv.lines().toList())
        .containsExactly(
            "role,pid,seconds,rss_bytes,capped_rss_bytes,threads,fds,thread_handles,fd_kinds",
            "agent,42,10.0," + (300L << 20) + "," + (120L << 20) + ",35,60,3,socket=12 jar=40");
  }
}
