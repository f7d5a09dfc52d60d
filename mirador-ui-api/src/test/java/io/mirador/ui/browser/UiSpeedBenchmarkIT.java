package io.mirador.ui.browser;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The UI's speed figures (README "Speed"), measured with Chromium's own clock: {@code
 * performance.now()} from navigation start, taken by an observer injected before the page's scripts
 * run (CDP {@code Page.addScriptToEvaluateOnNewDocument}), navigation timing and the app's own
 * {@code performance.measure} entries. Data goes in through the real paths (SDK -> agent -> core;
 * findings through the core's API). A benchmark, not a test: enabled with {@code -Dui.bench=true};
 * it prints and writes {@code target/ui-speed.md} and asserts nothing about time.
 */
@ExtendWith(StackExtension.class)
class UiSpeedBenchmarkIT {
  private static final int RUNS = 5;

  private final List<String> report = new ArrayList<>();

  @Test
  void measure(MiradorStack stack) throws Exception {
    assumeTrue(Boolean.getBoolean("ui.bench"), "the speed benchmark runs with -Dui.bench=true");
    assetSizes();

    JsonNode real = stack.awaitFinding(Duration.ofMinutes(7));
    long t = System.nanoTime();
    // 999 beside the loop's own finding (not again when attached to a stack that has them).
    int stored =
        stack
            .coreGet(
                "/api/v1/tenants/demo/findings?limit=500&from="
                    + Instant.now().minus(Duration.ofDays(7)))
            .path("items")
            .size();
    int missing = stored >= 500 ? 0 : 999;
    BenchData.findings(
        stack, stack.coreGet("/api/v1/tenants/demo/findings/" + real.path("id").asText()), missing);
    line("data: %d findings stored through the core's API in %d ms", missing, ms(t));
    t = System.nanoTime();
    String bigTrace =
        BenchData.bigTrace(stack.agentUrl(), Instant.now().minus(Duration.ofMinutes(3)), 5000, 12);
    line("data: one 5,000-span trace through the agent in %d ms", ms(t));
    t = System.nanoTime();
    BenchData.wideTopology(stack.agentUrl(), Instant.now().minus(Duration.ofMinutes(4)), 3, 200);
    line(
        "data: 200 services in a call tree, 3 minutes of traces, through the agent in %d ms",
        ms(t));
    awaitTrace(stack, bigTrace, 5000);

    try (Browser browser =
        Browser.open(
            stack.runDir().resolve("bench-screens"), stack.runDir().resolve("browser-bench"))) {
      browser.go(stack.takeLoginLink());
      browser.awaitView("findings");
      String ui = stack.uiUrl();
      String tenant = "tenant=" + MiradorStack.TENANT;

      measure(
          browser,
          "findings page, 1,000 findings (all rows rendered)",
          ui + "/findings?" + tenant + "&range=7d",
          "[data-testid='finding-row']",
          1000);

      measure(
          browser,
          "finding detail (top cause with its evidence)",
          ui + "/findings/" + real.path("id").asText() + "?" + tenant,
          "[data-testid='cause'][data-rank='1'] [data-testid='evidence-row']",
          1);
      measure(
          browser,
          "trace of 5,000 spans (waterfall rows on screen)",
          ui + "/traces/" + bigTrace + "?" + tenant,
          "[data-testid='waterfall-row']",
          10);
      measure(
          browser,
          "service map, a 200-service call tree beside the rest",
          ui + "/map?" + tenant + "&range=1h",
          "[data-testid='map-node']",
          200);
      double click =
          clickAndWait(
              browser,
              "[data-testid='map-node'][data-service='wide-042']",
              "[data-view='service'] [data-testid='service-name']",
              1);
      line("service map: click on a node to the service page shown: %.0f ms", click);
    }
    Path out = MiradorStack.module().resolve("target/ui-speed.md");
    Files.write(out, report);
    System.out.println(String.join("\n", report));
  }

  /** Gzip size of the shipped JS and CSS (as the build packages them). */
  private void assetSizes() throws IOException {
    Path assets = MiradorStack.module().resolve("target/classes/META-INF/resources");
    long raw = 0;
    long gz = 0;
    try (Stream<Path> files = Files.walk(assets)) {
      for (Path p :
          files
              .filter(f -> f.toString().endsWith(".js") || f.toString().endsWith(".css"))
              .toList()) {
        byte[] bytes = Files.readAllBytes(p);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(buffer)) {
          zip.write(bytes);
        }
        raw += bytes.length;
        gz += buffer.size();
      }
    }
    line("shipped JS + CSS: %.1f KB, %.1f KB gzipped (goal <= 400 KB)", raw / 1024.0, gz / 1024.0);
  }

  /**
   * Loads {@code url} {@link #RUNS} times in a fresh document; for each, the time from navigation
   * start until {@code n} elements match {@code css} (observed by a MutationObserver installed
   * before the app's script) and until the next frame after that has been handed back to the page
   * (input would be handled: "interactive").
   */
  private void measure(Browser browser, String what, String url, String css, int n) {
    @SuppressWarnings("unchecked")
    Map<String, Object> added =
        browser
            .driver()
            .executeCdpCommand(
                "Page.addScriptToEvaluateOnNewDocument", Map.of("source", probe(css, n)));
    List<double[]> runs = new ArrayList<>();
    List<String> measures = new ArrayList<>();
    try {
      for (int i = 0; i < RUNS; i++) {
        browser.go(url);
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(120))
            .until(d -> browser.js("return window.__bench && window.__bench.interactive") != null);
        @SuppressWarnings("unchecked")
        Map<String, Object> r =
            (Map<String, Object>)
                browser.js(
                    "const n = performance.getEntriesByType('navigation')[0];"
                        + "return {visible: __bench.visible, interactive: __bench.interactive,"
                        + " dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd,"
                        + " measures: performance.getEntriesByType('measure')"
                        + ".filter(m => m.name.startsWith('mirador:'))"
                        + ".map(m => m.name + ' ' + m.duration.toFixed(0) + ' ms').join(', ')};");
        runs.add(
            new double[] {
              num(r.get("visible")),
              num(r.get("interactive")),
              num(r.get("dcl")),
              num(r.get("load"))
            });
        if (!String.valueOf(r.get("measures")).isBlank()) {
          measures.add(String.valueOf(r.get("measures")));
        }
      }
    } finally {
      browser
          .driver()
          .executeCdpCommand(
              "Page.removeScriptToEvaluateOnNewDocument",
              Map.of("identifier", added.get("identifier")));
    }
    browser.screenshot("bench-" + what.replaceAll("[^a-z0-9]+", "-"));
    double[] first = runs.getFirst();
    List<double[]> warm = runs.subList(1, runs.size());
    line(
        "%s: shown %.0f ms, interactive %.0f ms (first load); warm median shown %.0f ms, interactive %.0f ms, max %.0f ms; DOMContentLoaded %.0f ms%s",
        what,
        first[0],
        first[1],
        median(warm, 0),
        median(warm, 1),
        max(warm, 1),
        median(warm, 2),
        measures.isEmpty() ? "" : "; app measures: " + measures.getLast());
  }

  private static String probe(String css, int n) {
    return """
        (() => {
          const css = %s, n = %d;
          const marks = window.__bench = {};
          const check = () => {
            if (marks.visible === undefined && document.querySelectorAll(css).length >= n) {
              marks.visible = performance.now();
              obs.disconnect();
              requestAnimationFrame(() => setTimeout(() => { marks.interactive = performance.now(); }, 0));
            }
          };
          const obs = new MutationObserver(check);
          obs.observe(document, {childList: true, subtree: true});
        })();
        """
        .formatted(jsString(css), n);
  }

  /** In-page: time from a click on {@code css} until {@code n} elements match {@code until}. */
  private static double clickAndWait(Browser browser, String css, String until, int n) {
    browser.await(By.cssSelector(css));
    return num(
        browser.asyncJs(
            "const done = arguments[arguments.length - 1];"
                + "const t0 = performance.now();"
                + "document.querySelector(arguments[0]).dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: window}));"
                + "const poll = () => document.querySelectorAll(arguments[1]).length >= arguments[2]"
                + " ? requestAnimationFrame(() => done(performance.now() - t0)) : requestAnimationFrame(poll);"
                + "poll();",
            css,
            until,
            n));
  }

  private static void awaitTrace(MiradorStack stack, String traceId, int spans) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (stack.coreGet("/api/v1/tenants/demo/traces/" + traceId).path("spans").size() >= spans) {
          return;
        }
      } catch (IllegalStateException notYet) {
        // 404 until stored
      }
      Thread.sleep(2000);
    }
    throw new IllegalStateException("the 5,000-span trace was not stored within 2 minutes");
  }

  private void line(String format, Object... args) {
    String s = String.format(Locale.ROOT, format, args);
    report.add("- " + s);
    System.out.println("ui-bench: " + s);
  }

  private static String jsString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static double num(Object o) {
    return o instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static double median(List<double[]> runs, int i) {
    double[] v = runs.stream().mapToDouble(r -> r[i]).sorted().toArray();
    return v.length == 0 ? Double.NaN : v[v.length / 2];
  }

  private static double max(List<double[]> runs, int i) {
    return runs.stream().mapToDouble(r -> r[i]).max().orElse(Double.NaN);
  }

  private static long ms(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
