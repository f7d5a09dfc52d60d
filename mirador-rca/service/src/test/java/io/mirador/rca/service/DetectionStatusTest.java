package io.mirador.rca.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.rca.online.BaselineTolerance;
import io.mirador.rca.online.DetectionLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DetectionStatusTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  private static DetectionLoop.Status status(int services, int minutes, int fitted) {
    return new DetectionLoop.Status(
        services,
        minutes,
        0,
        Optional.of(NOW),
        fitted == 0 ? Optional.empty() : Optional.of(new BaselineTolerance(fitted, 30)));
  }

  @Test
  void learningCountsTowardsTheMinutesNeededBeforeScoring() {
    assertThat(DetectionService.describe(status(0, 3, 0), 5))
        .isEqualTo("learning the baseline: 3 of 5 minutes");
    // A tenant whose services lost their detectors (a long incident) has more minutes than needed.
    assertThat(DetectionService.describe(status(0, 170, 0), 5))
        .isEqualTo("learning the baseline: 5 of 5 minutes");
  }

  @Test
  void aShortBaselineSaysHowMuchTheToleranceIsWidened() {
    assertThat(DetectionService.describe(status(4, 7, 7), 5))
        .isEqualTo("watching (short baseline: 7 of 30 minutes, tolerance widened x2.07)");
    assertThat(DetectionService.describe(status(4, 29, 29), 5))
        .isEqualTo("watching (short baseline: 29 of 30 minutes, tolerance widened x1.02)");
    assertThat(DetectionService.describe(status(4, 30, 30), 5)).isEqualTo("watching");
    assertThat(DetectionService.describe(status(4, 180, 180), 5)).isEqualTo("watching");
  }

  @Test
  void aMinuteIsEvaluatedAsSoonAsItHasSettled() {
    // 20 s settle: runs at :25, when the minute that ended 25 s before is the latest settled one.
    assertThat(DetectionService.firstRun(NOW.plusSeconds(3), Duration.ofSeconds(20)))
        .isEqualTo(NOW.plusSeconds(25));
    assertThat(DetectionService.firstRun(NOW.plusSeconds(30), Duration.ofSeconds(20)))
        .isEqualTo(NOW.plusSeconds(85));
    // A whole-minute settle keeps the former 5 s past the minute.
    assertThat(DetectionService.firstRun(NOW.plusSeconds(3), Duration.ofMinutes(1)))
        .isEqualTo(NOW.plusSeconds(5));
    assertThat(DetectionService.firstRun(NOW.plusSeconds(5), Duration.ofMinutes(1)))
        .isEqualTo(NOW.plusSeconds(65));
  }
}
