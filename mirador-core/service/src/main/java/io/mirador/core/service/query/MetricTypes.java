package io.mirador.core.service.query;

import io.mirador.core.service.api.ProblemException;
import io.mirador.store.MetricInfo;
import io.mirador.store.MetricQuery.Aggregation;
import io.mirador.store.MetricType;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The names of metric types and aggregations in the API, and the checks that turn a type or an
 * aggregation that does not fit the stored metric into a 400 that says what would.
 */
final class MetricTypes {
  private MetricTypes() {}

  /** {@code gauge, sum, histogram, exp_histogram, summary}. */
  static String name(MetricType type) {
    return type == MetricType.EXPONENTIAL_HISTOGRAM
        ? "exp_histogram"
        : type.name().toLowerCase(Locale.ROOT);
  }

  static Optional<MetricType> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String value = text.strip().toLowerCase(Locale.ROOT);
    for (MetricType type : MetricType.values()) {
      if (name(type).equals(value) || type.name().toLowerCase(Locale.ROOT).equals(value)) {
        return Optional.of(type);
      }
    }
    throw ProblemException.badRequest(
        "type must be one of gauge, sum, histogram, exp_histogram, summary");
  }

  /**
   * The stored metric the request means: of the requested type, or the only type stored under the
   * name; null when the name has no points in the window.
   *
   * @throws ProblemException 400 when the metric is of another type, or of several and none asked
   */
  static MetricInfo resolve(
      String metric, Optional<MetricType> requested, List<MetricInfo> stored) {
    if (stored.isEmpty()) {
      return null;
    }
    if (requested.isPresent()) {
      return stored.stream()
          .filter(i -> i.type() == requested.get())
          .findFirst()
          .orElseThrow(
              () ->
                  ProblemException.badRequest(
                      "metric "
                          + metric
                          + " is "
                          + article(types(stored))
                          + ", not "
                          + article(name(requested.get()))));
    }
    if (stored.size() > 1) {
      throw ProblemException.badRequest(
          "metric " + metric + " is stored as " + types(stored) + ": pass type= to choose one");
    }
    return stored.getFirst();
  }

  /**
   * The aggregation asked for, or the type's default; a 400 naming the accepted ones when it does
   * not apply.
   */
  static Aggregation aggregation(String text, MetricType type, boolean monotonic) {
    Set<Aggregation> accepted = Aggregation.accepted(type, monotonic);
    if (text == null || text.isBlank()) {
      return Aggregation.defaultFor(type, monotonic);
    }
    String value = text.strip().toUpperCase(Locale.ROOT);
    String what =
        type == MetricType.SUM ? (monotonic ? "monotonic sum" : "non-monotonic sum") : name(type);
    String forms =
        accepted.stream()
            .map(a -> a.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
    for (Aggregation a : Aggregation.values()) {
      if (a.name().equals(value)) {
        if (!accepted.contains(a)) {
          throw ProblemException.badRequest(
              "agg "
                  + a.name().toLowerCase(Locale.ROOT)
                  + " does not apply to a "
                  + what
                  + "; agg must be one of "
                  + forms);
        }
        return a;
      }
    }
    throw ProblemException.badRequest("agg must be one of " + forms + " for a " + what);
  }

  /** Any aggregation name (the type's default when absent), for a metric with no points. */
  static Aggregation anyAggregation(String text, MetricType type) {
    if (text == null || text.isBlank()) {
      return Aggregation.defaultFor(type, true);
    }
    for (Aggregation a : Aggregation.values()) {
      if (a.name().equalsIgnoreCase(text.strip())) {
        return a;
      }
    }
    throw ProblemException.badRequest(
        "agg must be one of avg, min, max, sum, last, rate, increase, p50, p90, p95, p99");
  }

  /** A step of whole seconds, 1 second to 1 day, that cuts the range into at most 11,000 steps. */
  static void requireStep(java.time.Duration step, io.mirador.store.TimeRange range) {
    if (step.compareTo(java.time.Duration.ofSeconds(1)) < 0
        || step.compareTo(java.time.Duration.ofDays(1)) > 0
        || step.toNanosPart() != 0) {
      throw ProblemException.badRequest(
          "step must be whole seconds from 1s to 1d, such as 60s, 1m, 1h or PT1M");
    }
    if (range.duration().dividedBy(step) > io.mirador.store.MetricQuery.MAX_STEPS) {
      throw ProblemException.badRequest(
          "from/to and step make more than "
              + io.mirador.store.MetricQuery.MAX_STEPS
              + " steps; widen step or narrow from/to");
    }
  }

  private static String types(List<MetricInfo> stored) {
    return stored.stream().map(i -> name(i.type())).distinct().collect(Collectors.joining(" and "));
  }

  private static String article(String noun) {
    return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
  }
}
