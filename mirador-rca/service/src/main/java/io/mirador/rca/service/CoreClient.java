package io.mirador.rca.service;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirador.rca.Finding;
import io.mirador.rca.TimeWindow;
import io.mirador.rca.online.CallEdge;
import io.mirador.rca.online.EdgeMinute;
import io.mirador.rca.online.EventPairMinute;
import io.mirador.rca.online.FeatureData;
import io.mirador.rca.online.OperationSpansMinute;
import io.mirador.rca.online.SelfTimeMinute;
import io.mirador.rca.online.ServiceMinute;
import io.mirador.rca.online.SourceException;
import io.mirador.rca.online.SourceException.Reason;
import io.mirador.rca.online.SpanEventMinute;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The core's query API as the RCA service uses it ({@code /api/v1/tenants/{tenant}/...}): features,
 * error spans and logs, and findings. Every call carries the bearer token it is given: the caller's
 * for API requests, the detection loop's own for the loop. Responses are size-limited and parsed
 * strictly; failures become {@link SourceException}s whose messages carry no telemetry and no
 * token.
 */
final class CoreClient {
  /**
   * Larger answers are refused. The longest read is a day of features (the loop's baseline at most;
   * 100 services make about 50 MB of JSON); the RCA reads at most 7 hours.
   */
  static final long MAX_RESPONSE_BYTES = 64L << 20;

  private static final int MAX_DETAIL = 300;

  private final HttpClient http;
  private final ObjectMapper json;
  private final URI base;
  private final Duration timeout;

  CoreClient(HttpClient http, ObjectMapper json, URI base, Duration timeout) {
    this.http = requireNonNull(http, "http");
    this.json = requireNonNull(json, "json");
    String b = requireNonNull(base, "base").toString();
    this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    this.timeout = requireNonNull(timeout, "timeout");
  }

  /** {@code GET /api/v1/tenants/{tenant}/features?from&to}. */
  FeatureData features(String token, String tenant, TimeWindow window) {
    JsonNode body =
        send(
            token,
            "GET",
            path(tenant, "/features") + query(Map.of("from", window.start(), "to", window.end())),
            null);
    try {
      return featureData(body);
    } catch (IllegalArgumentException e) {
      throw new SourceException(Reason.UNAVAILABLE, "the core's features are malformed");
    }
  }

  private static FeatureData featureData(JsonNode body) {
    var minutes = new ArrayList<ServiceMinute>();
    for (JsonNode m : array(body, "services")) {
      minutes.add(
          new ServiceMinute(
              text(m, "service"),
              nanos(m, "minuteStartUnixNano"),
              m.path("requests").asLong(0),
              m.path("errors").asLong(0),
              number(m, "latencyP50Nanos"),
              number(m, "latencyP95Nanos"),
              number(m, "latencyP99Nanos"),
              m.path("errorLogs").asLong(0),
              gauges(m.path("gauges"))));
    }
    var edges = new ArrayList<CallEdge>();
    for (JsonNode e : array(body, "edges")) {
      edges.add(
          new CallEdge(
              text(e, "caller"),
              text(e, "callee"),
              e.path("calls").asLong(0),
              e.path("errors").asLong(0),
              number(e, "latencyP50Nanos"),
              number(e, "latencyP95Nanos"),
              number(e, "latencyP99Nanos")));
    }
    return new FeatureData(minutes, edges);
  }

  /**
   * {@code GET /api/v1/tenants/{tenant}/features/self-times?from&to&gapsToCaller...}, with the
   * first of {@code gapsToCaller} (most starved first) that fit the core's limits: {@link
   * #MAX_GAPS_TO_CALLER} names and {@link #MAX_GAPS_TO_CALLER_CHARS} characters of query.
   */
  List<SelfTimeMinute> selfTimes(
      String token, String tenant, TimeWindow window, Set<String> gapsToCaller) {
    return featureRows(
        token,
        tenant,
        window,
        Map.of("gapsToCaller", fitting(gapsToCaller)),
        "self-times",
        "selfTimes",
        m ->
            new SelfTimeMinute(
                text(m, "service"),
                nanos(m, "minuteStartUnixNano"),
                m.path("spans").asLong(0),
                number(m, "p50Nanos"),
                number(m, "p95Nanos")));
  }

  /** The core's limit on gapsToCaller names (its store's {@code MAX_GAPS_TO_CALLER}). */
  static final int MAX_GAPS_TO_CALLER = 100;

  /** Query characters the names may take: the core's HTTP request line is at most 4 KiB. */
  static final int MAX_GAPS_TO_CALLER_CHARS = 3_000;

  static List<String> fitting(Set<String> names) {
    var out = new ArrayList<String>();
    int chars = 0;
    for (String name : names) {
      chars += "&gapsToCaller=".length() + URLEncoder.encode(name, UTF_8).length();
      if (out.size() == MAX_GAPS_TO_CALLER || chars > MAX_GAPS_TO_CALLER_CHARS) {
        break;
      }
      out.add(name);
    }
    return out;
  }

