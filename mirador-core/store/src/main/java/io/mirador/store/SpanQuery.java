package io.mirador.store;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A span search within one tenant: a time range and optional filters, newest first.
 *
 * @param attributes span attributes that must equal the given values
 * @param limit the page size, 1 to {@link #MAX_LIMIT}
 * @param cursor the {@code nextCursor} of the previous page
 */
public record SpanQuery(
    TenantId tenant,
    TimeRange range,
    Optional<String> service,
    Optional<String> operation,
    Optional<String> statusCode,
    Optional<Long> minDurationNanos,
    Optional<Long> maxDurationNanos,
    Map<String, String> attributes,
    int limit,
    Optional<String> cursor) {

  public static final int MAX_LIMIT = 1000;

  public SpanQuery {
    requireNonNull(tenant, "tenant");
    requireNonNull(range, "range");
    attributes = Map.copyOf(attributes);
    if (attributes.size() > 16) {
      throw new IllegalArgumentException("at most 16 attribute filters");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
    statusCode.ifPresent(
        code -> {
          if (!code.equals("Unset") && !code.equals("Ok") && !code.equals("Error")) {
            throw new IllegalArgumentException("statusCode must be Unset, Ok or Error");
          }
        });
  }

  public static Builder builder(TenantId tenant, TimeRange range) {
    return new Builder(tenant, range);
  }

  /** Builds a {@link SpanQuery}; optional filters default to absent, the limit to 100. */
  public static final class Builder {
    private final TenantId tenant;
    private final TimeRange range;
    private String service;
    private String operation;
    private String statusCode;
    private Long minDurationNanos;
    private Long maxDurationNanos;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private int limit = 100;
    private String cursor;

    private Builder(TenantId tenant, TimeRange range) {
      this.tenant = requireNonNull(tenant, "tenant");
      this.range = requireNonNull(range, "range");
    }

    public Builder service(String service) {
      this.service = requireNonNull(service, "service");
      return this;
    }

    public Builder operation(String operation) {
      this.operation = requireNonNull(operation, "operation");
      return this;
    }

    public Builder statusCode(String statusCode) {
      this.statusCode = requireNonNull(statusCode, "statusCode");
      return this;
    }

    public Builder minDurationNanos(long nanos) {
      this.minDurationNanos = nanos;
      return this;
    }

    public Builder maxDurationNanos(long nanos) {
      this.maxDurationNanos = nanos;
      return this;
    }

    public Builder attribute(String key, String value) {
      attributes.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
      return this;
    }

    public Builder limit(int limit) {
      this.limit = limit;
      return this;
    }

    public Builder cursor(String cursor) {
      this.cursor = requireNonNull(cursor, "cursor");
      return this;
    }

    public SpanQuery build() {
      return new SpanQuery(
          tenant,
          range,
          Optional.ofNullable(service),
          Optional.ofNullable(operation),
          Optional.ofNullable(statusCode),
          Optional.ofNullable(minDurationNanos),
          Optional.ofNullable(maxDurationNanos),
          attributes,
          limit,
          Optional.ofNullable(cursor));
    }
  }
}
