package io.mirador.rca.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirador.rca.lab.estate.EstateClient;
import io.mirador.rca.lab.schedule.FaultType;
import io.mirador.rca.lab.schedule.PlannedFault;
import io.mirador.rca.lab.schedule.Topology;
import io.mirador.rca.lab.score.LabCase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleRunnerTest {
  @TempDir Path dir;

  /** Virtual time: sleeping moves the clock, so a schedule of minutes runs in milliseconds. */
  static final class VirtualPacer implements Pacer {
    final AtomicReference<Instant> now =
        new AtomicReference<>(Instant.parse("2026-12-07T10:00:00Z"));

    @Override
    public Instant now() {
      return now.get();
    }

    @Override
    public void sleepUntil(Instant at) {
      now.accumulateAndGet(at, (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  private static PlannedFault fault(int i, FaultType type, String service, int gapS, int durS) {
    return new PlannedFault(
        i,
        type,
        service,
        service,
        Duration.ofSeconds(gapS),
        Duration.ofSeconds(durS),
        Map.of("rate", 0.3));
  }

  @Test
  void runsTheScheduleInTimeWritesEachCaseAndGoesOnAfterARefusal() throws Exception {
    VirtualPacer pacer = new VirtualPacer();
    Instant t0 = pacer.now();
    ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    try (FakeEstate estate = new FakeEstate(pacer::now)) {
      EstateClient client = new EstateClient(estate.control());
      Topology topology = client.topology();
      assertThat(topology.targets(FaultType.SLOW_DEPENDENCY)).containsExactly("db");
      ScheduleRunner.Result result =
          new ScheduleRunner(client, new CaseFile(dir.resolve("cases.jsonl")), pacer, log)
              .run(
                  List.of(
                      fault(1, FaultType.EXCEPTION, "orders", 600, 180),
                      fault(2, FaultType.CPU_HOG, "busy", 480, 200),
                      fault(3, FaultType.SLOW_DEPENDENCY, "db", 500, 240)));

      assertThat(result.refused()).hasSize(1);
      assertThat(result.refused().getFirst().status()).isEqualTo(409);
      assertThat(logBytes.toString(StandardCharsets.UTF_8))
          .contains("fault 2 (cpu-hog on busy) refused by the estate: HTTP 409")
          .contains("going on with the next");
      assertThat(result.cases())
          .extracting(LabCase::service, LabCase::type)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("orders", FaultType.EXCEPTION),
              org.assertj.core.groups.Tuple.tuple("db", FaultType.SLOW_DEPENDENCY));
      // the first starts after its gap; the third's gap counts from the refusal, which came
      // after the second's gap, which counted from the first's end
      LabCase first = result.cases().get(0);
      LabCase third = result.cases().get(1);
      assertThat(first.start()).isEqualTo(t0.plusSeconds(600));
      assertThat(first.end()).isEqualTo(first.start().plusSeconds(180));
      Instant refusedAt = first.end().plus(ScheduleRunner.END_MARGIN).plusSeconds(480);
      assertThat(third.start()).isEqualTo(refusedAt.plusSeconds(500));

      // the request carried the contract's fields
      JsonNode request = estate.requests.getFirst();
      assertThat(request.path("service").asText()).isEqualTo("orders");
      assertThat(request.path("type").asText()).isEqualTo("exception");
      assertThat(request.path("durationSeconds").asLong()).isEqualTo(180);
      assertThat(request.path("params").path("rate").asDouble()).isEqualTo(0.3);
    }
    List<String> lines = Files.readAllLines(dir.resolve("cases.jsonl"));
    assertThat(lines).hasSize(2);
    JsonNode line = new ObjectMapper().readTree(lines.getFirst());
    assertThat(line.fieldNames())
        .toIterable()
        .contains("id", "service", "type", "params", "start", "end", "truth", "index");
    assertThat(CaseFile.read(dir.resolve("cases.jsonl")))
        .extracting(LabCase::id)
        .containsExactly("f1", "f2");
  }

  @Test
  void aRealEndThatDiffersFromThePlannedOneRewritesTheCaseFile() throws Exception {
    CaseFile file = new CaseFile(dir.resolve("cases.jsonl"));
    VirtualPacer pacer = new VirtualPacer();
    try (FakeEstate estate = new FakeEstate(pacer::now)) {
      EstateClient client = new EstateClient(estate.control());
      var started = client.start(fault(1, FaultType.EXCEPTION, "orders", 0, 180));
      file.started(fault(1, FaultType.EXCEPTION, "orders", 0, 180), started);
      LabCase ended = file.ended(started.id(), started.start().plusSeconds(100));
      assertThat(ended.end()).isEqualTo(started.start().plusSeconds(100));
      assertThat(CaseFile.read(dir.resolve("cases.jsonl")).getFirst().end())
          .isEqualTo(started.start().plusSeconds(100));
      assertThat(Files.readAllLines(dir.resolve("cases.jsonl"))).hasSize(1);
    }
  }

  @Test
  void aBadFaultIsRefusedWithTheEstatesMessage() throws Exception {
    VirtualPacer pacer = new VirtualPacer();
    try (FakeEstate estate = new FakeEstate(pacer::now)) {
      EstateClient client = new EstateClient(estate.control());
      PlannedFault bad =
          new PlannedFault(
              1,
              FaultType.EXCEPTION,
              "busy",
              "busy",
              Duration.ZERO,
              Duration.ofMinutes(1),
              Map.of());
      try {
        client.start(bad);
      } catch (EstateClient.RefusedException e) {
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.getMessage()).isEqualTo("busy already has an active fault");
        return;
      }
      throw new AssertionError("expected a refusal");
    }
  }
}
