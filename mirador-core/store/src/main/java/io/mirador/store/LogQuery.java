package io.mirador.store;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A log search within one tenant, newest first.
 *
 * @param minSeverityNumber the least OTLP severity number (1-24) a record must have
 * @param bodyContains text the body must contain, compared without regard to case
 * @param traceId the lower-case hex trace id the record must carry
 */
public record LogQuery(
    TenantId tenant,
    TimeRange range,
    Optional<String> service,
    Optional<Integer> minSeverityNumber,
    Optional<String> bodyContains,
    Optional<String> traceId,
    int limit,
    Optional<String> cursor) {

  public static final int MAX_LIMIT = 1000;

  public LogQuery {
    requireNonNull(tenant, "tenant");
    requireNonNull(range, "range");
    minSeverityNumber.ifPresent(
        n -> {
          if (n < 1 || n > 24) {
            throw new IllegalArgumentException("minSeverityNumber must be between 1 and 24");
          }
        });
    bodyContains.ifPresent(
        text -> {
          if (text.isEmpty() || text.length() > 1024) {
            throw new IllegalArgumentException("bodyContains must be 1 to 1024 characters");
          }
        });
    traceId.ifPresent(Ids::requireTraceId);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
  }

  public static Builder builder(TenantId tenant, TimeRange range) {
    return new Builder(tenant, range);
  }

  /** Builds a {@link LogQuery}; filters default to absent, the limit to 100. */
  public static final class Builder {
    private final TenantId tenant;
    private final TimeRange range;
    private String service;
    private Integer minSeverityNumber;
    private String bodyContains;
    private String traceId;
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

    public Builder minSeverityNumber(int severity) {
      this.minSeverityNumber = severity;
      return this;
    }

    public Builder bodyContains(String text) {
      this.bodyContains = requireNonNull(text, "text");
      return this;
    }

    public Builder traceId(String traceId) {
      this.traceId = requireNonNull(traceId, "traceId");
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

    public LogQuery build() {
      return new LogQuery(
          tenant,
          range,
          Optional.ofNullable(service),
          Optional.ofNullable(minSeverityNumber),
          Optional.ofNullable(bodyContains),
          Optional.ofNullable(traceId),
          limit,
          Optional.ofNullable(cursor));
    }
  }
}
