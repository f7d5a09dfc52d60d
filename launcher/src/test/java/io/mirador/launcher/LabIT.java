package io.mirador.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirador.rca.lab.estate.EstateProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short real lab run: the real core, agent and RCA service from their packaged jars, the real
 * Node.js estate, two faults (an exception and a network delay), scored and stopped. The run is
 * shortened for CI (4.5-minute warm-up, 1-minute faults, 30-second gaps and cool-down) and the RCA
 * service's minimum baseline is lowered to 3 minutes so the loop watches inside the warm-up; the
 * command otherwise runs the product's defaults.
 */
class LabIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void aShortRunStoresTheEstatesSpansWritesBothCasesRanksThemAndLeavesNothingRunning()
      throws Exception {
    Path root = UpCommand.installRoot();
    String missing = EstateProcess.missing(LabCommand.node(), LabCommand.estateDir(root));
    assumeTrue(missing == null, () -> "LabIT skipped: " + missing);
    for (Path jar :
        List.of(
            root.resolve("mirador-core/service/target/quarkus-app/quarkus-run.jar"),
            LocalAgent.runJar(root),
            UpCommand.rcaRunJar(root))) {
      assumeTrue(Files.isRegularFile(jar), () -> "LabIT skipped: " + jar + " is not built");
    }
    Path run = tmp.resolve("run");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new LabCommand(List.of("-Dmirador.rca.detection.min-baseline-minutes=3"))
            .run(
                List.of(
                    "--faults", "2",
                    "--types", "exception,network-delay",
                    "--seed", "19",
                    "--warmup-minutes", "4.5",
                    "--fault-minutes", "1",
                    "--gap-minutes", "0.5",
                    "--cooldown-minutes", "0.5",
                    "--out", run.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    String errors = err.toString(StandardCharsets.UTF_8);
    System.out.println(printed);
    System.out.println(errors);
    assertThat(code).as(errors).isZero();
    assertThat(printed).contains("mirador lab: run directory " + run.toAbsolutePath());

    JsonNode runJson = JSON.readTree(run.resolve("run.json").toFile());
    List<String> services = new ArrayList<>();
    runJson.path("servicesWithSpans").forEach(s -> services.add(s.asText()));
    assertThat(services).as("services with spans stored").hasSizeGreaterThanOrEqualTo(15);
    assertThat(runJson.path("seed").asLong()).isEqualTo(19);
    assertThat(runJson.path("tenant").asText()).isEqualTo("lab");

    List<JsonNode> cases = lines(run.resolve("cases.jsonl"));
    assertThat(cases).hasSize(2);
    Set<String> types = new TreeSet<>();
    for (JsonNode c : cases) {
      types.add(c.path("type").asText());
      assertThat(c.path("start").asText()).isNotEmpty();
      assertThat(c.path("end").asText()).isGreaterThan(c.path("start").asText());
      assertThat(services).contains(c.path("service").asText());
    }
    assertThat(types).containsExactly("exception", "network-delay");

    List<JsonNode> rca = lines(run.resolve("rca.jsonl"));
    assertThat(rca).hasSize(2);
    for (JsonNode answer : rca) {
      assertThat(answer.has("error")).as("RCA error: %s", answer.path("error")).isFalse();
      assertThat(answer.path("ranked").size()).as("ranked causes").isPositive();
    }

    String report = Files.readString(run.resolve("report.md"));
    assertThat(report)
        .contains("type=exception cases=1 detected=")
        .contains("type=network-delay cases=1 detected=")
        .contains("all cases=2 detected=")
        .contains("first_scored_minute_after_s=")
        .contains("seed=19");
    assertThat(printed).contains("all cases=2 detected=");

    // The run reads back as a record (how the 60 faults are composed from several runs).
    ByteArrayOutputStream recordOut = new ByteArrayOutputStream();
    Path record = tmp.resolve("record.md");
    int recordCode =
        Mirador.run(
            List.of("lab-record", "--out", record.toString(), run.toString()),
            new PrintStream(recordOut, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(recordCode).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(recordOut.toString(StandardCharsets.UTF_8))
        .contains("all cases=2 detected=")
        .contains("runs=1 seeds=19");
    assertThat(Files.readString(record)).contains("| run | seed | commit |").contains("| 19 |");
    assertThat(run.resolve("findings.jsonl")).exists();
    assertThat(run.resolve("data/core")).isDirectory();

    // Nothing left running: no child of this JVM, no estate process, no listener on the stack's
    // ports.
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
        .as("processes left by the run")
        .isEmpty();
    List<Long> estatePids = new ArrayList<>();
    estatePids.add(JSON.readTree(run.resolve("estate.ready.json").toFile()).path("pid").asLong());
    JSON.readTree(run.resolve("topology.json").toFile())
        .path("services")
        .forEach(s -> estatePids.add(s.path("pid").asLong()));
    for (long pid : estatePids) {
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
          .as("estate process %d", pid)
          .isEmpty();
    }
    for (String endpoint : List.of("core", "rca", "agentOtlpHttp")) {
      int port = URI.create(runJson.path("endpoints").path(endpoint).asText()).getPort();
      assertThat(PortGuard.free(port)).as(endpoint + " port " + port + " released").isTrue();
    }
  }

  private static List<JsonNode> lines(Path file) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }
}
