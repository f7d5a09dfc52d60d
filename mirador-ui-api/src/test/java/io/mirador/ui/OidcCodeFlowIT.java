package io.mirador.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The OIDC authorization-code flow in a real browser (Chromium through chromedriver) against a real
 * provider (quarkus-test-oidc-server's WireMock: RATIONALE.md, "OIDC"): sign in on the provider's
 * form, land on the page asked for, hold only the {@code mirador_session} cookie, and read the REAL
 * core through the BFF with the access token; a viewer of tenant demo is refused other tenants and
 * the admin pages; a user without tenants gets no session.
 */
@QuarkusTest
@QuarkusTestResource(value = OidcProviderAndCore.class, restrictToAnnotatedClass = true)
class OidcCodeFlowIT {
  @TestHTTPResource("/")
  URL base;

  private WebDriver browser;

  @BeforeEach
  void browser() {
    Path driver = Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));
    Assumptions.assumeTrue(
        Files.isExecutable(driver) && Files.isExecutable(Path.of("/usr/bin/chromium")),
        "chromium and chromedriver are not installed (tools/setup.sh installs them)");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking");
    browser = new ChromeDriver(options);
  }

  @AfterEach
  void close() {
    if (browser != null) {
      browser.quit();
    }
  }

  private String url(String path) {
    return base.toString().replaceAll("/$", "") + path;
  }

  private void signIn(String user, String page) {
    browser.get(url(page));
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
    assertThat(browser.getCurrentUrl()).contains("/auth/realms/quarkus");
    browser.findElement(By.id("username")).sendKeys(user);
    browser.findElement(By.id("password")).sendKeys("pw");
    browser.findElement(By.id("login")).click();
  }

  private String body(String path) {
    browser.get(url(path));
    return browser.findElement(By.tagName("body")).getText();
  }

  @Test
  void aViewerSignsInThroughTheProviderAndReadsTheCoreWithItsAccessToken() {
    signIn("ann", "/findings?tenant=demo&range=1h");
    // Back on the ui-api, on the page asked for (the SPA may then normalize its query).
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(ExpectedConditions.urlMatches("^" + Pattern.quote(url("/findings"))));

    Cookie session = browser.manage().getCookieNamed("mirador_session");
    assertThat(session).isNotNull();
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Strict");
    assertThat(session.getValue()).matches("[A-Za-z0-9_-]{43}");
    assertThat(browser.manage().getCookies())
        .as("the provider's tokens stay on the server")
        .allMatch(c -> c.getName().equals("mirador_session"));
    browser.get(url("/login/elsewhere")); // a 404 under /login, where quarkus-oidc's cookies live
    assertThat(browser.manage().getCookies())
        .extracting(Cookie::getName)
        .as("quarkus-oidc's session cookie is gone")
        .containsExactly("mirador_session");

    String me = body("/ui/api/session");
    assertThat(me)
        .contains("\"user\":\"ann\"")
        .contains("\"roles\":[\"viewer\"]")
        .contains("\"tenants\":[\"demo\"]")
        .contains("\"mode\":\"oidc\"")
        .doesNotContain("eyJ");

    // The real core accepts the forwarded access token (it checks issuer, audience, signature).
    String services =
        body(
            "/ui/api/core/tenants/demo/services?from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z");
    assertThat(services).contains("\"services\":[");

    assertThat(body("/ui/api/core/tenants/other/services"))
        .contains("\"status\":403")
        .contains("not one of this session's tenants");
    assertThat(body("/ui/api/core/admin/agents")).contains("\"status\":403");
    assertThat(body("/admin/audit")).contains("administrators only");
  }

  @Test
  void anAdminGetsTheAdminRole() {
    signIn("root", "/admin/agents");
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(ExpectedConditions.urlMatches("^" + Pattern.quote(url("/")) + "(admin|findings)"));
    assertThat(body("/ui/api/session")).contains("\"roles\":[\"admin\"]");
    // The real core takes the forwarded token's admin role.
    assertThat(body("/ui/api/core/admin/agents")).doesNotContain("\"status\":40");
  }

  @Test
  void aUserWithoutTenantsGetsNoSession() {
    signIn("nobody", "/findings");
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "No tenant"));
    assertThat(browser.manage().getCookieNamed("mirador_session")).isNull();
    assertThat(body("/ui/api/session")).contains("\"status\":401");
  }
}
