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
  void aCalleeNamedInAFailingServicesNewErrorsExplainsIt() {
    // orders fails with errors that name prices, whose own spans show nothing: prices takes
    // orders' place, orders follows the unexplained changes, then the metric order
    assertThat(
            CodePathFirst.order(
                Map.of("orders", 9.0, "cache", 4.0),
                Set.of("orders", "cache"),
                Map.of("orders", Set.of("prices")),
                CALLS,
                List.of("frontend", "orders", "cache", "prices")))
        .containsExactly("prices", "cache", "orders", "frontend");
  }

  @Test
  void onlyAFailingServicesOwnCalleesCanBeNamed() {
    // orders names cache, which it does not call: no explanation
    assertThat(
            CodePathFirst.order(
                Map.of("orders", 9.0),
                Set.of("orders"),
                Map.of("orders", Set.of("cache")),
                CALLS,
                List.of("frontend", "orders", "cache", "prices")))
        .containsExactly("orders", "frontend", "cache", "prices");
    // orders took another normal branch that names prices: not a failure, no explanation
    assertThat(
            CodePathFirst.order(
                Map.of("orders", 9.0),
                Set.of(),
                Map.of("orders", Set.of("prices")),
                CALLS,
                List.of("frontend", "orders", "cache", "prices")))
        .containsExactly("orders", "frontend", "cache", "prices");
  }

  @Test
  void severalNamedCalleesFollowTheMetricOrder() {
    assertThat(
            CodePathFirst.order(
                Map.of("frontend", 9.0),
                Set.of("frontend"),
                Map.of("frontend", Set.of("orders", "cache")),
                CALLS,
                List.of("cache", "frontend", "orders", "prices")))
        .containsExactly("cache", "orders", "frontend", "prices");
  }

  @Test
  void descendingANamedCalleePassesTheBlameToTheFirstItReachesInTheMetricOrder() {
    // frontend's timeouts name orders; orders only waited for prices (first in the metric order
    // of orders and what it reaches); cache is not below orders and stays where it is
    Map<String, Set<String>> named = Map.of("frontend", Set.of("orders"));
    List<String> metrics = List.of("cache", "prices", "frontend", "orders");
    assertThat(
            CodePathFirst.order(
                Map.of("frontend", 9.0), Set.of("frontend"), named, s -> true, CALLS, metrics))
        .containsExactly("prices", "frontend", "cache", "orders");
    assertThat(
            CodePathFirst.order(
                Map.of("frontend", 9.0), Set.of("frontend"), named, s -> false, CALLS, metrics))
        .containsExactly("orders", "frontend", "cache", "prices");
    // orders itself first in the metric order: it keeps the blame
    assertThat(
            CodePathFirst.order(
                Map.of("frontend", 9.0),
                Set.of("frontend"),
                named,
                s -> true,
                CALLS,
                List.of("orders", "prices", "frontend", "cache")))
        .containsExactly("orders", "frontend", "prices", "cache");
  }

  @Test
  void onlyTheNamedCalleesTheRuleAcceptsPassTheBlameDown() {
    // frontend names orders and cache; orders was slow (descends to prices), cache answered on time
    Map<String, Set<String>> named = Map.of("frontend", Set.of("orders", "cache"));
    assertThat(
            CodePathFirst.order(
                Map.of("frontend", 9.0),
                Set.of("frontend"),
                named,
                "orders"::equals,
                CALLS,
                List.of("prices", "orders", "cache", "frontend")))
        .containsExactly("prices", "cache", "frontend", "orders");
  }

  @Test
  void aNamedCalleeThatReachesAChangedServiceIsExplainedByIt() {
    // frontend's errors name orders; orders only passed on what prices, which calls nothing but
    // whose own code path changed (an exception), answered: prices, not orders, comes first
    assertThat(
            CodePathFirst.order(
                Map.of("frontend", 9.0, "prices", 4.0),
                Set.of("frontend", "prices"),
                Map.of("frontend", Set.of("orders")),
                s -> false,
                CALLS,
                List.of("orders", "frontend", "prices", "cache")))
        .containsExactly("prices", "frontend", "orders", "cache");
  }

  @Test
  void aSlowCalleeExplainsItsChangedCallerOnlyWhenAsked() {
    // frontend takes its fallback branch (not failing, nothing named); cache's own latency rose
    List<String> metrics = List.of("frontend", "orders", "cache", "prices");
    assertThat(
            CodePathFirst.order(
                Map.of("frontend", 9.0), Set.of(), Map.of(), "cache"::equals, true, CALLS, metrics))
        .containsExactly("cache", "frontend", "orders", "prices");
    assertThat(
            CodePathFirst.order(
                Map.of("frontend", 9.0),
                Set.of(),
                Map.of(),
                "cache"::equals,
                false,
                CALLS,
                metrics))
        .containsExactly("frontend", "orders", "cache", "prices");
    // a slow callee passes the blame to the first it reaches in the metric order
    assertThat(
            CodePathFirst.order(
                Map.of("frontend", 9.0),
                Set.of(),
                Map.of(),
                "orders"::equals,
                true,
                CALLS,
                metrics))
        .containsExactly("orders", "frontend", "cache", "prices");
    assertThat(
            CodePathFirst.order(
                Map.of("frontend", 9.0),
                Set.of(),
                Map.of(),
                "orders"::equals,
                true,
                CALLS,
                List.of("prices", "frontend", "orders", "cache")))
        .containsExactly("prices", "frontend", "orders", "cache");
  }

  @Test
  void aSlowCalleeThatReachesAChangedServiceOrIsChangedItselfExplainsNothingMore() {
    // orders is slow but prices below it changed: prices explains orders' caller's change too
    assertThat(
            CodePathFirst.order(
                Map.of("frontend", 9.0, "prices", 4.0),
                Set.of(),
                Map.of(),
                "orders"::equals,
                true,
                CALLS,
                List.of("orders", "frontend", "prices", "cache")))
        .containsExactly("prices", "frontend", "orders", "cache");
    // a slow callee that changed is already a changed callee: the usual rule
    assertThat(
            CodePathFirst.order(
                Map.of("frontend", 9.0, "orders", 4.0),
                Set.of(),
                Map.of(),
                "orders"::equals,
                true,
                CALLS,
                List.of("cache", "frontend", "orders", "prices")))
        .containsExactly("orders", "frontend", "cache", "prices");
  }

  @Test
  void rejectsNulls() {
    assertThatNullPointerException()
        .isThrownBy(() -> CodePathFirst.order(null, CALLS, List.of()))
        .withMessage("changed");
    assertThatNullPointerException()
        .isThrownBy(() -> CodePathFirst.order(Map.of(), null, CALLS, List.of()))
        .withMessage("failing");
    assertThatNullPointerException()
        .isThrownBy(() -> CodePathFirst.order(Map.of(), Set.of(), null, CALLS, List.of()))
        .withMessage("named");
    assertThatNullPointerException()
        .isThrownBy(() -> CodePathFirst.order(Map.of(), Set.of(), Map.of(), null, CALLS, List.of()))
        .withMessage("descend");
  }
}
