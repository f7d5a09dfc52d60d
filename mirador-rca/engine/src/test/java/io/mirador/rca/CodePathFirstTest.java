package io.mirador.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CodePathFirstTest {
  private static final CallGraph CALLS =
      CallGraph.builder()
          .addCall("frontend", "orders")
          .addCall("orders", "prices")
          .addCall("frontend", "cache")
          .build();

  @Test
  void withoutSignificantChangeTheMetricOrderStands() {
    List<String> metrics = List.of("cache", "orders", "frontend");

    assertThat(CodePathFirst.order(Map.of(), CALLS, metrics)).isEqualTo(metrics);
  }

  @Test
  void aChangedServiceRanksAboveTheMetricOrderLargerChangesFirst() {
    assertThat(
            CodePathFirst.order(
                Map.of("prices", 0.4, "cache", 0.9), CALLS, List.of("cache", "orders", "prices")))
        .containsExactly("cache", "prices", "orders");
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
  void aCalleeWithoutSignificantChangeExplainsNothing() {
    assertThat(CodePathFirst.order(Map.of("orders", 9.0), CALLS, List.of("prices", "orders")))
        .containsExactly("orders", "prices");
  }

  @Test
  void aFailingServiceRanksBeforeOneThatTookAnotherBranchAndCalleesStillExplain() {
    // cache took another normal branch (larger change); prices now fails, and so does orders,
    // which calls prices: prices explains orders, and cache follows the failing prices
    assertThat(
            CodePathFirst.order(
                Map.of("cache", 9.0, "prices", 3.5, "orders", 5.0),
                Set.of("prices", "orders"),
                CALLS,
                List.of("frontend", "cache", "orders", "prices")))
        .containsExactly("prices", "cache", "orders", "frontend");
  }

  @Test
  void rejectsNulls() {
    assertThatNullPointerException()
        .isThrownBy(() -> CodePathFirst.order(null, CALLS, List.of()))
        .withMessage("changed");
    assertThatNullPointerException()
        .isThrownBy(() -> CodePathFirst.order(Map.of(), null, CALLS, List.of()))
        .withMessage("failing");
  }
}
