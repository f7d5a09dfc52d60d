package io.mirador.core.service.query;

import io.mirador.core.service.api.ProblemException;
import io.mirador.store.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses query parameters strictly. Every parameter arrives as text, so a malformed value is a 400
 * problem that names the parameter, never a framework 404 or a 500. Messages do not echo values.
 */
final class QueryParams {
  /** The longest window a span, log, finding or audit search may cover. */
  static final Duration MAX_SEARCH_RANGE = Duration.ofDays(7);

  /** The longest window of a metric series query (its steps are capped by the store). */
  static final Duration MAX_METRIC_RANGE = Duration.ofDays(31);

  /** The longest window of the service list, the dependency graph and the RCA features. */
  static final Duration MAX_GRAPH_RANGE = Duration.ofDays(1);

  static final Duration DEFAULT_RANGE = Duration.ofHours(1);
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_TEXT = 256;
  static final int MAX_ATTRIBUTE_FILTERS = 16;

  private QueryParams() {}

  /**
   * {@code [from, to)} from ISO-8601 instants; {@code to} defaults to now, {@code from} to an hour
   * before.
   */
  static TimeRange range(String from, String to, Duration max, Instant now) {
    Instant end = to == null || to.isBlank() ? now : instant(to, "to");
    Instant start =
        from == null || from.isBlank() ? end.minus(DEFAULT_RANGE) : instant(from, "from");
    if (!start.isBefore(end)) {
      throw ProblemException.badRequest("from must be before to");
    }
    if (Duration.between(start, end).compareTo(max) > 0) {
      throw ProblemException.badRequest(
          "the time range may cover at most " + describe(max) + "; narrow from/to");
    }
    return TimeRange.of(start, end);
  }

  static Instant instant(String text, String name) {
    if (text.length() > 40) {
      throw ProblemException.badRequest(
          name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw ProblemException.badRequest(
          name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
    }
  }

  static int limit(String text, int max) {
    if (text == null || text.isBlank()) {
      return Math.min(DEFAULT_LIMIT, max);
    }
    try {
      int limit = Integer.parseInt(text.strip());
      if (limit >= 1 && limit <= max) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // falls through to the problem below
    }
    throw ProblemException.badRequest("limit must be a whole number from 1 to " + max);
  }

  static Optional<Long> nonNegativeLong(String text, String name) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      long value = Long.parseLong(text.strip());
      if (value >= 0) {
        return Optional.of(value);
      }
    } catch (NumberFormatException e) {
      // falls through to the problem below
    }
    throw ProblemException.badRequest(name + " must be a non-negative whole number");
  }

  static Optional<Integer> intBetween(String text, String name, int min, int max) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      int value = Integer.parseInt(text.strip());
      if (value >= min && value <= max) {
        return Optional.of(value);
      }
    } catch (NumberFormatException e) {
      // falls through to the problem below
    }
    throw ProblemException.badRequest(name + " must be a whole number from " + min + " to " + max);
  }

  /**
   * A free-text filter (service, operation, metric name...): absent when blank, at most 256
   * characters.
   */
  static Optional<String> text(String text, String name) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    if (text.length() > MAX_TEXT) {
      throw ProblemException.badRequest(name + " must be at most " + MAX_TEXT + " characters");
    }
    return Optional.of(text);
  }

  static Optional<String> cursor(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return Optional.empty();
    }
    if (cursor.length() > 128) {
      throw ProblemException.badRequest("invalid cursor");
    }
    return Optional.of(cursor);
  }

  /** {@code key=value} filters, at most 16. */
  static Map<String, String> attributes(List<String> filters) {
    Map<String, String> attributes = new LinkedHashMap<>();
    if (filters == null) {
      return attributes;
    }
    if (filters.size() > MAX_ATTRIBUTE_FILTERS) {
      throw ProblemException.badRequest("at most " + MAX_ATTRIBUTE_FILTERS + " attr filters");
    }
    for (String filter : filters) {
      int eq = filter.indexOf('=');
      if (eq < 1 || filter.length() > 2 * MAX_TEXT) {
        throw ProblemException.badRequest("attr must be key=value with a non-empty key");
      }
      attributes.put(filter.substring(0, eq), filter.substring(eq + 1));
    }
    return attributes;
  }

  static Duration step(String text, Duration fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      if (text.length() <= 32) {
        return Duration.parse(text);
      }
    } catch (DateTimeParseException e) {
      // falls through to the problem below
    }
    throw ProblemException.badRequest("step must be an ISO-8601 duration such as PT1M");
  }

  static <E extends Enum<E>> Optional<E> choice(String text, Class<E> type, String name) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    for (E value : type.getEnumConstants()) {
      if (value.name().equalsIgnoreCase(text.strip())) {
        return Optional.of(value);
      }
    }
    throw ProblemException.badRequest(
        name
            + " must be one of "
            + List.of(type.getEnumConstants()).toString().toLowerCase(java.util.Locale.ROOT));
  }

  private static String describe(Duration max) {
    return max.toDays() >= 1 ? max.toDays() + " days" : max.toHours() + " hours";
  }
}
