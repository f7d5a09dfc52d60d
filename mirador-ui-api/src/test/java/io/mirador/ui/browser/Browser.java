package io.mirador.ui.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumDriverLogLevel;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through {@code /usr/bin/chromedriver} (Selenium Manager off:
 * {@code SE_OFFLINE=true} and the driver path given), with a fresh profile. Every request the pages
 * make is recorded from Chromium's performance log ({@code Network.requestWillBeSent}, all frames,
 * every scheme) and the console from its browser log, so a test can fail on any request that leaves
 * 127.0.0.1 and show what the page complained about.
 *
 * <p>The performance log, not {@code selenium-devtools}: Debian's Chromium is version 150 and
 * Selenium 4.52 ships CDP bindings for 154-156 only; chromedriver's log works with any version.
 */
final class Browser implements AutoCloseable {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChromeDriver driver;
  private final ChromeDriverService service;
  private final Path profile;
  private final Path screenshots;
  private final Path logDir;
  private final List<String> requests = new ArrayList<>();
  private final List<String> console = new ArrayList<>();

  private Browser(
      ChromeDriver driver,
      ChromeDriverService service,
      Path profile,
      Path screenshots,
      Path logDir) {
    this.driver = driver;
    this.service = service;
    this.profile = profile;
    this.screenshots = screenshots;
    this.logDir = logDir;
  }

  /** Whether Chromium and chromedriver are installed (tools/setup.sh installs them). */
  static boolean available() {
    return Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
  }

  static Browser open(Path screenshots, Path logDir) throws IOException {
    Files.createDirectories(screenshots);
    Files.createDirectories(logDir);
    Path profile = Files.createTempDirectory(logDir, "chromium-profile-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--window-size=1440,1000",
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.PERFORMANCE, Level.ALL);
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            // Warnings only, and redacted: at INFO chromedriver logs every command, login links
            // and session cookies among them.
            .withLogLevel(ChromiumDriverLogLevel.WARNING)
            .withLogOutput(new RedactingLog(logDir.resolve("chromedriver.log")))
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    return new Browser(driver, service, profile, screenshots, logDir);
  }

  ChromeDriver driver() {
    return driver;
  }

  void go(String url) {
    driver.get(url);
  }

  String url() {
    return driver.getCurrentUrl();
  }

  /** Waits up to {@code seconds} for an element matching {@code by} to be visible. */
  WebElement await(By by, int seconds) {
    try {
      return new WebDriverWait(driver, Duration.ofSeconds(seconds))
          .until(ExpectedConditions.visibilityOfElementLocated(by));
    } catch (TimeoutException e) {
      throw new TimeoutException(
          e.getMessage() + "\n(page: " + LogRedaction.redact(url()) + "; " + failureShot() + ")",
          e);
    }
  }

  WebElement await(By by) {
    return await(by, 30);
  }

  /** Waits until the view named {@code view} is shown and no loading indicator remains in it. */
  WebElement awaitView(String view) {
    WebElement root = await(By.cssSelector("[data-view='" + view + "']"));
    try {
      new WebDriverWait(driver, Duration.ofSeconds(60))
          .until(
              d ->
                  d.findElements(
                          By.cssSelector("[data-view='" + view + "'] [data-testid='loading']"))
                      .isEmpty());
    } catch (TimeoutException e) {
      throw new TimeoutException(
          e.getMessage() + "\n(page: " + LogRedaction.redact(url()) + "; " + failureShot() + ")",
          e);
    }
    return root;
  }

