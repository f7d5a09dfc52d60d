package io.mirador.store;

import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.util.List;

/**
 * What {@link TelemetryStore}'s default {@code encode*} methods return: the resources themselves,
 * for stores that have nothing to gain from encoding early.
 */
record DeferredRows(Kind kind, TenantId tenant, Retention retention, List<?> resources, int rows)
    implements EncodedRows {

  record Owner(TenantId tenant, Retention retention) {}

  Owner owner() {
    return new Owner(tenant, retention);
  }

  static DeferredRows spans(TenantId tenant, Retention retention, List<ResourceSpans> spans) {
    int rows = 0;
    for (ResourceSpans r : spans) {
      for (ScopeSpans s : r.getScopeSpansList()) {
        rows += s.getSpansCount();
      }
    }
    return new DeferredRows(Kind.SPANS, tenant, retention, List.copyOf(spans), rows);
  }

  static DeferredRows logs(TenantId tenant, Retention retention, List<ResourceLogs> logs) {
    int rows = 0;
    for (ResourceLogs r : logs) {
      for (ScopeLogs s : r.getScopeLogsList()) {
        rows += s.getLogRecordsCount();
      }
    }
    return new DeferredRows(Kind.LOGS, tenant, retention, List.copyOf(logs), rows);
  }
}
