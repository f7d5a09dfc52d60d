package io.mirador.rca.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirador.rca.lab.score.FindingTrack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingWatcherTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

  private FindingWatcher watcher() {
    Stack stack =
        new Stack(
            URI.create("http://127.0.0.1:1"),
            URI.create("http://127.0.0.1:2"),
            URI.create("http://127.0.0.1:3"),
            Path.of("/nonexistent"),
            "lab");
    return new FindingWatcher(
        new ProductClient(stack),
        Pacer.REAL,
        T,
        new PrintStream(logBytes, true, StandardCharsets.UTF_8));
  }

  private static JsonNode finding(String id, String services, String causes) throws Exception {
    return JSON.readTree(
        "{\"id\":\""
            + id
            + "\",\"openedAt\":\"2026-12-07T10:05:00Z\",\"detectedAt\":\"2026-12-07T10:08:00Z\","
            + "\"causes\":["
            + causes
            + "],\"evidence\":{\"services\":["
            + services
            + "]}}");
  }

  @Test
  void theFirstWatchingIsKeptAndEachServiceIsTrackedFromWhenItJoined() throws Exception {
    FindingWatcher w = watcher();
    w.sawDetection(T.plusSeconds(10), JSON.readTree("{\"state\":\"learning\"}"));
    assertThat(w.firstWatching()).isNull();
    w.sawDetection(T.plusSeconds(20), JSON.readTree("{\"state\":\"watching\"}"));
    w.sawDetection(T.plusSeconds(30), JSON.readTree("{\"state\":\"learning\"}"));
    w.sawDetection(T.plusSeconds(40), JSON.readTree("{\"state\":\"watching\"}"));
    assertThat(w.firstWatching()).isEqualTo(T.plusSeconds(20));

    Instant p1 = T.plusSeconds(490);
    Instant p2 = T.plusSeconds(600);
    w.sawFindings(p1, List.of(finding("a", "\"frontend\"", "{\"service\":\"frontend\"}")));
    w.sawFindings(
        p2,
        List.of(
            finding(
                "a", "\"frontend\",\"cart\"", "{\"service\":\"cart\"},{\"service\":\"frontend\"}"),
            JSON.readTree("{\"id\":\"bad\",\"openedAt\":\"yesterday\"}")));
    FindingTrack a = w.tracks().getFirst();
    assertThat(w.tracks()).hasSize(1);
    assertThat(a.gained("frontend"))
        .as("there from the first sighting: the loop's detectedAt")
        .isEqualTo(Instant.parse("2026-12-07T10:08:00Z"));
    assertThat(a.gained("cart")).as("joined later: the poll that showed it").isEqualTo(p2);
    assertThat(a.rankWhenGained("cart")).isEqualTo(1);
    assertThat(a.rankWhenGained("frontend")).isEqualTo(1);
    assertThat(w.latestFindings().getFirst().path("causes").size()).isEqualTo(2);
    assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("detection watching");
  }

  @Test
  void aFailedPollIsCountedAndLoggedNotFatal() throws Exception {
    FindingWatcher w = watcher();
    w.poll();
    assertThat(w.failedPolls()).isEqualTo(2);
    assertThat(logBytes.toString(StandardCharsets.UTF_8))
        .contains("reading the detection state failed")
        .contains("reading the findings failed");
  }
}
