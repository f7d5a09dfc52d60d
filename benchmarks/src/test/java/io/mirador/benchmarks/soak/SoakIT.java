package io.mirador.benchmarks.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CI-sized soak (issue 18): three minutes of load through the packaged agent and core with each
 * fault once (agent SIGKILL, core SIGKILL, core SIGSTOP for 60 s, the agent's disk budget
 * exhausted), then every span of the ledger looked up in the store. Fails on any acknowledged span
 * lost outside the budget window, any span stored twice, drops that do not match the agent's own
 * count, or a process whose memory, fds or threads grow clearly beyond noise in its steady part
 * ({@link GrowthCheck}; in three minutes of faults few processes have a steady part long enough).
 * The 30-minute record runs the same harness (benchmarks README, Soak).
 */
class SoakIT {
  /** Lower than the record's rate: the CI machine is shared, and the run must fit its budget. */
  private static final int CI_RATE = 2_000;

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void everyAcknowledgedSpanIsStoredOnceThroughEveryFault() throws Exception {
    SoakOptions options =
        new SoakOptions(
            180,
            CI_RATE,
            100,
            64,
            FaultPlan.ci(),
            1L << 30,
            1L << 20,
            "1g",
            Path.of(
                System.getProperty(
                    "mirador.core.app", "../mirador-core/service/target/quarkus-app")),
            Path.of(System.getProperty("mirador.agent.app", "../mirador-agent/target/quarkus-app")),
            Path.of("target/soak-it"),
            10,
            120,
            System.getProperty("mirador.chdb.library"));

    SoakHarness.Result result = SoakHarness.run(options);
    String report = result.report();
    System.out.print(report);
    SoakVerdict v = result.verdict();

    assertThat(result.faults()).as(report).hasSize(4);
    assertThat(v.acknowledged()).as("the agent acknowledged spans\n%s", report).isPositive();
    assertThat(v.acknowledgedDuplicated())
        .as("acknowledged spans stored twice\n%s", report)
        .isZero();
    assertThat(v.unacknowledgedDuplicated())
        .as("unacknowledged spans stored twice\n%s", report)
        .isZero();
    assertThat(v.agentDroppedInBudgetWindows())
        .as("the exhausted budget made the agent drop (else the fault did not happen)\n%s", report)
        .isPositive();
    assertThat(v.acknowledgedMissing())
        .as("every missing acknowledged span is one the agent counted dropped\n%s", report)
        .isLessThanOrEqualTo(v.agentDroppedInBudgetWindows());
    assertThat(v.agentDroppedInBudgetWindows())
        .as("the agent dropped only missing spans (acknowledged, or unanswered)\n%s", report)
        .isLessThanOrEqualTo(v.acknowledgedMissing() + v.unansweredMissing());
    assertThat(v.agentDroppedElsewhere()).as("drops outside the window\n%s", report).isZero();
    assertThat(v.foreignRows()).as(report).isZero();
    assertThat(result.growing())
        .as("processes whose RSS, fds or threads grow beyond the bound and the noise\n%s", report)
        .isEmpty();
    assertThat(v.passed()).as(report).isTrue();
  }
}
