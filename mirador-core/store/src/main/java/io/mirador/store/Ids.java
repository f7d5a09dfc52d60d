package io.mirador.store;

import java.util.regex.Pattern;

/** Checks on the hex ids that callers pass in. */
public final class Ids {
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

  private Ids() {}

  /** Returns {@code traceId} if it is 32 lower-case hex digits, else throws. */
  public static String requireTraceId(String traceId) {
    if (traceId == null || !TRACE_ID.matcher(traceId).matches()) {
      throw new IllegalArgumentException("trace id must be 32 lower-case hex digits");
    }
    return traceId;
  }
}
