package io.mirador.store;

/**
 * How many spans of one operation of one service, started in one minute, contained one event: a
 * call ({@code call <service> <operation>}, a child span) or a log record written inside the span
 * ({@code log <severity number> <pattern>}, the pattern as in {@link LogPatternMinute}). Divided by
 * the operation's spans in {@link OperationMinute}, it is how often the operation does that thing:
 * a fault in the code usually changes what an operation calls or logs before its latency moves.
 */
public record SpanEventMinute(
    String service, String operation, String event, long minuteStartUnixNano, long spans) {}
