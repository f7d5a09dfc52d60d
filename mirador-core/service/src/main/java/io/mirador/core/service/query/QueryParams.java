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
    Instant start;
    try {
      start = from == null || from.isBlank() ? end.minus(DEFAULT_RANGE) : instant(from, "from");
    } catch (java.time.DateTimeException e) {
      // to within an hour of Instant.MIN: the default from does not exist
      throw ProblemException.badRequest("from must be before to");
    }
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
      throw ProblemException.badRequest("cursor must be the nextCursor of a previous page");
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

  private static final java.util.regex.Pattern SHORT_DURATION =
      java.util.regex.Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

  static final String STEP_FORMS =
      "step must be a duration such as 60s, 1m, 5m, 1h, 1d or PT1M (ISO-8601)";

  /**
   * A step: {@code 60s}, {@code 1m}, {@code 1h}, {@code 1d} or an ISO-8601 duration ({@code PT1M}).
   */
  static Duration step(String text, Duration fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    String value = text.strip();
    if (value.length() <= 32) {
      java.util.regex.Matcher m = SHORT_DURATION.matcher(value.toLowerCase(java.util.Locale.ROOT));
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
      try {
        return Duration.parse(value.toUpperCase(java.util.Locale.ROOT));
      } catch (DateTimeParseException e) {
        // falls through to the problem below
      }
    }
    throw ProblemException.badRequest(STEP_FORMS);
  }

  private static final java.util.regex.Pattern SEVERITY_NAME =
      java.util.regex.Pattern.compile("(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL)([1-4]?)");

  private static final java.util.regex.Pattern SPAN_DURATION =
      java.util.regex.Pattern.compile("([0-9]{1,12}(?:\\.[0-9]{1,9})?)(ns|us|µs|ms|s|m|h)");

  /** A span duration with a unit ({@code 250ms}, {@code 1.5s}), in nanoseconds. */
  static Optional<Long> durationNanos(String text, String name) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String value = text.strip().toLowerCase(java.util.Locale.ROOT);
    java.util.regex.Matcher m = value.length() <= 32 ? SPAN_DURATION.matcher(value) : null;
    if (m != null && m.matches()) {
      java.math.BigDecimal amount = new java.math.BigDecimal(m.group(1));
      long unit =
          switch (m.group(2)) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
          };
      java.math.BigDecimal nanos = amount.multiply(java.math.BigDecimal.valueOf(unit));
      // 12 digits of hours overflow a long: refuse rather than wrap around to a negative bound.
      if (nanos.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
        return Optional.of(nanos.longValue());
      }
    }
    throw ProblemException.badRequest(
        name + " must be a duration with a unit such as 250ms, 1.5s or 2m");
  }

  static final String SEVERITY_FORMS =
      " must be an OTLP severity number from 1 to 24 (17 = ERROR) or a name: trace, debug, info,"
          + " warn, error, fatal (optionally with 2-4, such as error2)";

  /**
   * The least severity number of a severity given as a number (1-24) or an OTLP severity name:
   * {@code ERROR} is 17 (the start of its range 17-20), {@code ERROR3} is 19, {@code warning} is
   * {@code warn}.
   */
  static Optional<Integer> severity(String text, String name) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String value = text.strip().toUpperCase(java.util.Locale.ROOT);
    if (value.length() <= 16) {
      if (value.chars().allMatch(Character::isDigit)) {
        try {
          int number = Integer.parseInt(value);
          if (number >= 1 && number <= 24) {
            return Optional.of(number);
          }
        } catch (NumberFormatException e) {
          // more digits than an int (fuzzing finding): falls through to the problem below
        }
      } else {
        java.util.regex.Matcher m = SEVERITY_NAME.matcher(value);
        if (m.matches()) {
          int base =
              switch (m.group(1)) {
                case "TRACE" -> 1;
                case "DEBUG" -> 5;
                case "INFO" -> 9;
                case "WARN", "WARNING" -> 13;
                case "ERROR" -> 17;
                default -> 21;
              };
          int offset = m.group(2).isEmpty() ? 0 : Integer.parseInt(m.group(2)) - 1;
          return Optional.of(base + offset);
        }
      }
    }
    throw ProblemException.badRequest(name + SEVERITY_FORMS);
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
