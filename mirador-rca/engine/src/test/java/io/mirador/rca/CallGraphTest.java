package io.mirador.rca;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallGraphTest {
  @Test
  void shortestCallPath() {
    CallGraph g =
        CallGraph.builder()
            .addCall("a", "b")
            .addCall("b", "c")
            .addCall("a", "c")
            .addCall("c", "c")
            .addCall("d", "a")
            .build();
    assertThat(g.path("a", "c")).containsExactly("a", "c");
    assertThat(g.path("d", "c")).containsExactly("d", "a", "c");
    assertThat(g.path("c", "a")).isEmpty();
    assertThat(g.path("a", "a")).containsExactly("a");
    assertThat(g.callees("c")).isEmpty();
  }

  @Test
  void reachableFromAServiceIsItAndEverythingItCallsDirectlyOrNot() {
    CallGraph g =
        CallGraph.builder()
            .addCall("frontend", "orders")
            .addCall("orders", "prices")
            .addCall("prices", "orders")
            .addCall("frontend", "cache")
            .build();
    assertThat(g.reachableFrom("orders")).containsExactlyInAnyOrder("orders", "prices");
    assertThat(g.reachableFrom("frontend"))
        .containsExactlyInAnyOrder("frontend", "orders", "prices", "cache");
    assertThat(g.reachableFrom("cache")).containsExactly("cache");
    assertThat(g.reachableFrom("nowhere")).containsExactly("nowhere");
  }
}
