package io.mirador.agent;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.mirador.crypto.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Enrichment (tenant, agent id and host on every resource) and the split of a request into lanes:
 * one lane per core endpoint, chosen by trace id so that all spans and logs of a trace travel to
 * the same core endpoint. Works on the resource-level items of a request (ResourceSpans,
 * ResourceMetrics, ResourceLogs), which the batcher concatenates into batches.
 */
final class Shaper {
  static final String TENANT_KEY = "mirador.tenant.id";
  static final String AGENT_KEY = "mirador.agent.id";
  static final String HOST_KEY = "host.name";

  private final KeyValue tenant;
  private final KeyValue agent;
  private final KeyValue host;
  private final int lanes;

  Shaper(String tenant, String agentId, String host, int lanes) {
    this.tenant = kv(TENANT_KEY, tenant);
    this.agent = kv(AGENT_KEY, agentId);
    this.host = kv(HOST_KEY, host);
    if (lanes < 1) {
      throw new IllegalArgumentException("lanes must be >= 1");
    }
    this.lanes = lanes;
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  int lanes() {
    return lanes;
  }

  /** Resource-level items of {@code request}, enriched, per lane (index = lane). */
  List<List<Message>> shape(Signal signal, Message request) {
    List<List<Message>> out = new ArrayList<>(lanes);
    for (int i = 0; i < lanes; i++) {
      out.add(new ArrayList<>());
    }
    switch (signal) {
      case TRACES -> {
        for (ResourceSpans rs : ((ExportTraceServiceRequest) request).getResourceSpansList()) {
          Resource res = enrich(rs.getResource());
          if (lanes == 1) {
            out.get(0).add(rs.toBuilder().setResource(res).build());
          } else {
            splitSpans(rs, res, out);
          }
        }
      }
      case LOGS -> {
        for (ResourceLogs rl : ((ExportLogsServiceRequest) request).getResourceLogsList()) {
          Resource res = enrich(rl.getResource());
          if (lanes == 1) {
            out.get(0).add(rl.toBuilder().setResource(res).build());
          } else {
            splitLogs(rl, res, out);
          }
        }
      }
      case METRICS -> {
        for (ResourceMetrics rm :
            ((ExportMetricsServiceRequest) request).getResourceMetricsList()) {
          Resource res = enrich(rm.getResource());
          int lane = lanes == 1 ? 0 : Math.floorMod(res.hashCode(), lanes);
          out.get(lane).add(rm.toBuilder().setResource(res).build());
        }
      }
      case PROFILES -> throw new IllegalArgumentException("profiles are not supported");
    }
    return out;
  }

  /** The export request made of {@code items} (all of one signal). */
  static Message merge(Signal signal, List<Message> items) {
    return switch (signal) {
      case TRACES -> {
        ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
        for (Message m : items) {
          b.addResourceSpans((ResourceSpans) m);
        }
        yield b.build();
      }
      case LOGS -> {
        ExportLogsServiceRequest.Builder b = ExportLogsServiceRequest.newBuilder();
        for (Message m : items) {
          b.addResourceLogs((ResourceLogs) m);
        }
        yield b.build();
      }
      case METRICS -> {
        ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
        for (Message m : items) {
          b.addResourceMetrics((ResourceMetrics) m);
        }
        yield b.build();
      }
      case PROFILES -> throw new IllegalArgumentException("profiles are not supported");
    };
  }

  /** Records (spans, log records, data points) in one resource-level item. */
  static int records(Message item) {
    int n = 0;
    switch (item) {
      case ResourceSpans rs -> {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          n += ss.getSpansCount();
        }
      }
      case ResourceLogs rl -> {
        for (ScopeLogs sl : rl.getScopeLogsList()) {
          n += sl.getLogRecordsCount();
        }
      }
      case ResourceMetrics rm -> {
        for (var sm : rm.getScopeMetricsList()) {
          for (var m : sm.getMetricsList()) {
            n += OtlpCodec.dataPoints(m);
          }
        }
      }
      default -> throw new IllegalArgumentException("not a resource-level item");
    }
    return n;
  }

  // Senders could set these keys themselves; the agent's values replace theirs (host.name is kept).
  private Resource enrich(Resource r) {
    Resource.Builder b = r.toBuilder();
    boolean hasHost = false;
    for (int i = b.getAttributesCount() - 1; i >= 0; i--) {
      String k = b.getAttributes(i).getKey();
      if (k.equals(TENANT_KEY) || k.equals(AGENT_KEY)) {
        b.removeAttributes(i);
      } else if (k.equals(HOST_KEY)) {
        hasHost = true;
      }
    }
    b.addAttributes(tenant).addAttributes(agent);
    if (!hasHost) {
      b.addAttributes(host);
    }
    return b.build();
  }

  private int lane(ByteString traceId) {
    if (traceId.isEmpty()) {
      return 0;
    }
    // The low 8 bytes of a W3C trace id are random.
    long h = 0;
    for (int i = Math.max(0, traceId.size() - 8); i < traceId.size(); i++) {
      h = (h << 8) | (traceId.byteAt(i) & 0xff);
    }
    return (int) Math.floorMod(h ^ (h >>> 29), (long) lanes);
  }

  private void splitSpans(ResourceSpans rs, Resource res, List<List<Message>> out) {
    ResourceSpans.Builder[] perLane = new ResourceSpans.Builder[lanes];
    for (ScopeSpans ss : rs.getScopeSpansList()) {
      ScopeSpans.Builder[] scopes = new ScopeSpans.Builder[lanes];
      for (Span s : ss.getSpansList()) {
        int lane = lane(s.getTraceId());
        if (scopes[lane] == null) {
          scopes[lane] =
              ScopeSpans.newBuilder().setScope(ss.getScope()).setSchemaUrl(ss.getSchemaUrl());
        }
        scopes[lane].addSpans(s);
      }
      for (int l = 0; l < lanes; l++) {
        if (scopes[l] != null) {
          if (perLane[l] == null) {
            perLane[l] =
                ResourceSpans.newBuilder().setResource(res).setSchemaUrl(rs.getSchemaUrl());
          }
          perLane[l].addScopeSpans(scopes[l]);
        }
      }
    }
    for (int l = 0; l < lanes; l++) {
      if (perLane[l] != null) {
        out.get(l).add(perLane[l].build());
      }
    }
  }

  private void splitLogs(ResourceLogs rl, Resource res, List<List<Message>> out) {
    ResourceLogs.Builder[] perLane = new ResourceLogs.Builder[lanes];
    for (ScopeLogs sl : rl.getScopeLogsList()) {
      ScopeLogs.Builder[] scopes = new ScopeLogs.Builder[lanes];
      for (LogRecord r : sl.getLogRecordsList()) {
        int lane = lane(r.getTraceId());
        if (scopes[lane] == null) {
          scopes[lane] =
              ScopeLogs.newBuilder().setScope(sl.getScope()).setSchemaUrl(sl.getSchemaUrl());
        }
        scopes[lane].addLogRecords(r);
      }
      for (int l = 0; l < lanes; l++) {
        if (scopes[l] != null) {
          if (perLane[l] == null) {
            perLane[l] = ResourceLogs.newBuilder().setResource(res).setSchemaUrl(rl.getSchemaUrl());
          }
          perLane[l].addScopeLogs(scopes[l]);
        }
      }
    }
    for (int l = 0; l < lanes; l++) {
      if (perLane[l] != null) {
        out.get(l).add(perLane[l].build());
      }
    }
  }
}
