package io.mirador.rca.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.rca.Finding;
import io.mirador.rca.Incident;
import io.mirador.rca.IncidentEvent;
import io.mirador.rca.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NezhaDetectionTest {
  private static final Instant T0 = Instant.parse("2023-01-29T12:00:00Z");

  private static Instant minute(int m) {
    return T0.plus(Duration.ofMinutes(m));
  }

  private static Incident incident(String id, String service, int start) {
    var window = new TimeWindow(minute(start), minute(start + 1));
    var finding =
        new Finding(
            new Finding.Symptom(service, "latency_p99", window),
            List.of(new Finding.Cause(service, 1, 1, List.of(), List.of())));
    return new Incident(
        UUID.nameUUIDFromBytes(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        "nezha",
        new TreeSet<>(List.of(service)),
        window,
        finding);
  }

  @Test
  void overlappingIncidentsCountEachQuietMinuteOnce() {
    Incident a = incident("a", "cart", 0);
    Incident b = incident("b", "payment", 5);
    Incident c = incident("c", "email", 30);
    var events =
        List.of(
            new NezhaDetection.Ticked(minute(0), new IncidentEvent.Opened(a)),
            new NezhaDetection.Ticked(minute(5), new IncidentEvent.Opened(b)),
            new NezhaDetection.Ticked(
                minute(12),
                new IncidentEvent.Closed(a, minute(12), IncidentEvent.Resolution.RECOVERED)),
            new NezhaDetection.Ticked(
                minute(20),
                new IncidentEvent.Closed(b, minute(20), IncidentEvent.Resolution.RECOVERED)),
            // never closes: open to the end of the data
            new NezhaDetection.Ticked(minute(30), new IncidentEvent.Opened(c)));

    // Quiet from minute 2 to minute 39: a and b cover 2-19 (18 minutes, 7 of them both),
    // c covers 30-39 (10).
    assertThat(NezhaDetection.quietMinutesWithAnIncidentOpen(events, minute(2), minute(39)))
        .isEqualTo(28);
    // A quiet stretch that starts inside a minute starts with the next whole minute.
    assertThat(
            NezhaDetection.quietMinutesWithAnIncidentOpen(
                events, minute(2).plusSeconds(33), minute(39)))
        .isEqualTo(27);
    // Nothing open in the quiet stretch 21-29.
    assertThat(NezhaDetection.quietMinutesWithAnIncidentOpen(events, minute(21), minute(29)))
        .isZero();
  }
}
