package io.mirador.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The page of an open finding follows the stored finding, in Chromium against the real stack: a
 * finding stored through the core's API like the RCA service stores one (modelled on the loop's own
 * finding), first as a fresh incident's first ranking without an error example, then re-ranked with
 * a grown window and an example, then closed. The page must show each version without a reload.
 * Also: a call edge whose gap did not move shows "—" as its share (the loop's finding of this code
 * fault has such edges).
 *
 * <p>The finding lies three hours before the fault, outside every range the other browser tests
 * list, so they never see it.
 */
@ExtendWith(StackExtension.class)
class UiWatchesOpenFindingIT {
  /** The page's check period ({@code FINDING_REFRESH_MS}), plus time for a slow machine. */
  private static final int SHOWN_WITHIN_SECONDS = 15 + 30;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Browser browser;

  @BeforeAll
  static void openBrowser(MiradorStack stack) throws Exception {
    Path screenshots = MiradorStack.module().resolve("target/screenshots");
    browser = Browser.open(screenshots, stack.runDir().resolve("browser-refresh"));
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void anOpenFindingsPageShowsEachNewVersionWithoutAReload(MiradorStack stack) throws Exception {
    JsonNode loops = stack.awaitFinding(Duration.ofMinutes(7));
    JsonNode model =
        stack.coreGet(
            "/api/v1/tenants/" + MiradorStack.TENANT + "/findings/" + loops.path("id").asText());
    Instant start = stack.faultStart().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES);
    String incident = UUID.randomUUID().toString();

    // The first ranking: one minute, no example.
    ObjectNode first = version(model, incident, start, Duration.ofMinutes(1), List.of(), false);
    JsonNode created =
        send("POST", stack, "/api/v1/tenants/" + MiradorStack.TENANT + "/findings", first);
    String id = created.path("id").asText();
    String path = "/api/v1/tenants/" + MiradorStack.TENANT + "/findings/" + id;

    browser.go(stack.takeLoginLink());
    browser.awaitView("findings");
    browser.go(stack.uiUrl() + "/findings/" + id + "?tenant=" + MiradorStack.TENANT);
    browser.awaitView("finding");
    browser.await(By.cssSelector("[data-testid='cause'][data-rank='1']"));
    assertThat(browser.all("[data-testid='example-trace-link']")).isEmpty();
    assertThat(facts("data-updated-at")).isEqualTo(created.path("updatedAt").asText());
    assertThat(browser.text(By.cssSelector("[data-testid='finding-refresh']")))
        .contains("every 15 s");
    assertSharesFollowTheGapMove(model);
    // Marks this document: a reload would lose the mark.
    browser.js("window.__miradorNotReloaded = true");

    // The next ranking: two minutes, an error example of the fault.
    // A failed order of the fault (an attached stack has no shop here: its hostile trace then).
    String traceId =
        stack.shop() != null && !stack.shop().faultTraceIds().isEmpty()
            ? stack.shop().faultTraceIds().getFirst()
            : stack.hostileTraceId();
    ObjectNode example =
        JSON.createObjectNode()
            .put("service", ShopTelemetry.PAYMENT)
            .put("kind", "ERROR_SPAN")
            .put("time", start.plusSeconds(70).toString())
            .put("traceId", traceId)
            .put("text", "POST /charge: HTTP 503");
    JsonNode reranked =
        send(
            "PUT",
            stack,
            path,
            version(model, incident, start, Duration.ofMinutes(2), List.of(example), false));
    WebElement link =
        browser.await(
            By.cssSelector(
                "[data-testid='cause'][data-rank='1'] [data-testid='example-trace-link']"),
            SHOWN_WITHIN_SECONDS);
    assertThat(link.getAttribute("href")).contains("/traces/" + traceId);
    assertThat((Boolean) browser.js("return window.__miradorNotReloaded === true"))
        .as("the page showed the new ranking without a reload")
        .isTrue();
    assertThat(facts("data-updated-at")).isEqualTo(reranked.path("updatedAt").asText());
    assertThat(browser.text(By.cssSelector("[data-testid='finding-facts']")))
        .as("the window grew to two minutes")
        .contains(clock(start.plus(Duration.ofMinutes(2))));
    assertThat(browser.text(By.cssSelector("[data-testid='finding-refresh']")))
        .contains("last checked");
    browser.js("window.scrollTo(0, 0)");
    browser.screenshot("finding-refreshed");

    // The close: shown, and the page stops checking.
    send(
        "PUT",
        stack,
        path,
        version(model, incident, start, Duration.ofMinutes(2), List.of(example), true));
    browser.await(
        By.xpath("//*[@data-testid='finding-state' and normalize-space(.)='CLOSED']"),
        SHOWN_WITHIN_SECONDS);
    assertThat((Boolean) browser.js("return window.__miradorNotReloaded === true")).isTrue();
    assertThat(
            (Boolean)
                browser.js(
                    "return document.querySelector(\"[data-testid='finding-refresh']\").hidden"))
        .as("a closed finding's page no longer says it checks")
        .isTrue();
    browser.screenshot("finding-refreshed-closed");
  }

