package io.mirador.core.ingest;

import io.mirador.store.DependencyEdge;
import io.mirador.store.FeatureQuery;
import io.mirador.store.LogQuery;
import io.mirador.store.MetricQuery;
import io.mirador.store.MetricSeries;
import io.mirador.store.Page;
import io.mirador.store.ServiceMinute;
import io.mirador.store.SpanQuery;
import io.mirador.store.StoredLog;
import io.mirador.store.StoredSpan;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TenantId;
import io.mirador.store.TimeRange;
import java.util.List;

/**
 * What the ingest pipeline's store doubles share: the pipeline only writes, so every read and
 * erasure fails loudly (a test that reaches one has left the pipeline), and retention and close do
 * nothing. The doubles differ in how they write and in the schema version and stats they report.
 */
abstract class WriteOnlyStore implements TelemetryStore {
  @Override
  public final List<StoredSpan> trace(TenantId tenant, String traceId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public final Page<StoredSpan> searchSpans(SpanQuery query) {
    throw new UnsupportedOperationException();
  }

  @Override
  public final Page<StoredLog> searchLogs(LogQuery query) {
    throw new UnsupportedOperationException();
  }

  @Override
  public final List<MetricSeries> metricSeries(MetricQuery query) {
    throw new UnsupportedOperationException();
  }

  @Override
  public final List<ServiceMinute> serviceFeatures(FeatureQuery query) {
    throw new UnsupportedOperationException();
  }

  @Override
  public final List<DependencyEdge> dependencies(TenantId tenant, TimeRange range) {
    throw new UnsupportedOperationException();
  }

  @Override
  public final long eraseTenant(TenantId tenant) {
    throw new UnsupportedOperationException();
  }

  @Override
  public final void enforceRetention() {}

  @Override
  public final void close() {}
}
