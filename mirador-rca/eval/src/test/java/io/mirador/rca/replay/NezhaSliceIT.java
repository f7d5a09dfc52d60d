package io.mirador.rca.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mirador.store.FeatureQuery;
import io.mirador.store.SpanEventMinute;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TelemetryStores;
import io.mirador.store.TimeRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays three minutes of the Train Ticket day (around its first fault) and two pods' metrics
 * through the core's ingest pipeline into an embedded store, and reads the RCA features back.
 */
class NezhaSliceIT {
  static final Path TRAIN_TICKET = Path.of("../../../shared/data/rca/nezha-trainticket-2023-01-29");
  static final Set<String> SLICE =
      Set.of(
          "08_43_trace.csv.gz",
          "08_44_trace.csv.gz",
          "08_45_trace.csv.gz",
          "08_43_log.csv.gz",
          "08_44_log.csv.gz",
          "08_45_log.csv.gz",
          "ts-travel-service-64469b5b48-25zj6_metric.csv.gz",
          "ts-contacts-service-866bd68c97-xcqfx_metric.csv.gz");

  @TempDir Path dir;

  @Test
  void aReplayedSliceComesBackAsFeatures() throws Exception {
    assumeTrue(Files.isDirectory(TRAIN_TICKET), "Nezha data absent at " + TRAIN_TICKET);
    try (TelemetryStore store = TelemetryStores.embedded(dir.resolve("store"));
        IngestSink sink =
            IngestSink.open(dir.resolve("core"), store, NezhaEval.TENANT, NezhaEval.RETENTION)) {
      NezhaReplay.Result result =
          NezhaReplay.replay(TRAIN_TICKET, NezhaEval.TENANT, sink, SLICE::contains);

      assertThat(result.files()).isEqualTo(SLICE.size());
      assertThat(result.spans()).isGreaterThan(10_000);
      assertThat(result.logs()).isGreaterThan(5_000);
      assertThat(sink.rejected()).isZero();
      assertThat(store.stats().spansWritten()).isEqualTo(result.spans());
      assertThat(store.stats().logsWritten()).isEqualTo(result.logs());

      FeatureQuery query =
          FeatureQuery.of(
              NezhaEval.TENANT,
              TimeRange.of(
                  Instant.parse("2023-01-29T08:42:00Z"), Instant.parse("2023-01-29T08:46:00Z")));
      var features = store.serviceFeatures(query);
      assertThat(features)
          .filteredOn(m -> m.service().equals("ts-travel-service"))
          .isNotEmpty()
          .allSatisfy(m -> assertThat(m.requests()).isPositive())
          .anySatisfy(m -> assertThat(m.latencyP95Nanos()).isPositive())
          .anySatisfy(
              m ->
                  assertThat(m.gauges()).containsKeys(MetricConverter.CPU, MetricConverter.MEMORY));
      assertThat(store.dependencies(NezhaEval.TENANT, query.range()))
          .anySatisfy(e -> assertThat(e.caller()).isEqualTo("ts-gateway-service"));
      assertThat(store.operationFeatures(query))
          .anySatisfy(
              o -> {
                assertThat(o.service()).isEqualTo("ts-travel-service");
                assertThat(o.kind()).isEqualTo("Server");
              });
      var events = store.spanEvents(query);
      assertThat(events).extracting(SpanEventMinute::event).anyMatch(e -> e.startsWith("log "));
      assertThat(events).extracting(SpanEventMinute::event).anyMatch(e -> e.startsWith("call "));
      assertThat(store.selfTimes(query))
          .anySatisfy(s -> assertThat(s.service()).isEqualTo("ts-travel-service"));
      assertThat(store.logPatterns(query)).anySatisfy(p -> assertThat(p.pattern()).contains("<N>"));
    }
  }
}