  /** {@code GET /api/v1/tenants/{tenant}/features/event-pairs?from&to}. */
  List<EventPairMinute> eventPairs(String token, String tenant, TimeWindow window) {
    return featureRows(
        token,
        tenant,
        window,
        "event-pairs",
        "pairs",
        p ->
            new EventPairMinute(
                text(p, "service"),
                text(p, "source"),
                text(p, "target"),
                nanos(p, "minuteStartUnixNano"),
                p.path("count").asLong(0)));
  }

  /** {@code GET /api/v1/tenants/{tenant}/features/operations?from&to}: spans per operation. */
  List<OperationSpansMinute> operations(String token, String tenant, TimeWindow window) {
    return featureRows(
        token,
        tenant,
        window,
        "operations",
        "operations",
        m ->
            new OperationSpansMinute(
                text(m, "service"),
                text(m, "operation"),
                nanos(m, "minuteStartUnixNano"),
                m.path("spans").asLong(0)));
  }

  /** {@code GET /api/v1/tenants/{tenant}/features/span-events?from&to}. */
  List<SpanEventMinute> spanEvents(String token, String tenant, TimeWindow window) {
    return featureRows(
        token,
        tenant,
        window,
        "span-events",
        "events",
        e ->
            new SpanEventMinute(
                text(e, "service"),
                text(e, "operation"),
                text(e, "event"),
                nanos(e, "minuteStartUnixNano"),
                e.path("spans").asLong(0)));
  }

  /**
   * {@code GET /api/v1/tenants/{tenant}/features/edges?from&to}: per edge and minute, the calls'
   * wire gap and the callee's server time. A slowest-call trace id that is not 1-64 hex digits is
   * dropped (it is shown to a person and used in links), not the row.
   */
  List<EdgeMinute> edges(String token, String tenant, TimeWindow window) {
    return featureRows(
        token,
        tenant,
        window,
        "edges",
        "edges",
        e ->
            new EdgeMinute(
                text(e, "caller"),
                text(e, "callee"),
                nanos(e, "minuteStartUnixNano"),
                e.path("calls").asLong(-1),
                e.path("repeats").asLong(-1),
                number(e, "gapP50Nanos"),
                number(e, "gapP95Nanos"),
                number(e, "serverP50Nanos"),
                number(e, "serverP95Nanos"),
                traceId(e.path("slowestTraceId").asText("")),
                number(e, "slowestNanos")));
  }

  private static final java.util.regex.Pattern TRACE_ID =
      java.util.regex.Pattern.compile("[0-9a-fA-F]{1,64}");

  static String traceId(String text) {
    return TRACE_ID.matcher(text).matches() ? text : "";
  }

  /**
   * One of the core's finer feature reads ({@code /features/<feature>?from&to}): the rows of its
   * array {@code field}; a malformed row (missing or invalid field, negative count) refuses the
   * whole answer as UNAVAILABLE, which costs the caller that feature, not the finding.
   */
  private <T> List<T> featureRows(
      String token,
      String tenant,
      TimeWindow window,
      String feature,
      String field,
      Function<JsonNode, T> row) {
    return featureRows(token, tenant, window, Map.of(), feature, field, row);
  }

