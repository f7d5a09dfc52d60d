package io.mirador.store;

/**
 * How many log records of one service matched one pattern in one minute. The pattern is the body
 * with hex ids and numbers masked ({@code <H>}, {@code <N>}), cut to {@link #PATTERN_CHARS}
 * characters: records written by the same log statement share it.
 *
 * @param severityNumber the OTLP severity number of the records (part of the pattern's key)
 */
public record LogPatternMinute(
    String service, String pattern, int severityNumber, long minuteStartUnixNano, long records) {
  public static final int PATTERN_CHARS = 160;
}