  /**
   * Every edge row's share: the percentage where the edge's gap moved at least one robust scale
   * ({@code gapDeviation} >= 1), a dash where it did not; the loop's finding of this code fault
   * (payment's own time) has edges of both kinds or the second only.
   */
  private static void assertSharesFollowTheGapMove(JsonNode model) {
    JsonNode top = model.path("evidence").path("finding").path("causes").get(0);
    List<WebElement> rows =
        browser.all("[data-testid='cause'][data-rank='1'] [data-testid='edge-row']");
    assertThat(rows).hasSize(top.path("edges").size());
    int dashes = 0;
    for (int i = 0; i < rows.size(); i++) {
      JsonNode e = top.path("edges").get(i);
      WebElement share = rows.get(i).findElement(By.cssSelector("[data-testid='edge-share']"));
      assertThat(Double.parseDouble(share.getAttribute("data-value")))
          .isEqualTo(e.path("share").asDouble());
      // An edge of the window has calls there: its repeated share is measured, a percentage.
      WebElement repeats = rows.get(i).findElement(By.cssSelector("[data-testid='edge-repeats']"));
      assertThat(Double.parseDouble(repeats.getAttribute("data-value")))
          .isEqualTo(e.path("windowRepeatShare").asDouble());
      assertThat(repeats.getText()).contains("→").endsWith("%");
      if (e.path("gapDeviation").asDouble() >= 1) {
        assertThat(share.getText()).endsWith("%");
      } else {
        assertThat(share.getText()).isEqualTo("—");
        assertThat(share.getAttribute("title")).contains("did not move");
        dashes++;
      }
    }
    assertThat(dashes)
        .as("edges of payment whose gap did not move (a code fault adds no wire time)")
        .isPositive();
  }

  private static String facts(String attribute) {
    return browser.await(By.cssSelector("[data-testid='finding-facts']")).getAttribute(attribute);
  }

  /** An instant as the page shows it by default: UTC, {@code 2026-12-07 06:28:00}. */
  private static String clock(Instant at) {
    return at.toString().replace('T', ' ').replace("Z", "");
  }

  /**
   * The loop's finding moved to {@code start}, {@code length} long, with {@code examples} instead
   * of its own; closed at its end when {@code closed}.
   */
  private static ObjectNode version(
      JsonNode model,
      String incident,
      Instant start,
      Duration length,
      List<ObjectNode> examples,
      boolean closed) {
    Instant end = start.plus(length);
    ObjectNode input = JSON.createObjectNode();
    input.put("status", closed ? "CLOSED" : "OPEN");
    input.put("openedAt", start.toString());
    input.put("detectedAt", end.plusSeconds(5).toString());
    if (closed) {
      input.put("closedAt", end.plus(Duration.ofMinutes(5)).toString());
    }
    ObjectNode symptom = input.putObject("symptom");
    symptom.put("service", model.path("symptom").path("service").asText());
    symptom.put("metric", model.path("symptom").path("metric").asText());
    symptom.put("from", start.toString());
    symptom.put("to", end.toString());
    input.set("causes", model.path("causes"));
    ObjectNode evidence = model.path("evidence").deepCopy();
    evidence.put("incidentId", incident);
    evidence.put("source", "browser test of the finding page's refresh");
    if (closed) {
      evidence.put("resolution", "RECOVERED");
    }
    ObjectNode finding = (ObjectNode) evidence.path("finding");
    ObjectNode window = (ObjectNode) finding.path("symptom").path("window");
    window.put("start", start.toString());
    window.put("end", end.toString());
    ArrayNode list = finding.putArray("examples");
    examples.forEach(list::add);
    input.set("evidence", evidence);
    return input;
  }

  /** POST or PUT on the core's findings API with the local admin token; the stored finding. */
  private static JsonNode send(String method, MiradorStack stack, String path, ObjectNode body)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.coreUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + stack.adminToken())
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode())
        .as("%s %s", method, path.replaceAll("/findings/.*", "/findings/…"))
        .isBetween(200, 201);
    return JSON.readTree(r.body());
  }
}
