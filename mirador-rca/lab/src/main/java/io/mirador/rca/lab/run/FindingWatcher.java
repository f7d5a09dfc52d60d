package io.mirador.rca.lab.run;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.mirador.rca.lab.score.FindingTrack;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Watches the product while the lab runs, every {@link #INTERVAL}: the detection loop's state (the
 * first time it says {@code watching} is the first scored minute) and the findings (when each
 * service joined each finding, and its rank then: a finding read only at the end would not say when
 * it gained the true cause). A failed poll is counted and logged, never fatal.
 */
final class FindingWatcher implements AutoCloseable {
  static final Duration INTERVAL = Duration.ofSeconds(10);

  private final ProductClient product;
  private final Pacer pacer;
  private final Instant since;
  private final PrintStream log;
  private final Map<String, FindingTrack> tracks = new LinkedHashMap<>();
  private final Map<String, JsonNode> latest = new LinkedHashMap<>();
  private Instant firstWatching;
  private String lastState = "";
  private int failedPolls;
  private Thread thread;

  FindingWatcher(ProductClient product, Pacer pacer, Instant since, PrintStream log) {
    this.product = requireNonNull(product, "product");
    this.pacer = requireNonNull(pacer, "pacer");
    this.since = requireNonNull(since, "since");
    this.log = requireNonNull(log, "log");
  }

  void start() {
    thread = new Thread(this::loop, "lab-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        poll();
        pacer.sleepUntil(pacer.now().plus(INTERVAL));
      }
    } catch (InterruptedException stopped) {
      // close() ends the loop
    }
  }

  /** One poll of the detection state and the findings. */
  void poll() throws InterruptedException {
    Instant at = pacer.now();
    try {
      sawDetection(at, product.detection());
    } catch (IOException e) {
      failed("detection state", e);
    }
    try {
      sawFindings(at, product.findings(since.minus(Duration.ofMinutes(30)), at.plusSeconds(60)));
    } catch (IOException e) {
      failed("findings", e);
    }
  }

  private synchronized void failed(String what, IOException e) {
    failedPolls++;
    log.println(
        "lab: reading the " + what + " failed (" + failedPolls + " so far): " + e.getMessage());
  }

  synchronized void sawDetection(Instant at, JsonNode state) {
    String s = state.path("state").asText("");
    if (!s.equals(lastState)) {
      log.println(
          "lab: "
              + at
              + " detection "
              + s
              + " (baseline "
              + state.path("baselineMinutes").asText("?")
              + " of "
              + state.path("requiredMinutes").asText("?")
              + " min)");
      lastState = s;
    }
    if (firstWatching == null && "watching".equals(s)) {
      firstWatching = at;
    }
  }

  synchronized void sawFindings(Instant at, List<JsonNode> findings) {
    for (JsonNode f : findings) {
      String id = f.path("id").asText("");
      Instant openedAt = instant(f.path("openedAt"));
      if (id.isEmpty() || openedAt == null) {
        continue;
      }
      FindingTrack track =
          tracks.computeIfAbsent(
              id,
              k -> {
                log.println("lab: " + at + " finding " + k + " opened at " + openedAt);
                return new FindingTrack(k, openedAt, instant(f.path("detectedAt")), at);
              });
      List<String> ranked = new ArrayList<>();
      f.path("causes").forEach(c -> ranked.add(c.path("service").asText("")));
      List<String> members = new ArrayList<>();
      f.path("evidence").path("services").forEach(s -> members.add(s.asText("")));
      track.saw(at, members.isEmpty() ? ranked : members, ranked);
      latest.put(id, f);
    }
  }

  private static Instant instant(JsonNode node) {
    if (!node.isTextual()) {
      return null;
    }
    try {
      return Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  synchronized Instant firstWatching() {
    return firstWatching;
  }

  synchronized List<FindingTrack> tracks() {
    return List.copyOf(tracks.values());
  }

  /** The latest version of every finding seen, oldest first. */
  synchronized List<JsonNode> latestFindings() {
    return List.copyOf(latest.values());
  }

  synchronized int failedPolls() {
    return failedPolls;
  }

  @Override
  public void close() {
    stop();
  }

  /** Stops the polling thread (a last poll is the caller's). */
  void stop() {
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(35_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
