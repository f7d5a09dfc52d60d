package io.mirador.core.service.query;

import static io.mirador.core.service.query.QueryParams.MAX_SEARCH_RANGE;

import io.mirador.core.service.query.QueryAudit.Params;
import io.mirador.store.SpanQuery;
import io.mirador.store.TenantId;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The query parameters that span search and trace search share; their criteria match spans. */
public final class SpanSearchParams {
  @Parameter(description = QueryResource.FROM_DOC)
  @QueryParam("from")
  String from;

  @Parameter(description = QueryResource.TO_DOC)
  @QueryParam("to")
  String to;

  @Parameter(description = "service.name of the span")
  @QueryParam("service")
  String service;

  @Parameter(description = "span name")
  @QueryParam("operation")
  String operation;

  @Parameter(description = "Unset, Ok or Error")
  @QueryParam("status")
  String status;

  @Parameter(description = "least span duration, nanoseconds")
  @QueryParam("minDurationNanos")
  String minDuration;

  @Parameter(description = "greatest span duration, nanoseconds")
  @QueryParam("maxDurationNanos")
  String maxDuration;

  @Parameter(
      description =
          "least span duration with a unit: 250ms, 1.5s, 2m, 500us, 100ns (used when"
              + " minDurationNanos is absent)")
  @QueryParam("minDuration")
  String minDurationText;

  @Parameter(description = "greatest span duration with a unit, as minDuration")
  @QueryParam("maxDuration")
  String maxDurationText;

  @Parameter(description = "key=value span attribute filter, repeatable (at most 16)")
  @QueryParam("attr")
  List<String> attr;

  @Parameter(description = "page size (range and default: see the operation)")
  @QueryParam("limit")
  String limit;

  @Parameter(description = "nextCursor of the previous page")
  @QueryParam("cursor")
  String cursor;

  /** What the audit record keeps: attribute keys, not values; whether a cursor was given. */
  Params audited() {
    return new Params()
        .put("from", from)
        .put("to", to)
        .put("service", service)
        .put("operation", operation)
        .put("status", status)
        .put("minDurationNanos", minDuration)
        .put("maxDurationNanos", maxDuration)
        .put("minDuration", minDurationText)
        .put("maxDuration", maxDurationText)
        .put("attrKeys", QueryResource.attributeKeys(attr))
        .put("limit", limit)
        .put("cursor", cursor == null ? null : "present");
  }

  /**
   * The store query, every parameter checked.
   *
   * @throws io.mirador.core.service.api.ProblemException 400 for a bad parameter
   */
  SpanQuery query(TenantId tenant, int maxLimit, Instant now) {
    SpanQuery.Builder query =
        SpanQuery.builder(tenant, QueryParams.range(from, to, MAX_SEARCH_RANGE, now))
            .limit(QueryParams.limit(limit, maxLimit));
    QueryParams.text(service, "service").ifPresent(query::service);
    QueryParams.text(operation, "operation").ifPresent(query::operation);
    QueryParams.text(status, "status").ifPresent(query::statusCode);
    QueryParams.nonNegativeLong(minDuration, "minDurationNanos")
        .or(() -> QueryParams.durationNanos(minDurationText, "minDuration"))
        .ifPresent(query::minDurationNanos);
    QueryParams.nonNegativeLong(maxDuration, "maxDurationNanos")
        .or(() -> QueryParams.durationNanos(maxDurationText, "maxDuration"))
        .ifPresent(query::maxDurationNanos);
    QueryParams.attributes(attr).forEach(query::attribute);
    QueryParams.cursor(cursor).ifPresent(query::cursor);
    return query.build();
  }
}