  /** {@code extra} query parameters follow from and to; a list value repeats its name. */
  private <T> List<T> featureRows(
      String token,
      String tenant,
      TimeWindow window,
      Map<String, ?> extra,
      String feature,
      String field,
      Function<JsonNode, T> row) {
    var params = new LinkedHashMap<String, Object>();
    params.put("from", window.start());
    params.put("to", window.end());
    params.putAll(extra);
    JsonNode body = send(token, "GET", path(tenant, "/features/" + feature) + query(params), null);
    try {
      var out = new ArrayList<T>();
      for (JsonNode node : array(body, field)) {
        out.add(row.apply(node));
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw new SourceException(Reason.UNAVAILABLE, "the core's " + feature + " are malformed");
    }
  }

  /** {@code GET .../spans?service&status=Error}: the newest spans with error status. */
  List<Finding.Example> errorSpans(
      String token, String tenant, String service, TimeWindow window, int limit) {
    var params = new LinkedHashMap<String, Object>();
    params.put("from", window.start());
    params.put("to", window.end());
    params.put("service", service);
    params.put("status", "Error");
    params.put("limit", Math.max(1, limit));
    JsonNode body = send(token, "GET", path(tenant, "/spans") + query(params), null);
    var out = new ArrayList<Finding.Example>();
    for (JsonNode s : array(body, "items")) {
      String message = s.path("statusMessage").asText("");
      out.add(
          new Finding.Example(
              service,
              Finding.Example.Kind.ERROR_SPAN,
              nanos(s, "startTimeUnixNano"),
              s.path("traceId").asText(""),
              text(s, "name") + (message.isEmpty() ? "" : ": " + message)));
    }
    return out;
  }

  /** {@code GET .../logs?service&minSeverity=17}: the newest records of severity ERROR or above. */
  List<Finding.Example> errorLogs(
      String token, String tenant, String service, TimeWindow window, int limit) {
    var params = new LinkedHashMap<String, Object>();
    params.put("from", window.start());
    params.put("to", window.end());
    params.put("service", service);
    params.put("minSeverity", 17);
    params.put("limit", Math.max(1, limit));
    JsonNode body = send(token, "GET", path(tenant, "/logs") + query(params), null);
    var out = new ArrayList<Finding.Example>();
    for (JsonNode l : array(body, "items")) {
      out.add(
          new Finding.Example(
              service,
              Finding.Example.Kind.ERROR_LOG,
              nanos(l, "timeUnixNano"),
              l.path("traceId").asText(""),
              l.path("body").asText("")));
    }
    return out;
  }

  /** {@code POST .../findings}: the stored finding, with the id the core chose. */
  JsonNode createFinding(String token, String tenant, ObjectNode input) {
    return send(token, "POST", path(tenant, "/findings"), input);
  }

  /** {@code PUT .../findings/{id}}. */
  JsonNode updateFinding(String token, String tenant, String id, ObjectNode input) {
    return send(token, "PUT", path(tenant, "/findings/") + FindingIds.require(id), input);
  }

  /** {@code GET .../findings?from&to&status&limit&cursor}: one page, as the core returns it. */
  JsonNode listFindings(String token, String tenant, Map<String, ?> params) {
    return send(token, "GET", path(tenant, "/findings") + query(params), null);
  }

  /** {@code GET .../findings/{id}}. */
  JsonNode getFinding(String token, String tenant, String id) {
    return send(token, "GET", path(tenant, "/findings/") + FindingIds.require(id), null);
  }

  private static String path(String tenant, String rest) {
    return "/api/v1/tenants/" + Tenants.require(tenant) + rest;
  }

  private static String query(Map<String, ?> params) {
    var joiner = new StringJoiner("&", "?", "");
    joiner.setEmptyValue("");
    params.forEach(
        (k, v) -> {
          if (v instanceof Collection<?> values) {
            values.forEach(each -> joiner.add(k + "=" + URLEncoder.encode(each.toString(), UTF_8)));
          } else if (v != null) {
            joiner.add(k + "=" + URLEncoder.encode(v.toString(), UTF_8));
          }
        });
    return joiner.toString();
  }

  private JsonNode send(String token, String method, String pathAndQuery, JsonNode body) {
    if (!BearerTokens.valid(token)) {
      throw new SourceException(Reason.UNAUTHENTICATED, "no valid bearer token");
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery))
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json");
    try {
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
      }
      HttpResponse<InputStream> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      byte[] bytes;
      try (InputStream in = response.body()) {
        bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_RESPONSE_BYTES + 1));
      }
      if (bytes.length > MAX_RESPONSE_BYTES) {
        throw new SourceException(Reason.UNAVAILABLE, "the core's answer is too large");
      }
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
      }
      throw refusal(status, bytes);
    } catch (IOException e) {
      throw new SourceException(
          Reason.UNAVAILABLE, "the core cannot be reached: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceException(Reason.UNAVAILABLE, "interrupted while calling the core");
    }
  }

  private SourceException refusal(int status, byte[] body) {
    String detail = detail(body);
    return switch (status) {
      case 401 -> new SourceException(Reason.UNAUTHENTICATED, "the core refused the credentials");
      case 403 ->
          new SourceException(Reason.FORBIDDEN, "the core does not allow this tenant or action");
      case 404 -> new SourceException(Reason.NOT_FOUND, "the core has no such item" + detail);
      case 400, 413, 422 ->
          new SourceException(Reason.INVALID, "the core refused the request" + detail);
      default -> new SourceException(Reason.UNAVAILABLE, "the core answered HTTP " + status);
    };
  }

  /** The core's problem detail (its messages carry no telemetry), printable and bounded. */
  private String detail(byte[] body) {
    try {
      String d = json.readTree(body).path("detail").asText("");
      d = d.replaceAll("[^\\x20-\\x7e]", "?");
      if (d.length() > MAX_DETAIL) {
        d = d.substring(0, MAX_DETAIL);
      }
      return d.isEmpty() ? "" : ": " + d;
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static Iterable<JsonNode> array(JsonNode body, String field) {
    JsonNode node = body.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new SourceException(Reason.UNAVAILABLE, "the core's answer has no " + field + " list");
    }
    return node;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw new SourceException(Reason.UNAVAILABLE, "the core's answer lacks " + field);
    }
    return v.asText();
  }

  private static double number(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isNumber() ? v.asDouble() : Double.NaN;
  }

  private static Instant nanos(JsonNode node, String field) {
    JsonNode v = node.path(field);
    if (!v.canConvertToLong()) {
      throw new SourceException(Reason.UNAVAILABLE, "the core's answer lacks " + field);
    }
    long n = v.asLong();
    return Instant.ofEpochSecond(
        Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
  }

  private static Map<String, Double> gauges(JsonNode node) {
    if (!node.isObject()) {
      return Map.of();
    }
    var out = new HashMap<String, Double>();
    node.properties()
        .forEach(
            e -> {
              if (e.getValue().isNumber() && Double.isFinite(e.getValue().asDouble())) {
                out.put(e.getKey(), e.getValue().asDouble());
              }
            });
    return out;
  }
}
