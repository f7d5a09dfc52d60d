package io.mirador.rca.service;

import io.mirador.rca.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Request parameters, checked; messages name the parameter, never its value. */
final class Params {
  static final int MAX_TEXT = 256;

  private Params() {}

  static Instant instant(String text, String name) {
    if (text == null || text.isBlank()) {
      throw new BadRequestException(
          name + " is required (RFC 3339 time, such as 2026-11-21T12:00:00Z)");
    }
    if (text.length() > 64) {
      throw new BadRequestException(
          name + " must be an RFC 3339 time such as 2026-11-21T12:00:00Z");
    }
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new BadRequestException(
          name + " must be an RFC 3339 time such as 2026-11-21T12:00:00Z");
    }
  }

  /** [from, to), non-empty, at most {@code max} long. */
  static TimeWindow window(String from, String to, Duration max) {
    Instant start = instant(from, "from");
    Instant end = instant(to, "to");
    if (!end.isAfter(start)) {
      throw new BadRequestException("to must be after from");
    }
    if (Duration.between(start, end).compareTo(max) > 0) {
      throw new BadRequestException("the window must be at most " + describe(max));
    }
    return new TimeWindow(start, end);
  }

  static String text(String value, String name) {
    if (value == null || value.isEmpty() || value.length() > MAX_TEXT) {
      throw new BadRequestException(name + " must be 1 to " + MAX_TEXT + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new BadRequestException(name + " must not contain control characters");
      }
    }
    return value;
  }

  private static String describe(Duration d) {
    return d.toHours() >= 24 && d.toHours() % 24 == 0
        ? d.toDays() + " days"
        : d.toHours() + " hours";
  }
}
