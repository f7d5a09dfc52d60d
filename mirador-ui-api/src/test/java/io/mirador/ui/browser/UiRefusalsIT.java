package io.mirador.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.ui.browser.TestOidcProvider.User;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * What the ui-api refuses, through the browser, in OIDC mode: users log in with the
 * authorization-code flow at {@link TestOidcProvider} (real signed tokens, validated by the ui-api
 * and again by the core). A viewer of one tenant opening another tenant's URLs, a viewer opening
 * admin pages, a forged and an expired session, a state change without the CSRF token; and the XSS
 * payloads the shop sent as span name, attributes, event and log bodies stay text.
 */
@ExtendWith(StackExtension.class)
class UiRefusalsIT {
  private static final User VIEWER_OF_DEMO =
      new User("viewer-of-demo", List.of("viewer"), List.of(MiradorStack.TENANT));
  private static final User ADMIN =
      new User(
          "site-admin", List.of("admin"), List.of(MiradorStack.TENANT, MiradorStack.OTHER_TENANT));

  private static Browser browser;
  private static MiradorStack stack;
  private static int shellScripts;

  @BeforeAll
  static void openBrowser(MiradorStack s) throws Exception {
    stack = s;
    browser =
        Browser.open(
            MiradorStack.module().resolve("target/screenshots"),
            s.runDir().resolve("browser-refusals"));
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      try {
        assertThat(browser.requestsLeavingLoopback()).as("requests that left 127.0.0.1").isEmpty();
      } finally {
        browser.close();
      }
    }
  }

  @BeforeEach
  void signedOut() {
    browser.go(stack.uiOidcUrl() + "/q/health/live");
    browser.clearCookies();
  }

  @Test
  void aViewerOfOneTenantIsRefusedAnotherTenantsPagesAndApis() {
    login(VIEWER_OF_DEMO);
    assertThat(session()).containsEntry("user", VIEWER_OF_DEMO.subject());

    String other = MiradorStack.OTHER_TENANT;
    browser.go(stack.uiOidcUrl() + "/findings?tenant=" + other + "&range=1h");
    assertRefused("findings");
    browser.screenshot("refusal-other-tenant");
    browser.go(stack.uiOidcUrl() + "/traces/" + stack.hostileTraceId() + "?tenant=" + other);
    assertRefused("trace");
    browser.go(stack.uiOidcUrl() + "/map?tenant=" + other + "&range=1h");
    assertRefused("map");

    // The same through the API, from the page's own script: refused before anything is forwarded.
    assertThat(status("GET", "/ui/api/core/tenants/" + other + "/services", true)).isEqualTo(403);
    assertThat(
            status(
                "GET", "/ui/api/core/tenants/" + other + "/traces/" + stack.hostileTraceId(), true))
        .isEqualTo(403);
    assertThat(status("GET", "/ui/api/rca/findings?tenant=" + other, true)).isEqualTo(403);
    assertThat(status("GET", "/ui/api/rca/anomalies?tenant=" + other, true)).isEqualTo(403);
    // ...while the viewer's own tenant answers.
    assertThat(status("GET", "/ui/api/core/tenants/" + MiradorStack.TENANT + "/services", true))
        .isEqualTo(200);
  }

  @Test
  void aViewerIsRefusedTheAdminPagesByTheServer() {
    login(VIEWER_OF_DEMO);
    for (String page : List.of("audit", "agents", "keys", "tenants", "privacy")) {
      assertThat(status("GET", "/admin/" + page, false)).as("page /admin/%s", page).isEqualTo(403);
    }
    browser.go(stack.uiOidcUrl() + "/admin/audit");
    assertThat(browser.await(By.tagName("h1")).getText()).contains("403");
    assertThat(browser.all("[data-view]")).as("no SPA on a refused admin page").isEmpty();
    browser.screenshot("refusal-admin-page");
    assertThat(status("GET", "/ui/api/core/admin/agents", true)).isEqualTo(403);
    assertThat(status("GET", "/ui/api/core/admin/tenants", true)).isEqualTo(403);
    assertThat(status("GET", "/ui/api/core/admin/keys", true)).isEqualTo(403);
    assertThat(status("POST", "/ui/api/core/admin/keys/rotate", true)).isEqualTo(403);
    assertThat(status("GET", "/ui/api/core/tenants/" + MiradorStack.TENANT + "/audit", true))
        .isEqualTo(403);
  }

  @Test
  void aForgedSessionCookieIsNoSession() {
    browser.go(stack.uiOidcUrl() + "/q/health/live");
    browser
        .driver()
        .manage()
        .addCookie(
            new Cookie.Builder("mirador_session", "Zm9yZ2VkLXNlc3Npb24tMDAwMDAwMDAwMDAwMDA")
                .path("/")
                .isHttpOnly(true)
                .build());
    browser.go(stack.uiOidcUrl() + "/findings?tenant=" + MiradorStack.TENANT + "&range=1h");
    // No session: sent to sign in, which in OIDC mode is the provider's login page.
    browser.await(By.id("provider-login"));
    assertThat(browser.all("[data-view='findings']")).isEmpty();
    browser.go(stack.uiOidcUrl() + "/q/health/live");
    assertThat(status("GET", "/ui/api/session", false)).isEqualTo(401);
    assertThat(status("GET", "/ui/api/core/tenants/" + MiradorStack.TENANT + "/services", false))
        .isEqualTo(401);
  }

  @Test
  void anExpiredSessionIsRefused() throws Exception {
    login(VIEWER_OF_DEMO);
    Cookie before = browser.driver().manage().getCookieNamed("mirador_session");
    assertThat(before).isNotNull();
    // Idle past the OIDC ui-api's session timeout (shortened for this test, MiradorStack), on a
    // same-origin page that makes no requests (the findings page refreshes itself).
    browser.go(stack.uiOidcUrl() + "/q/health/live");
    Thread.sleep(MiradorStack.OIDC_UI_IDLE_TIMEOUT.plusSeconds(3).toMillis());
    assertThat(status("GET", "/ui/api/session", false)).isEqualTo(401);
    assertThat(status("GET", "/ui/api/core/tenants/" + MiradorStack.TENANT + "/services", false))
        .isEqualTo(401);
    // The expired id replayed later is no better than a forged one.
    browser.clearCookies();
    browser.driver().manage().addCookie(before);
    assertThat(status("GET", "/ui/api/core/tenants/" + MiradorStack.TENANT + "/services", false))
        .isEqualTo(401);
  }

  @Test
  void signingOutLeavesNothingThatSignsTheUserInAgain() {
    login(VIEWER_OF_DEMO);
    // The ui-api's session is the only one the browser holds: quarkus-oidc's own session cookie
    // (q_session, path /login) would sign the user in again at /login without the provider, after
    // a sign-out or once the ui-api's session expired.
    assertThat(browser.allCookies()).containsExactly("mirador_session /");
    String csrf = String.valueOf(session().get("csrf"));
    assertThat(statusWithHeader("POST", "/ui/api/logout", "X-CSRF-Token", csrf)).isEqualTo(204);
    browser.go(stack.uiOidcUrl() + "/findings?tenant=" + MiradorStack.TENANT + "&range=1h");
    browser.await(By.id("provider-login"));
    assertThat(browser.all("[data-view='findings']")).isEmpty();
  }

  @Test
  void aStateChangeWithoutTheCsrfTokenIsRefused() {
    login(ADMIN);
    String csrf = String.valueOf(session().get("csrf"));
    assertThat(csrf).hasSizeGreaterThan(16);
    assertThat(status("POST", "/ui/api/logout", false)).isEqualTo(403);
    assertThat(statusWithHeader("POST", "/ui/api/logout", "X-CSRF-Token", "forged-" + csrf))
        .isEqualTo(403);
    assertThat(status("POST", "/ui/api/core/admin/keys/rotate", false)).isEqualTo(403);
    String rca =
        "{\"tenant\":\""
            + MiradorStack.TENANT
            + "\",\"from\":\""
            + stack.faultStart().minus(Duration.ofMinutes(5))
            + "\",\"to\":\""
            + stack.faultStart()
            + "\"}";
    assertThat(statusWithBody("/ui/api/rca/rca", rca, null)).isEqualTo(403);
    assertThat(status("GET", "/ui/api/session", false)).as("still signed in").isEqualTo(200);
    assertThat(statusWithHeader("POST", "/ui/api/logout", "X-CSRF-Token", csrf)).isEqualTo(204);
    assertThat(status("GET", "/ui/api/session", false)).as("signed out").isEqualTo(401);
  }

  @Test
  void xssPayloadsInSpansAttributesAndLogsStayText() {
    login(VIEWER_OF_DEMO);
    String trace = stack.hostileTraceId();
    String tenant = MiradorStack.TENANT;

    browser.go(stack.uiOidcUrl() + "/traces/" + trace + "?tenant=" + tenant);
    browser.awaitView("trace");
    WebElement row = browser.await(By.cssSelector("[data-testid='waterfall-row']"));
    assertThat(row.getText()).contains(MiradorStack.XSS_PAYLOADS.getFirst());
    row.click();
    browser.await(By.cssSelector("[data-testid='span-details']"));
    String details = browser.await(By.cssSelector("[data-testid='span-details']")).getText();
    for (String payload : MiradorStack.XSS_PAYLOADS) {
      assertThat(details).as("shown literally").contains(payload);
    }
    assertInert();
    browser.screenshot("xss-trace");

    browser.go(stack.uiOidcUrl() + "/logs?tenant=" + tenant + "&range=1h&traceId=" + trace);
    browser.awaitView("logs");
    browser.await(By.cssSelector("[data-testid='log-row']"));
    String logs = browser.await(By.cssSelector("[data-view='logs']")).getText();
    for (String payload : MiradorStack.XSS_PAYLOADS) {
      assertThat(logs).as("log body shown literally").contains(payload);
    }
    assertInert();
    browser.screenshot("xss-logs");

    browser.go(stack.uiOidcUrl() + "/services/frontend?tenant=" + tenant + "&range=1h");
    browser.awaitView("service");
    browser.await(By.cssSelector("[data-testid='operation-row']"));
    assertInert();
    browser.go(
        stack.uiOidcUrl() + "/traces?tenant=" + tenant + "&range=1h&service=frontend&status=error");
    browser.awaitView("traces");
    assertInert();

    assertThat(browser.requests()).noneMatch(u -> u.contains("xss-probe"));
  }

  /** No payload ran, no element was injected, no alert is open. */
  private static void assertInert() {
    assertThat(browser.js("return window.__xss === undefined")).isEqualTo(true);
    assertThat(
            ((Number) browser.js("return document.querySelectorAll('script').length")).intValue())
        .as("only the app's own script element")
        .isEqualTo(scriptsOfTheShell());
    assertThat(
            ((Number)
                    browser.js(
                        "return document.querySelectorAll('script:not([src]), [onerror], [onload], svg[onload], img[src*=\"xss-probe\"], a[href^=\"javascript:\" i], iframe, object, embed').length"))
                .intValue())
        .as("injected elements or handlers")
        .isZero();
    try {
      browser.driver().switchTo().alert();
      throw new AssertionError("an alert is open");
    } catch (NoAlertPresentException expected) {
      // no alert
    }
  }

  /** Script elements of the app's own page, counted right after login before any payload. */
  private static int scriptsOfTheShell() {
    return shellScripts;
  }

  private static void assertRefused(String view) {
    browser.awaitView(view);
    WebElement refusal =
        browser.await(By.cssSelector("[data-view='" + view + "'] [data-testid='refusal']"));
    assertThat(refusal.getText()).isNotBlank();
    assertThat(browser.all("[data-view='" + view + "'] table tbody tr"))
        .as("no data shown")
        .isEmpty();
  }

  /** Logs in through the code flow: ui-api -> provider -> ui-api, then the findings page. */
  private static void login(User user) {
    stack.oidc().nextLogin(user, Duration.ofMinutes(10));
    browser.go(stack.uiOidcUrl() + "/login");
    browser.awaitView("findings");
    stack.oidc().noLogin();
    assertThat(browser.url()).startsWith(stack.uiOidcUrl() + "/findings").doesNotContain("code=");
    shellScripts =
        ((Number) browser.js("return document.querySelectorAll('script').length")).intValue();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> session() {
    return (Map<String, Object>)
        browser.asyncJs(
            "const done = arguments[arguments.length - 1];"
                + "fetch('/ui/api/session', {credentials: 'same-origin'})"
                + ".then(r => r.ok ? r.json() : {status: r.status}).then(done, e => done({error: String(e)}));");
  }

  /**
   * The status of a request from the page's own script. With {@code withCsrf} it carries the
   * session's CSRF token, so that a refusal of a state change can only be the role's or tenant's.
   */
  private static int status(String method, String path, boolean withCsrf) {
    return ((Number)
            browser.asyncJs(
                "const done = arguments[arguments.length - 1];"
                    + "const go = (h) => fetch(arguments[1], {method: arguments[0],"
                    + " credentials: 'same-origin', redirect: 'manual', headers: h})"
                    + ".then(r => done(r.status), e => done(-1));"
                    + "if (!arguments[2]) { go({}); } else {"
                    + " fetch('/ui/api/session', {credentials: 'same-origin'}).then(r => r.json())"
                    + ".then(s => go({'X-CSRF-Token': s.csrf}), e => done(-2)); }",
                method,
                path,
                withCsrf))
        .intValue();
  }

  private static int statusWithHeader(String method, String path, String header, String value) {
    return ((Number)
            browser.asyncJs(
                "const done = arguments[arguments.length - 1];"
                    + "const h = {}; h[arguments[2]] = arguments[3];"
                    + "fetch(arguments[1], {method: arguments[0], credentials: 'same-origin', headers: h})"
                    + ".then(r => done(r.status), e => done(-1));",
                method,
                path,
                header,
                value))
        .intValue();
  }

  private static int statusWithBody(String path, String json, String csrf) {
    return ((Number)
            browser.asyncJs(
                "const done = arguments[arguments.length - 1];"
                    + "const h = {'Content-Type': 'application/json'};"
                    + "if (arguments[2]) h['X-CSRF-Token'] = arguments[2];"
                    + "fetch(arguments[0], {method: 'POST', credentials: 'same-origin', headers: h, body: arguments[1]})"
                    + ".then(r => done(r.status), e => done(-1));",
                path,
                json,
                csrf))
        .intValue();
  }
}
