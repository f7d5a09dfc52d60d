package io.mirador.rca.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

class OtlpBatchesTest {
  @Test
  void requestsAreCutIntoBatchesThatKeepTheirResourcesAndEverySpan() {
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    int[] sizes = {OtlpBatches.MAX_ITEMS - 1, 3, 2 * OtlpBatches.MAX_ITEMS + 5};
    for (int r = 0; r < sizes.length; r++) {
      ScopeSpans.Builder scope = ScopeSpans.newBuilder();
      for (int i = 0; i < sizes[r]; i++) {
        scope.addSpans(Span.newBuilder().setName("s" + r + "-" + i));
      }
      request.addResourceSpans(
          ResourceSpans.newBuilder()
              .setResource(Otlp.podResource("svc" + r + "-a-b"))
              .addScopeSpans(scope));
    }

    var batches = OtlpBatches.split(request.build());

    assertThat(batches)
        .allSatisfy(
            b ->
                assertThat(
                        b.getResourceSpansList().stream()
                            .mapToInt(r -> r.getScopeSpans(0).getSpansCount())
                            .sum())
                    .isLessThanOrEqualTo(OtlpBatches.MAX_ITEMS));
    assertThat(
            batches.stream()
                .flatMap(b -> b.getResourceSpansList().stream())
                .filter(r -> r.getResource().equals(Otlp.podResource("svc2-a-b")))
                .mapToInt(r -> r.getScopeSpans(0).getSpansCount())
                .sum())
        .isEqualTo(sizes[2]);
    assertThat(batches).hasSize(4);
  }
}
