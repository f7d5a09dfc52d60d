package io.mirador.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * How many redactions of one kind the agent and the core made in the telemetry of one tenant that
 * the core stored in one minute. Only fixed names are stored, never a value, a token or an
 * attribute key: {@code signal} is {@code traces}, {@code logs} or {@code metrics}; {@code
 * location} the OTLP place ({@code span_attribute}, {@code log_body}, ...); {@code source} the
 * detector ({@code email}) or {@code key_rule}; {@code action} {@code keep}, {@code hash}, {@code
 * mask} or {@code drop}.
 *
 * @param minute the start of the minute the core stored the batch in (the core's clock)
 */
public record RedactionMinute(
    TenantId tenant,
    Instant minute,
    String signal,
    String location,
    String source,
    String action,
    long count) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  public RedactionMinute {
    requireNonNull(tenant, "tenant");
    requireNonNull(minute, "minute");
    if (minute.getNano() != 0 || minute.getEpochSecond() % 60 != 0) {
      throw new IllegalArgumentException("minute must be the start of a minute");
    }
    requireName(signal, "signal");
    requireName(location, "location");
    requireName(source, "source");
    requireName(action, "action");
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive");
    }
  }

  /** A name of lower-case letters, digits and underscores, 1 to 64 characters. */
  static String requireName(String name, String what) {
    requireNonNull(name, what);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what + " must be 1-64 of [a-z0-9_], starting with a letter");
    }
    return name;
  }
}