  /** A screenshot of the page as it was when a wait failed, beside the browser's logs. */
  private String failureShot() {
    try {
      Path file = logDir.resolve("failure-" + System.currentTimeMillis() + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      Files.write(
          logDir.resolve("console.log"),
          console().stream().map(LogRedaction::redact).toList(),
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
      return "screenshot " + file;
    } catch (IOException | RuntimeException e) {
      return "no screenshot: " + e.getClass().getSimpleName();
    }
  }

  /**
   * Clicks the element matching {@code by}, finding it again when the page re-rendered it in the
   * meantime (views that refresh themselves replace their rows).
   */
  void click(By by) {
    for (int attempt = 1; ; attempt++) {
      try {
        await(by).click();
        return;
      } catch (StaleElementReferenceException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  /** Text of the element matching {@code by}, read again if the page re-rendered it. */
  String text(By by) {
    for (int attempt = 1; ; attempt++) {
      try {
        return await(by).getText();
      } catch (StaleElementReferenceException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  /** Forgets every cookie of every site (WebDriver's own call only clears the current path's). */
  void clearCookies() {
    driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
  }

  /** Every cookie the browser holds, of every site and path, as {@code name path}. */
  @SuppressWarnings("unchecked")
  List<String> allCookies() {
    Map<String, Object> r = driver.executeCdpCommand("Network.getAllCookies", Map.of());
    return ((List<Map<String, Object>>) r.get("cookies"))
        .stream().map(c -> c.get("name") + " " + c.get("path")).toList();
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  Object asyncJs(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
  }

  /** Light or dark, as the OS would ask for it ({@code prefers-color-scheme}). */
  void colorScheme(String scheme) {
    driver.executeCdpCommand(
        "Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
  }

  /** Writes a PNG of the viewport (whole page height up to 2,000 px) to the screenshot folder. */
  Path screenshot(String name) {
    Path file = screenshots.resolve(name + ".png");
    try {
      Number height =
          (Number)
              js("return Math.min(2000, Math.max(document.documentElement.scrollHeight, 1000));");
      @SuppressWarnings("unchecked")
      Map<String, Object> shot =
          driver.executeCdpCommand(
              "Page.captureScreenshot",
              Map.of(
                  "format",
                  "png",
                  "captureBeyondViewport",
                  true,
                  "clip",
                  Map.of("x", 0, "y", 0, "width", 1440, "height", height.intValue(), "scale", 1)));
      Files.write(file, java.util.Base64.getDecoder().decode((String) shot.get("data")));
    } catch (RuntimeException e) {
      try {
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      } catch (IOException io) {
        throw new UncheckedIOException(io);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Every URL the pages requested so far (all schemes), in order. */
  synchronized List<String> requests() {
    for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
      try {
        JsonNode message = JSON.readTree(e.getMessage()).path("message");
        if ("Network.requestWillBeSent".equals(message.path("method").asText())) {
          requests.add(message.path("params").path("request").path("url").asText());
        }
      } catch (IOException ignored) {
        // not JSON: not a network event
      }
    }
    return List.copyOf(requests);
  }

  /** Requests whose destination is not 127.0.0.1 (data: and blob: URLs stay in the page). */
  List<String> requestsLeavingLoopback() {
    return requests().stream().filter(u -> !staysLocal(u)).toList();
  }

  static boolean staysLocal(String url) {
    // The page's own data and the browser's built-in pages (the new-tab page chromedriver opens
    // first loads chrome:// resources) never touch the network.
    for (String internal :
        List.of("data:", "blob:", "about:", "chrome:", "chrome-untrusted:", "devtools:")) {
      if (url.startsWith(internal)) {
        return true;
      }
    }
    try {
      URI uri = URI.create(url);
      return "127.0.0.1".equals(uri.getHost())
          && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Console messages so far (levels and text), CSP reports among them. */
  synchronized List<String> console() {
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      console.add(e.getLevel() + " " + e.getMessage());
    }
    return List.copyOf(console);
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      try (Stream<Path> paths = Files.walk(profile)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a leftover profile under target/ is harmless
      }
    }
  }

  /** A log file written line by line through {@link LogRedaction}. */
  private static final class RedactingLog extends java.io.OutputStream {
    private final java.io.Writer out;
    private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

    RedactingLog(Path file) throws IOException {
      this.out = Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) throws IOException {
      if (b == '\n') {
        out.write(LogRedaction.redact(line.toString(java.nio.charset.StandardCharsets.UTF_8)));
        out.write('\n');
        out.flush();
        line.reset();
      } else {
        line.write(b);
      }
    }

    @Override
    public synchronized void close() throws IOException {
      if (line.size() > 0) {
        write('\n');
      }
      out.close();
    }
  }
}
