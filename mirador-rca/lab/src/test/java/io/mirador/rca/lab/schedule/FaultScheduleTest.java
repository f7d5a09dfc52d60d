package io.mirador.rca.lab.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {
  /** A small estate shaped like the lab's: an entry point, APIs, a db, a cache and a queue. */
  static Topology estate() {
    return new Topology(
        List.of(
            new Topology.Service("frontend", "frontend"),
            new Topology.Service("gateway", "api"),
            new Topology.Service("orders", "api"),
            new Topology.Service("payment", "api"),
            new Topology.Service("worker", "worker"),
            new Topology.Service("db", "db"),
            new Topology.Service("cache", "cache"),
            new Topology.Service("queue", "queue"),
            new Topology.Service("unused-db", "db")),
        List.of(
            new Topology.Edge("frontend", "gateway", "sync"),
            new Topology.Edge("gateway", "orders", "sync"),
            new Topology.Edge("orders", "payment", "sync"),
            new Topology.Edge("orders", "db", "sync"),
            new Topology.Edge("payment", "cache", "sync"),
            new Topology.Edge("orders", "queue", "sync"),
            new Topology.Edge("worker", "queue", "sync")));
  }

  @Test
  void theSameSeedGivesTheSameScheduleAndAnotherSeedAnother() {
    List<PlannedFault> a =
        FaultSchedule.plan(ScheduleSettings.standard(7, 20, Duration.ZERO), estate());
    List<PlannedFault> b =
        FaultSchedule.plan(ScheduleSettings.standard(7, 20, Duration.ZERO), estate());
    List<PlannedFault> c =
        FaultSchedule.plan(ScheduleSettings.standard(8, 20, Duration.ZERO), estate());
    assertThat(a).hasSize(20).isEqualTo(b).isNotEqualTo(c);
  }

  @Test
  void everyTypeGetsACaseInEachRoundOfNine() {
    List<PlannedFault> plan =
        FaultSchedule.plan(ScheduleSettings.standard(3, 18, Duration.ZERO), estate());
    Set<FaultType> first =
        plan.subList(0, 9).stream().map(PlannedFault::type).collect(Collectors.toSet());
    Set<FaultType> second =
        plan.subList(9, 18).stream().map(PlannedFault::type).collect(Collectors.toSet());
    assertThat(first).isEqualTo(EnumSet.allOf(FaultType.class));
    assertThat(second).isEqualTo(EnumSet.allOf(FaultType.class));
    assertThat(plan).extracting(PlannedFault::index).startsWith(1, 2, 3).endsWith(18);
  }

  @Test
  void eachTypeGoesWhereItMakesSenseAndIsLabelledWithItsTarget() {
    List<PlannedFault> plan =
        FaultSchedule.plan(ScheduleSettings.standard(11, 270, Duration.ZERO), estate());
    for (PlannedFault p : plan) {
      assertThat(p.truth()).isEqualTo(p.service());
      switch (p.type()) {
        // unused-db has no caller: a slow database nobody calls shows nothing
        case SLOW_DEPENDENCY, FAILING_DEPENDENCY ->
            assertThat(p.service()).isIn("db", "cache", "queue");
        case EXCEPTION, WRONG_RETURN ->
            assertThat(p.service()).isIn("frontend", "gateway", "orders", "payment", "worker");
        default -> assertThat(p.service()).isNotEmpty();
      }
    }
    assertThat(plan.stream().map(PlannedFault::service).collect(Collectors.toSet()))
        .as("targets are drawn at random, not always the same")
        .contains("frontend", "gateway", "orders", "payment", "worker", "db", "cache", "queue");
  }

  @Test
  void durationsGapsAndParametersStayInTheirRanges() {
    for (PlannedFault p :
        FaultSchedule.plan(ScheduleSettings.standard(5, 90, Duration.ZERO), estate())) {
      assertThat(p.duration()).isBetween(Duration.ofMinutes(3), Duration.ofMinutes(5));
      assertThat(p.gapBefore()).isBetween(Duration.ofMinutes(8), Duration.ofMinutes(14));
      switch (p.type()) {
        case NETWORK_DELAY -> {
          assertThat((int) p.params().get("delayMs")).isBetween(100, 500);
          assertThat((int) p.params().get("jitterMs"))
              .isBetween(0, (int) p.params().get("delayMs") / 5);
          assertThat(p.params().get("direction")).isIn("in", "out", "both");
        }
        case NETWORK_LOSS -> assertThat((int) p.params().get("lossPercent")).isBetween(5, 30);
        case CPU_HOG, CPU_CONTENTION ->
            assertThat((double) p.params().get("share")).isBetween(0.5, 0.9);
        case MEMORY_PRESSURE -> assertThat((int) p.params().get("megabytes")).isBetween(128, 384);
        case EXCEPTION, WRONG_RETURN, FAILING_DEPENDENCY ->
            assertThat((double) p.params().get("rate")).isBetween(0.1, 0.5);
        case SLOW_DEPENDENCY -> assertThat((int) p.params().get("delayMs")).isBetween(100, 600);
      }
    }
  }

  @Test
  void aLengthBoundsTheScheduleInsteadOfACount() {
    List<PlannedFault> plan =
        FaultSchedule.plan(ScheduleSettings.standard(5, 0, Duration.ofMinutes(120)), estate());
    assertThat(FaultSchedule.length(plan)).isLessThanOrEqualTo(Duration.ofMinutes(120));
    // each fault takes at most 19 minutes with its gap: 120 minutes hold at least 6
    assertThat(plan.size()).isBetween(6, 10);
  }

  @Test
  void onlyTheChosenTypesAreDrawnAndATypeWithoutTargetIsLeftOut() {
    Topology noDependencies =
        new Topology(
            List.of(new Topology.Service("a", "api"), new Topology.Service("b", "api")),
            List.of(new Topology.Edge("a", "b", "sync")));
    ScheduleSettings settings =
        new ScheduleSettings(
            1,
            4,
            Duration.ZERO,
            Duration.ofMinutes(1),
            Duration.ofMinutes(1),
            Duration.ZERO,
            Duration.ZERO,
            List.of(FaultType.EXCEPTION, FaultType.SLOW_DEPENDENCY));
    assertThat(FaultSchedule.plan(settings, noDependencies))
        .extracting(PlannedFault::type)
        .containsOnly(FaultType.EXCEPTION);
    ScheduleSettings onlyDependency =
        new ScheduleSettings(
            1,
            4,
            Duration.ZERO,
            Duration.ofMinutes(1),
            Duration.ofMinutes(1),
            Duration.ZERO,
            Duration.ZERO,
            List.of(FaultType.SLOW_DEPENDENCY));
    assertThatThrownBy(() -> FaultSchedule.plan(onlyDependency, noDependencies))
        .hasMessageContaining("no fault type");
  }

  @Test
  void badSettingsAreNamed() {
    assertThatThrownBy(() -> ScheduleSettings.standard(1, 0, Duration.ZERO))
        .hasMessageContaining("number of faults or a length");
    assertThatThrownBy(
            () ->
                new ScheduleSettings(
                    1,
                    1,
                    Duration.ZERO,
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(3),
                    Duration.ZERO,
                    Duration.ZERO,
                    List.of(FaultType.values())))
        .hasMessageContaining("the longest no shorter than the shortest");
    assertThatThrownBy(() -> FaultType.fromWire("meteor"))
        .hasMessageContaining("unknown fault type 'meteor'")
        .hasMessageContaining("network-delay");
  }
}
