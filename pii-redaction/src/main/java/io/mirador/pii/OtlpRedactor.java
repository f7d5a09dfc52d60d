package io.mirador.pii;

import static java.util.Objects.requireNonNull;

import io.mirador.crypto.PseudonymizationKey;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Walks OTLP export requests and redacts every place PII can hide: resource and scope attributes,
 * span names, span attributes, events (name and attributes), links, status messages, log bodies
 * (strings, nested maps and arrays), log attributes, and metric data-point and exemplar attributes.
 * Trace and span ids, timestamps and metric values are never touched; no resource, scope, span,
 * event, link, log record, metric or data point is added or removed.
 *
 * <p>The counts of each resource's redactions are added to that resource as {@code
 * mirador.redaction.<source>.<action>} integer attributes (summed with counts already there, so the
 * core's second pass adds to the agent's) and recorded in {@link #metrics()}.
 */
public final class OtlpRedactor {
  private final Redactor redactor;
  private final RedactionMetrics metrics;

  private OtlpRedactor(Redactor redactor, RedactionMetrics metrics) {
    this.redactor = requireNonNull(redactor, "redactor");
    this.metrics = requireNonNull(metrics, "metrics");
  }

  public static OtlpRedactor create(RedactionPolicy policy, PseudonymizationKey key) {
    return new OtlpRedactor(Redactor.create(policy, key), new RedactionMetrics());
  }

  public static OtlpRedactor create(
      RedactionPolicy policy, PseudonymizationKey key, RedactionMetrics metrics) {
    return new OtlpRedactor(Redactor.create(policy, key), metrics);
  }

  public RedactionMetrics metrics() {
    return metrics;
  }

  public Redactor redactor() {
    return redactor;
  }

  // ---------------------------------------------------------------------------------------------
  // Traces

  public Redacted<ExportTraceServiceRequest> redact(ExportTraceServiceRequest request) {
    RedactionCounts.Tally total = new RedactionCounts.Tally();
    List<ResourceSpans> in = request.getResourceSpansList();
    List<ResourceSpans> out = map(in, rs -> resourceSpans(rs, total));
    ExportTraceServiceRequest result =
        out == in
            ? request
            : request.toBuilder().clearResourceSpans().addAllResourceSpans(out).build();
    return finish(result, total);
  }

  private ResourceSpans resourceSpans(ResourceSpans rs, RedactionCounts.Tally total) {
    RedactionCounts.Tally tally = new RedactionCounts.Tally();
    Resource resource = resource(rs.getResource(), tally);
    List<ScopeSpans> scopes = map(rs.getScopeSpansList(), ss -> scopeSpans(ss, tally));
    if (tally.total == 0) {
      return rs;
    }
    total.addAll(tally);
    return rs.toBuilder()
        .setResource(withCounts(resource, tally))
        .clearScopeSpans()
        .addAllScopeSpans(scopes)
        .build();
  }

  private ScopeSpans scopeSpans(ScopeSpans ss, RedactionCounts.Tally tally) {
    InstrumentationScope scope = scope(ss.getScope(), tally);
    List<Span> spans = map(ss.getSpansList(), s -> span(s, tally));
    if (scope == ss.getScope() && spans == ss.getSpansList()) {
      return ss;
    }
    return ss.toBuilder().setScope(scope).clearSpans().addAllSpans(spans).build();
  }

  private Span span(Span span, RedactionCounts.Tally tally) {
    String name = redactor.redactField(span.getName(), tally);
    List<KeyValue> attributes = attributes(span.getAttributesList(), tally);
    List<Span.Event> events = map(span.getEventsList(), e -> event(e, tally));
    List<Span.Link> links = map(span.getLinksList(), l -> link(l, tally));
    Status status = span.getStatus();
    String message = redactor.redactField(status.getMessage(), tally);
    if (name == span.getName()
        && attributes == span.getAttributesList()
        && events == span.getEventsList()
        && links == span.getLinksList()
        && message == status.getMessage()) {
      return span;
    }
    Span.Builder b = span.toBuilder().setName(name);
    if (attributes != span.getAttributesList()) {
      b.clearAttributes().addAllAttributes(attributes);
    }
    if (events != span.getEventsList()) {
      b.clearEvents().addAllEvents(events);
    }
    if (links != span.getLinksList()) {
      b.clearLinks().addAllLinks(links);
    }
    if (message != status.getMessage()) {
      b.setStatus(status.toBuilder().setMessage(message));
    }
    return b.build();
  }

  private Span.Event event(Span.Event event, RedactionCounts.Tally tally) {
    String name = redactor.redactField(event.getName(), tally);
    List<KeyValue> attributes = attributes(event.getAttributesList(), tally);
    if (name == event.getName() && attributes == event.getAttributesList()) {
      return event;
    }
    return event.toBuilder().setName(name).clearAttributes().addAllAttributes(attributes).build();
  }

  private Span.Link link(Span.Link link, RedactionCounts.Tally tally) {
    List<KeyValue> attributes = attributes(link.getAttributesList(), tally);
    if (attributes == link.getAttributesList()) {
      return link;
    }
    return link.toBuilder().clearAttributes().addAllAttributes(attributes).build();
  }

  // ---------------------------------------------------------------------------------------------
  // Logs

  public Redacted<ExportLogsServiceRequest> redact(ExportLogsServiceRequest request) {
    RedactionCounts.Tally total = new RedactionCounts.Tally();
    List<ResourceLogs> in = request.getResourceLogsList();
    List<ResourceLogs> out = map(in, rl -> resourceLogs(rl, total));
    ExportLogsServiceRequest result =
        out == in
            ? request
            : request.toBuilder().clearResourceLogs().addAllResourceLogs(out).build();
    return finish(result, total);
  }

  private ResourceLogs resourceLogs(ResourceLogs rl, RedactionCounts.Tally total) {
    RedactionCounts.Tally tally = new RedactionCounts.Tally();
    Resource resource = resource(rl.getResource(), tally);
    List<ScopeLogs> scopes = map(rl.getScopeLogsList(), sl -> scopeLogs(sl, tally));
    if (tally.total == 0) {
      return rl;
    }
    total.addAll(tally);
    return rl.toBuilder()
        .setResource(withCounts(resource, tally))
        .clearScopeLogs()
        .addAllScopeLogs(scopes)
        .build();
  }

  private ScopeLogs scopeLogs(ScopeLogs sl, RedactionCounts.Tally tally) {
    InstrumentationScope scope = scope(sl.getScope(), tally);
    List<LogRecord> logs = map(sl.getLogRecordsList(), r -> logRecord(r, tally));
    if (scope == sl.getScope() && logs == sl.getLogRecordsList()) {
      return sl;
    }
    return sl.toBuilder().setScope(scope).clearLogRecords().addAllLogRecords(logs).build();
  }

  private LogRecord logRecord(LogRecord log, RedactionCounts.Tally tally) {
    AnyValue body = log.hasBody() ? redactor.redactBody(log.getBody(), tally) : log.getBody();
    List<KeyValue> attributes = attributes(log.getAttributesList(), tally);
    if (body == log.getBody() && attributes == log.getAttributesList()) {
      return log;
    }
    LogRecord.Builder b = log.toBuilder();
    if (log.hasBody()) {
      b.setBody(body);
    }
    return b.clearAttributes().addAllAttributes(attributes).build();
  }

  // ---------------------------------------------------------------------------------------------
  // Metrics

  public Redacted<ExportMetricsServiceRequest> redact(ExportMetricsServiceRequest request) {
    RedactionCounts.Tally total = new RedactionCounts.Tally();
    List<ResourceMetrics> in = request.getResourceMetricsList();
    List<ResourceMetrics> out = map(in, rm -> resourceMetrics(rm, total));
    ExportMetricsServiceRequest result =
        out == in
            ? request
            : request.toBuilder().clearResourceMetrics().addAllResourceMetrics(out).build();
    return finish(result, total);
  }

  private ResourceMetrics resourceMetrics(ResourceMetrics rm, RedactionCounts.Tally total) {
    RedactionCounts.Tally tally = new RedactionCounts.Tally();
    Resource resource = resource(rm.getResource(), tally);
    List<ScopeMetrics> scopes = map(rm.getScopeMetricsList(), sm -> scopeMetrics(sm, tally));
    if (tally.total == 0) {
      return rm;
    }
    total.addAll(tally);
    return rm.toBuilder()
        .setResource(withCounts(resource, tally))
        .clearScopeMetrics()
        .addAllScopeMetrics(scopes)
        .build();
  }

  private ScopeMetrics scopeMetrics(ScopeMetrics sm, RedactionCounts.Tally tally) {
    InstrumentationScope scope = scope(sm.getScope(), tally);
    List<Metric> metricsList = map(sm.getMetricsList(), m -> metric(m, tally));
    if (scope == sm.getScope() && metricsList == sm.getMetricsList()) {
      return sm;
    }
    return sm.toBuilder().setScope(scope).clearMetrics().addAllMetrics(metricsList).build();
  }

  private Metric metric(Metric m, RedactionCounts.Tally tally) {
    switch (m.getDataCase()) {
      case GAUGE -> {
        Gauge g = m.getGauge();
        List<NumberDataPoint> p = map(g.getDataPointsList(), d -> numberPoint(d, tally));
        return p == g.getDataPointsList()
            ? m
            : m.toBuilder().setGauge(g.toBuilder().clearDataPoints().addAllDataPoints(p)).build();
      }
      case SUM -> {
        Sum s = m.getSum();
        List<NumberDataPoint> p = map(s.getDataPointsList(), d -> numberPoint(d, tally));
        return p == s.getDataPointsList()
            ? m
            : m.toBuilder().setSum(s.toBuilder().clearDataPoints().addAllDataPoints(p)).build();
      }
      case HISTOGRAM -> {
        Histogram h = m.getHistogram();
        List<HistogramDataPoint> p = map(h.getDataPointsList(), d -> histogramPoint(d, tally));
        return p == h.getDataPointsList()
            ? m
            : m.toBuilder()
                .setHistogram(h.toBuilder().clearDataPoints().addAllDataPoints(p))
                .build();
      }
      case EXPONENTIAL_HISTOGRAM -> {
        ExponentialHistogram h = m.getExponentialHistogram();
        List<ExponentialHistogramDataPoint> p =
            map(h.getDataPointsList(), d -> exponentialPoint(d, tally));
        return p == h.getDataPointsList()
            ? m
            : m.toBuilder()
                .setExponentialHistogram(h.toBuilder().clearDataPoints().addAllDataPoints(p))
                .build();
      }
      case SUMMARY -> {
        Summary s = m.getSummary();
        List<SummaryDataPoint> p = map(s.getDataPointsList(), d -> summaryPoint(d, tally));
        return p == s.getDataPointsList()
            ? m
            : m.toBuilder().setSummary(s.toBuilder().clearDataPoints().addAllDataPoints(p)).build();
      }
      default -> {
        return m;
      }
    }
  }

  private NumberDataPoint numberPoint(NumberDataPoint d, RedactionCounts.Tally tally) {
    List<KeyValue> a = attributes(d.getAttributesList(), tally);
    List<Exemplar> e = map(d.getExemplarsList(), x -> exemplar(x, tally));
    if (a == d.getAttributesList() && e == d.getExemplarsList()) {
      return d;
    }
    return d.toBuilder()
        .clearAttributes()
        .addAllAttributes(a)
        .clearExemplars()
        .addAllExemplars(e)
        .build();
  }

  private HistogramDataPoint histogramPoint(HistogramDataPoint d, RedactionCounts.Tally tally) {
    List<KeyValue> a = attributes(d.getAttributesList(), tally);
    List<Exemplar> e = map(d.getExemplarsList(), x -> exemplar(x, tally));
    if (a == d.getAttributesList() && e == d.getExemplarsList()) {
      return d;
    }
    return d.toBuilder()
        .clearAttributes()
        .addAllAttributes(a)
        .clearExemplars()
        .addAllExemplars(e)
        .build();
  }

  private ExponentialHistogramDataPoint exponentialPoint(
      ExponentialHistogramDataPoint d, RedactionCounts.Tally tally) {
    List<KeyValue> a = attributes(d.getAttributesList(), tally);
    List<Exemplar> e = map(d.getExemplarsList(), x -> exemplar(x, tally));
    if (a == d.getAttributesList() && e == d.getExemplarsList()) {
      return d;
    }
    return d.toBuilder()
        .clearAttributes()
        .addAllAttributes(a)
        .clearExemplars()
        .addAllExemplars(e)
        .build();
  }

  private SummaryDataPoint summaryPoint(SummaryDataPoint d, RedactionCounts.Tally tally) {
    List<KeyValue> a = attributes(d.getAttributesList(), tally);
    return a == d.getAttributesList()
        ? d
        : d.toBuilder().clearAttributes().addAllAttributes(a).build();
  }

  private Exemplar exemplar(Exemplar x, RedactionCounts.Tally tally) {
    List<KeyValue> a = attributes(x.getFilteredAttributesList(), tally);
    return a == x.getFilteredAttributesList()
        ? x
        : x.toBuilder().clearFilteredAttributes().addAllFilteredAttributes(a).build();
  }

  // ---------------------------------------------------------------------------------------------
  // Shared

  private Resource resource(Resource r, RedactionCounts.Tally tally) {
    List<KeyValue> a = attributes(r.getAttributesList(), tally);
    return a == r.getAttributesList()
        ? r
        : r.toBuilder().clearAttributes().addAllAttributes(a).build();
  }

  private InstrumentationScope scope(InstrumentationScope s, RedactionCounts.Tally tally) {
    List<KeyValue> a = attributes(s.getAttributesList(), tally);
    return a == s.getAttributesList()
        ? s
        : s.toBuilder().clearAttributes().addAllAttributes(a).build();
  }

  private List<KeyValue> attributes(List<KeyValue> in, RedactionCounts.Tally tally) {
    return in.isEmpty() ? in : redactor.redactAttributes(in, true, tally, 0);
  }

  /** Adds (or increases) the {@code mirador.redaction.*} counters on a resource. */
  static Resource withCounts(Resource resource, RedactionCounts.Tally tally) {
    Map<String, Integer> index = new HashMap<>();
    List<KeyValue> attributes = new ArrayList<>(resource.getAttributesList());
    for (int i = 0; i < attributes.size(); i++) {
      if (attributes.get(i).getKey().startsWith(RedactionCounts.ATTRIBUTE_PREFIX)) {
        index.put(attributes.get(i).getKey(), i);
      }
    }
    for (int s = 0; s < RedactionCounts.SOURCES; s++) {
      for (int a = 0; a < RedactionCounts.ACTIONS; a++) {
        long c = tally.counts[s * RedactionCounts.ACTIONS + a];
        if (c == 0) {
          continue;
        }
        String key = RedactionCounts.attributeKey(s, a);
        Integer at = index.get(key);
        if (at == null) {
          attributes.add(counter(key, c));
        } else {
          AnyValue old = attributes.get(at).getValue();
          long previous = old.hasIntValue() ? old.getIntValue() : 0;
          attributes.set(at, counter(key, previous + c));
        }
      }
    }
    return resource.toBuilder().clearAttributes().addAllAttributes(attributes).build();
  }

  private static KeyValue counter(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  private <T> Redacted<T> finish(T message, RedactionCounts.Tally total) {
    RedactionCounts counts = total.snapshot();
    metrics.record(counts);
    return new Redacted<>(message, counts);
  }

  /** Applies {@code f} to each element; returns {@code in} itself if no element changed. */
  static <T> List<T> map(List<T> in, UnaryOperator<T> f) {
    List<T> out = null;
    for (int i = 0; i < in.size(); i++) {
      T x = in.get(i);
      T y = f.apply(x);
      if (y != x && out == null) {
        out = new ArrayList<>(in.size());
        out.addAll(in.subList(0, i));
      }
      if (out != null) {
        out.add(y);
      }
    }
    return out == null ? in : out;
  }
}
