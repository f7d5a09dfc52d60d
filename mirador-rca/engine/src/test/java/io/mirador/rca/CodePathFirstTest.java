package io.mirador.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodePathFirstTest {
  private static final CallGraph CALLS =
      CallGraph.builder()
          .addCall("frontend", "orders")
          .addCall("orders", "prices")
          .addCall("frontend", "cache")
          .build();

  @Test
  void withoutSignificantShiftTheMetricOrderStands() {
    List<String> metrics = List.of("cache", "orders", "frontend");

    assertThat(
            CodePathFirst.order(
                Map.of("orders", 2.9, "prices", 1.0, "frontend", 0.0), CALLS, metrics))
        .containsExactly("cache", "orders", "frontend", "prices");
  }

  @Test
  void aShiftedServiceRanksAboveTheMetricOrder() {
    assertThat(
            CodePathFirst.order(
                Map.of("prices", 4.0, "cache", 1.0), CALLS, List.of("cache", "orders", "prices")))
        .containsExactly("prices", "cache", "orders");
  }

  @Test
  void aShiftedCalleeExplainsItsShiftedCaller() {
    // orders shifted more, but it calls prices, which shifted too: prices explains orders
    assertThat(
            CodePathFirst.order(
                Map.of("orders", 9.0, "prices", 3.5, "frontend", 3.2),
                CALLS,
                List.of("frontend", "orders", "prices")))
        .containsExactly("prices", "orders", "frontend");
  }

  @Test
  void aCalleeBelowTheThresholdExplainsNothing() {
    assertThat(
            CodePathFirst.order(
                Map.of("orders", 9.0, "prices", 2.0), CALLS, List.of("prices", "orders")))
        .containsExactly("orders", "prices");
  }

  @Test
  void rejectsNulls() {
    assertThatNullPointerException()
        .isThrownBy(() -> CodePathFirst.order(null, CALLS, List.of()))
        .withMessage("shift");
  }
}
