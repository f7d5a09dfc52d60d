package io.mirador.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.mirador.crypto.Signal;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShaperTest {
  @Test
  void spansOfOneTraceShareALaneAndLanesAreUsed() {
    Shaper shaper = new Shaper("acme", "a1", "h1", 3);
    ExportTraceServiceRequest req = Fixtures.traces(new Random(3), 300);
    // Give every 10 spans the same trace id.
    ExportTraceServiceRequest.Builder b = req.toBuilder();
    var spans = b.getResourceSpansBuilder(0).getScopeSpansBuilder(0);
    for (int i = 0; i < spans.getSpansCount(); i++) {
      spans.getSpansBuilder(i).setTraceId(spans.getSpans(i - i % 10).getTraceId());
    }
    List<List<Message>> lanes = shaper.shape(Signal.TRACES, b.build());
    Map<String, Integer> laneOfTrace = new HashMap<>();
    int total = 0;
    for (int lane = 0; lane < 3; lane++) {
      assertThat(lanes.get(lane)).isNotEmpty();
      for (Message m : lanes.get(lane)) {
        total += Shaper.records(m);
        for (var ss : ((ResourceSpans) m).getScopeSpansList()) {
          for (var s : ss.getSpansList()) {
            Integer before = laneOfTrace.put(s.getTraceId().toStringUtf8(), lane);
            assertThat(before == null || before == lane).isTrue();
          }
        }
      }
    }
    assertThat(total).isEqualTo(300);
  }

  @Test
  void enrichmentReplacesSpoofedTenantAndKeepsTheSendersHost() {
    Shaper shaper = new Shaper("acme", "a1", "h1", 1);
    ExportTraceServiceRequest.Builder b = Fixtures.traces(new Random(4), 2).toBuilder();
    b.getResourceSpansBuilder(0)
        .getResourceBuilder()
        .addAttributes(Fixtures.attr(Shaper.TENANT_KEY, "other-tenant"))
        .addAttributes(Fixtures.attr(Shaper.HOST_KEY, "app-host"));
    ResourceSpans rs = (ResourceSpans) shaper.shape(Signal.TRACES, b.build()).get(0).get(0);
    Map<String, String> attrs = new HashMap<>();
    for (KeyValue kv : rs.getResource().getAttributesList()) {
      assertThat(attrs.put(kv.getKey(), kv.getValue().getStringValue())).isNull();
    }
    assertThat(attrs)
        .containsEntry(Shaper.TENANT_KEY, "acme")
        .containsEntry(Shaper.AGENT_KEY, "a1")
        .containsEntry(Shaper.HOST_KEY, "app-host")
        .containsEntry("service.name", "shop");
  }
}
