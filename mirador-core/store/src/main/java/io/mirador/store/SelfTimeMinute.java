package io.mirador.store;

/**
 * Exclusive ("self") time of spans per service and minute: a span's duration minus the summed
 * durations of its children, at least 0. The time is charged to the service that spent it: a span
 * whose child runs in another service (a client call) is charged to that service, since its self
 * time is the network and queueing in front of the callee; any other span to its own service. A
 * slow service then shows in its own self time, while its callers' durations, which only wait for
 * it, do not move their self time.
 */
public record SelfTimeMinute(
    String service, long minuteStartUnixNano, long spans, double p50Nanos, double p95Nanos) {}
