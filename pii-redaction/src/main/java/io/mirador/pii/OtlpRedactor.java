package io.mirador.pii;

import static java.util.Objects.requireNonNull;

import io.mirador.crypto.PseudonymizationKey;
import io.mirador.pii.RedactionCounts.Location;
import io.mirador.pii.RedactionCounts.Signal;
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
 * mirador.redaction.<source>.<action>.<location>} integer attributes (summed with counts already
 * there, so the core's second pass adds to the agent's) and recorded, with their signal, in {@link
 * #metrics()}. The location is set on the tally before each part is redacted.
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

  /**
   * What this redactor would redact in a value read back from the store, for the audit scan: the
   * findings of the policy's enabled detectors (context-free ones, and SQL literals under SQL keys)
   * and the key rules that would still apply, at {@code signal} and {@code location}. Text inside
   * an earlier redaction (the mask or a token) is not found again, so redacted data counts nothing.
   *
   * @param key the attribute key, or null for a text field (span or event name, status message, log
   *     body)
   */
  public RedactionCounts audit(Signal signal, Location location, String key, String value) {
    requireNonNull(value, "value");
    RedactionCounts.Tally tally = new RedactionCounts.Tally(signal).at(location);
    if (key == null) {
      redactor.redactField(value, tally);
    } else {
      redactor.redactAttributes(
          List.of(
              KeyValue.newBuilder()
                  .setKey(key)
                  .setValue(AnyValue.newBuilder().setStringValue(value))
                  .build()),
          true,
          tally,
          0);
    }
    return tally.snapshot();
  }

  // ---------------------------------------------------------------------------------------------
  // Traces

  public Redacted<ExportTraceServiceRequest> redact(ExportTraceServiceRequest request) {
    RedactionCounts.Tally total = new RedactionCounts.Tally(Signal.TRACES);
    List<ResourceSpans> in = request.getResourceSpansList();
    List<ResourceSpans> out = map(in, rs -> resourceSpans(rs, total));
    ExportTraceServiceRequest result =
        out == in
            ? request
            : request.toBuilder().clearResourceSpans().addAllResourceSpans(out).build();
    return finish(result, total);
  }

  private ResourceSpans resourceSpans(ResourceSpans rs, RedactionCounts.Tally total) {
    RedactionCounts.Tally tally = new RedactionCounts.Tally(Signal.TRACES);
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
    String name = redactor.redactField(span.getName(), tally.at(Location.SPAN_NAME));
    List<KeyValue> attributes =
        attributes(span.getAttributesList(), tally.at(Location.SPAN_ATTRIBUTE));
    List<Span.Event> events =
        map(span.getEventsList(), e -> event(e, tally.at(Location.SPAN_EVENT)));
    List<Span.Link> links = map(span.getLinksList(), l -> link(l, tally.at(Location.SPAN_LINK)));
    Status status = span.getStatus();
    String message = redactor.redactField(status.getMessage(), tally.at(Location.SPAN_STATUS));
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
    RedactionCounts.Tally total = new RedactionCounts.Tally(Signal.LOGS);
    List<ResourceLogs> in = request.getResourceLogsList();
    List<ResourceLogs> out = map(in, rl -> resourceLogs(rl, total));
    ExportLogsServiceRequest result =
        out == in
            ? request
            : request.toBuilder().clearResourceLogs().addAllResourceLogs(out).build();
    return finish(result, total);
  }

  private ResourceLogs resourceLogs(ResourceLogs rl, RedactionCounts.Tally total) {
    RedactionCounts.Tally tally = new RedactionCounts.Tally(Signal.LOGS);
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
    AnyValue body =
        log.hasBody()
            ? redactor.redactBody(log.getBody(), tally.at(Location.LOG_BODY))
            : log.getBody();
    List<KeyValue> attributes =
        attributes(log.getAttributesList(), tally.at(Location.LOG_ATTRIBUTE));
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
    RedactionCounts.Tally total = new RedactionCounts.Tally(Signal.METRICS);
    List<ResourceMetrics> in = request.getResourceMetricsList();
    List<ResourceMetrics> out = map(in, rm -> resourceMetrics(rm, total));
    ExportMetricsServiceRequest result =
        out == in
            ? request
            : request.toBuilder().clearResourceMetrics().addAllResourceMetrics(out).build();
    return finish(result, total);
  }

  private ResourceMetrics resourceMetrics(ResourceMetrics rm, RedactionCounts.Tally total) {
    RedactionCounts.Tally tally = new RedactionCounts.Tally(Signal.METRICS);
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
    List<KeyValue> a = attributes(d.getAttributesList(), tally.at(Location.METRIC_ATTRIBUTE));
    List<Exemplar> e =
        map(d.getExemplarsList(), x -> exemplar(x, tally.at(Location.EXEMPLAR_ATTRIBUTE)));
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
    List<KeyValue> a = attributes(d.getAttributesList(), tally.at(Location.METRIC_ATTRIBUTE));
    List<Exemplar> e =
        map(d.getExemplarsList(), x -> exemplar(x, tally.at(Location.EXEMPLAR_ATTRIBUTE)));
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
    List<KeyValue> a = attributes(d.getAttributesList(), tally.at(Location.METRIC_ATTRIBUTE));
    List<Exemplar> e =
        map(d.getExemplarsList(), x -> exemplar(x, tally.at(Location.EXEMPLAR_ATTRIBUTE)));
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
    List<KeyValue> a = attributes(d.getAttributesList(), tally.at(Location.METRIC_ATTRIBUTE));
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
    List<KeyValue> a = attributes(r.getAttributesList(), tally.at(Location.RESOURCE_ATTRIBUTE));
    return a == r.getAttributesList()
        ? r
        : r.toBuilder().clearAttributes().addAllAttributes(a).build();
  }

  private InstrumentationScope scope(InstrumentationScope s, RedactionCounts.Tally tally) {
    List<KeyValue> a = attributes(s.getAttributesList(), tally.at(Location.SCOPE_ATTRIBUTE));
    return a == s.getAttributesList()
        ? s
        : s.toBuilder().clearAttributes().addAllAttributes(a).build();
  }

  private List<KeyValue> attributes(List<KeyValue> in, RedactionCounts.Tally tally) {
    return in.isEmpty() ? in : redactor.redactAttributes(in, true, tally, 0);
  }

  /**
   * Adds (or increases) the {@code mirador.redaction.<source>.<action>.<location>} counters on a
   * resource. A resource belongs to one signal, so the key leaves the signal out.
   */
  static Resource withCounts(Resource resource, RedactionCounts.Tally tally) {
    Map<String, Integer> index = new HashMap<>();
    List<KeyValue> attributes = new ArrayList<>(resource.getAttributesList());
    for (int i = 0; i < attributes.size(); i++) {
      if (attributes.get(i).getKey().startsWith(RedactionCounts.ATTRIBUTE_PREFIX)) {
        index.put(attributes.get(i).getKey(), i);
      }
    }
    // Counters on the resource mean an earlier pass (the agent's) walked it: the values it kept
    // are still plain text and this pass finds them again, so their keep counts are not added
    // twice.
    boolean walkedBefore = !index.isEmpty();
    for (int i = 0; i < RedactionCounts.CELLS; i++) {
      long c = tally.counts[i];
      if (c == 0 || (walkedBefore && i % RedactionCounts.ACTIONS == Action.KEEP.ordinal())) {
        continue;
      }
      String key = RedactionCounts.attributeKey(i % RedactionCounts.PER_SIGNAL);
      Integer at = index.get(key);
      if (at == null) {
        index.put(key, attributes.size());
        attributes.add(counter(key, c));
      } else {
        AnyValue old = attributes.get(at).getValue();
        long previous = old.hasIntValue() ? Math.max(0, old.getIntValue()) : 0;
        attributes.set(at, counter(key, saturatedSum(previous, c)));
      }
    }
    return resource.toBuilder().clearAttributes().addAllAttributes(attributes).build();
  }

  private static long saturatedSum(long a, long b) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
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
