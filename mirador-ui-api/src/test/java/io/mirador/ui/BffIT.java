package io.mirador.ui;

import static io.mirador.ui.BffClient.HTTP;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The BFF over HTTP, against {@link FakeUpstream} standing in for the core and the RCA service:
 * login (link and form), sessions, CSRF, the tenant, admin and allow-list refusals (with proof that
 * nothing was forwarded), pass-through, bounds, and the security headers on every kind of response.
 * The failed-login rate limit runs last: it locks 127.0.0.1 out for a minute.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeUpstream.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BffIT {
  @TestHTTPResource("/")
  URL base;

  private URI uri(String pathAndQuery) {
    return BffClient.uri(base, pathAndQuery);
  }

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    return BffClient.get(base, path, cookie);
  }

  private HttpResponse<String> post(String path, String cookie, String csrf, String json)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .POST(
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    if (csrf != null) {
      b.header("X-CSRF-Token", csrf);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> loginForm(String token, String next) throws Exception {
    String form =
        "token="
            + URLEncoder.encode(token, StandardCharsets.UTF_8)
            + "&next="
            + URLEncoder.encode(next, StandardCharsets.UTF_8);
    return HTTP.send(
        HttpRequest.newBuilder(uri("/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The {@code mirador_session=...} pair of a response's Set-Cookie. */
  private static String sessionCookie(HttpResponse<?> response) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith("mirador_session=") && !c.startsWith("mirador_session=;"))
        .map(c -> c.split(";", 2)[0])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie: " + response.headers()));
  }

  private String login(String token) throws Exception {
    HttpResponse<String> r = loginForm(token, "/findings");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    return sessionCookie(r);
  }

  private String csrf(String cookie) throws Exception {
    HttpResponse<String> s = get("/ui/api/session", cookie);
    Matcher m = Pattern.compile("\"csrf\":\"([^\"]+)\"").matcher(s.body());
    assertThat(m.find()).as(s.body()).isTrue();
    return m.group(1);
  }

  private static String recorded() throws IOException, InterruptedException {
    String core = ConfigProvider.getConfig().getValue("mirador.ui.core-url", String.class);
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(core + "/__recorded")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static void assertSecurityHeaders(HttpResponse<?> r, String what) {
    assertThat(r.headers().firstValue("Content-Security-Policy"))
        .as(what)
        .contains(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none';"
                + " frame-ancestors 'none'; form-action 'self'");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).contains("nosniff");
    assertThat(r.headers().firstValue("Referrer-Policy")).as(what).contains("no-referrer");
    assertThat(r.headers().firstValue("Cache-Control")).as(what).isPresent();
  }

  @Test
  @Order(1)
  void theLoginLinkIsWrittenPrivatelyAndWorksOnce() throws Exception {
    Path file =
        Path.of(ConfigProvider.getConfig().getValue("mirador.ui.data-dir", String.class))
            .resolve("login-link");
    String link = awaitLink(file, null);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(link).matches("http://127\\.0\\.0\\.1:\\d+/login\\?code=[A-Za-z0-9_-]{43}");
    String code = link.substring(link.indexOf("/login?"));

    HttpResponse<String> exchanged = get(code, null);
    assertThat(exchanged.statusCode()).isEqualTo(303);
    assertThat(exchanged.headers().firstValue("Location")).contains("/findings");
    String setCookie =
        exchanged.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("mirador_session="))
            .findFirst()
            .orElseThrow();
    assertThat(setCookie)
        .containsIgnoringCase("HttpOnly")
        .contains("SameSite=Strict")
        .contains("Path=/");
    assertThat(setCookie).doesNotContain("Secure"); // plain HTTP here
    assertThat(setCookie.split(";")[0]).matches("mirador_session=[A-Za-z0-9_-]{43}");
    String cookie = sessionCookie(exchanged);

    HttpResponse<String> session = get("/ui/api/session", cookie);
    assertThat(session.statusCode()).isEqualTo(200);
    assertThat(session.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(session.body())
        .contains("\"user\":\"local-admin\"")
        .contains("\"roles\":[\"admin\"]")
        .contains("\"tenants\":[\"a\",\"demo\"]")
        .contains("\"mode\":\"local\"")
        .containsPattern("\"csrf\":\"[A-Za-z0-9_-]{43}\"")
        .doesNotContain(FakeUpstream.ADMIN_TOKEN);

    HttpResponse<String> again = get(code, null);
    assertThat(again.statusCode()).isEqualTo(401);
    assertThat(again.body()).contains("already used").doesNotContain("<script");
    assertThat(again.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith("mirador_session"));

    HttpResponse<String> wrong = get("/login?code=" + "A".repeat(43), null);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("not valid");

    // Deleting the file asks for a new link: a new code, which works.
    Files.delete(file);
    String renewed = awaitLink(file, link);
    assertThat(renewed).isNotEqualTo(link);
    assertThat(get(renewed.substring(renewed.indexOf("/login?")), null).statusCode())
        .isEqualTo(303);
  }

  private static String awaitLink(Path file, String not) throws Exception {
    for (int i = 0; i < 100; i++) {
      if (Files.exists(file)) {
        String link = Files.readString(file).strip();
        if (!link.isEmpty() && !link.equals(not)) {
          return link;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no login link in " + file);
  }

  @Test
  @Order(2)
  void theFormTakesTheAdminTokenAndGoesToTheSafeNextPage() throws Exception {
    HttpResponse<String> r = loginForm(FakeUpstream.ADMIN_TOKEN, "/map?tenant=demo&range=1h");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).contains("/map?tenant=demo&range=1h");
    HttpResponse<String> evil = loginForm(FakeUpstream.ADMIN_TOKEN, "//evil.example/x");
    assertThat(evil.headers().firstValue("Location")).contains("/findings");
    HttpResponse<String> bad = loginForm("not-the-token", "/findings");
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(bad.body()).contains("did not accept");
    assertThat(bad.headers().allValues("Set-Cookie"))
        .noneMatch(c -> c.startsWith("mirador_session"));
    // A form posted from another site is refused.
    HttpResponse<String> crossSite =
        HTTP.send(
            HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + FakeUpstream.ADMIN_TOKEN))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(crossSite.statusCode()).isEqualTo(403);
  }

  @Test
  @Order(3)
  void readsAreForwardedWithTheSessionsTokenAndPassedThrough() throws Exception {
    String cookie = login(FakeUpstream.VIEWER_TOKEN);
    HttpResponse<String> r =
        get(
            "/ui/api/core/tenants/a/traces?service=web+shop&attr=k%3Dv&from=2026-01-01T00:00:00Z",
            cookie);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"path\":\"/api/v1/tenants/a/traces\"}");
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json;charset=UTF-8");
    assertThat(r.headers().allValues("Set-Cookie")).as("upstream cookies stay upstream").isEmpty();
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    assertSecurityHeaders(r, "forwarded answer");
    assertThat(recorded())
        .contains(
            "GET /api/v1/tenants/a/traces?service=web%20shop&attr=k%3Dv&from=2026-01-01T00%3A00%3A00Z"
                + " auth=Bearer "
                + FakeUpstream.VIEWER_TOKEN);

    HttpResponse<String> rca = get("/ui/api/rca/findings?tenant=a", cookie);
    assertThat(rca.statusCode()).isEqualTo(200);
    assertThat(rca.body()).contains("/rca-service/api/v1/findings");

    HttpResponse<String> problem =
        get("/ui/api/core/tenants/a/traces/0123456789abcdef0123456789abcdef?missing=1", cookie);
    assertThat(problem.statusCode()).isEqualTo(404);
    assertThat(problem.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(problem.body()).contains("no such trace");

    HttpResponse<String> html = get("/ui/api/core/tenants/a/logs?html=1", cookie);
    assertThat(html.headers().firstValue("Content-Type"))
        .as("an unexpected media type is not passed on")
        .contains("application/octet-stream");
  }

  @Test
  @Order(4)
  void stateChangesNeedTheCsrfTokenAndNothingIsForwardedWithout() throws Exception {
    String cookie = login(FakeUpstream.VIEWER_TOKEN);
    String before = recorded();
    String body =
        "{\"tenant\":\"a\",\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-01T01:00:00Z\"}";
    HttpResponse<String> missing = post("/ui/api/rca/rca", cookie, null, body);
    assertThat(missing.statusCode()).isEqualTo(403);
    assertThat(missing.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(missing.body()).contains("X-CSRF-Token");
    HttpResponse<String> wrong = post("/ui/api/rca/rca", cookie, "A".repeat(43), body);
    assertThat(wrong.statusCode()).isEqualTo(403);
    String other = csrf(login(FakeUpstream.VIEWER_TOKEN));
    assertThat(post("/ui/api/rca/rca", cookie, other, body).statusCode())
        .as("another session's token")
        .isEqualTo(403);
    assertThat(post("/ui/api/logout", cookie, null, null).statusCode()).isEqualTo(403);
    assertThat(recorded()).isEqualTo(before);

    HttpResponse<String> ok = post("/ui/api/rca/rca", cookie, csrf(cookie), body);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(recorded())
        .contains(
            "POST /rca-service/api/v1/rca auth=Bearer "
                + FakeUpstream.VIEWER_TOKEN
                + " body="
                + body);
  }

  @Test
  @Order(5)
  void tenantsOutsideTheSessionAreRefusedBeforeForwarding() throws Exception {
    String cookie = login(FakeUpstream.VIEWER_TOKEN);
    String before = recorded();
    HttpResponse<String> path = get("/ui/api/core/tenants/demo/services", cookie);
    assertThat(path.statusCode()).isEqualTo(403);
    assertThat(path.body()).contains("not one of this session's tenants");
    assertThat(get("/ui/api/rca/findings?tenant=demo", cookie).statusCode()).isEqualTo(403);
    assertThat(get("/ui/api/rca/anomalies?tenant=a&tenant=demo", cookie).statusCode())
        .isEqualTo(403);
    assertThat(get("/ui/api/core/tenants/a/services?tenant=demo", cookie).statusCode())
        .isEqualTo(403);
    String csrf = csrf(cookie);
    HttpResponse<String> body = post("/ui/api/rca/rca", cookie, csrf, "{\"tenant\":\"demo\"}");
    assertThat(body.statusCode()).isEqualTo(403);
    assertThat(post("/ui/api/rca/rca", cookie, csrf, "[1]").statusCode()).isEqualTo(400);
    assertThat(post("/ui/api/rca/rca", cookie, csrf, "{nope").statusCode()).isEqualTo(400);
    assertThat(recorded()).isEqualTo(before);
  }

  @Test
  @Order(6)
  void adminEndpointsAndPagesAreRefusedToAViewer() throws Exception {
    String viewer = login(FakeUpstream.VIEWER_TOKEN);
    String before = recorded();
    for (String api :
        new String[] {
          "/ui/api/core/admin/agents",
          "/ui/api/core/admin/keys",
          "/ui/api/core/admin/tenants",
          "/ui/api/core/admin/residency-refusals?tenant=a",
          "/ui/api/core/tenants/a/audit"
        }) {
      HttpResponse<String> r = get(api, viewer);
      assertThat(r.statusCode()).as(api).isEqualTo(403);
      assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    }
    assertThat(post("/ui/api/core/admin/keys/rotate", viewer, csrf(viewer), null).statusCode())
        .isEqualTo(403);
    assertThat(recorded()).isEqualTo(before);
    for (String page :
        new String[] {
          "/admin/audit",
          "/admin/agents",
          "/admin/keys",
          "/admin/tenants",
          "/admin/privacy?tenant=a"
        }) {
      HttpResponse<String> r = get(page, viewer);
      assertThat(r.statusCode()).as(page).isEqualTo(403);
      assertThat(r.body()).contains("administrators only").doesNotContain("<script");
      assertSecurityHeaders(r, page);
    }
    String admin = login(FakeUpstream.ADMIN_TOKEN);
    assertThat(get("/ui/api/core/admin/agents", admin).statusCode()).isEqualTo(200);
    assertThat(get("/admin/audit", admin).statusCode()).isIn(200, 503); // 503: UI assets not built
  }

  @Test
  @Order(7)
  void pathsOffTheListAreRefusedAndNothingIsForwarded() throws Exception {
    String cookie = login(FakeUpstream.ADMIN_TOKEN);
    String before = recorded();
    String[] paths = {
      "/ui/api/core/tenants/demo/../a/services",
      "/ui/api/core/tenants/demo/%2e%2e/a/services",
      "/ui/api/core/tenants%2Fdemo/services",
      "/ui/api/core/tenants/demo%2fservices",
      "/ui/api/core/http://evil.example/x",
      "/ui/api/core//evil.example/x",
      "/ui/api/core/tenants/demo/features/event-pairs",
      "/ui/api/core/me",
      "/ui/api/core/",
      "/ui/api/rca/tenants/demo/services",
      "/ui/api/other/x",
      "/ui/api/core/tenants/demo/services?q=" + "x".repeat(5000)
    };
    for (String path : paths) {
      HttpResponse<String> r = get(path, cookie);
      assertThat(r.statusCode()).as(path).isBetween(400, 499);
      assertSecurityHeaders(r, path);
    }
    HttpResponse<String> delete =
        HTTP.send(
            HttpRequest.newBuilder(uri("/ui/api/core/tenants/demo"))
                .header("Cookie", cookie)
                .header("X-CSRF-Token", csrf(cookie))
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(delete.statusCode()).isEqualTo(404);
    assertThat(recorded()).isEqualTo(before);
  }

  @Test
  @Order(8)
  void upstreamAnswersAreBoundedInSizeAndTime() throws Exception {
    String cookie = login(FakeUpstream.ADMIN_TOKEN);
    HttpResponse<String> big = get("/ui/api/core/tenants/demo/logs?big=1", cookie);
    assertThat(big.statusCode()).isEqualTo(502);
    assertThat(big.body()).contains("larger than 4096 bytes");
    HttpResponse<String> slow = get("/ui/api/core/tenants/demo/spans?slow=1", cookie);
    assertThat(slow.statusCode()).isEqualTo(504);
    assertThat(slow.headers().firstValue("Content-Type")).contains("application/problem+json");
    HttpResponse<String> hugeBody =
        post(
            "/ui/api/rca/rca",
            cookie,
            csrf(cookie),
            "{\"tenant\":\"demo\",\"x\":\"" + "y".repeat(70_000) + "\"}");
    assertThat(hugeBody.statusCode()).isEqualTo(413);
  }

  @Test
  @Order(9)
  void forgedAndEndedSessionsAreRefused() throws Exception {
    assertThat(get("/ui/api/session", null).statusCode()).isEqualTo(401);
    assertThat(get("/ui/api/session", "mirador_session=" + "A".repeat(43)).statusCode())
        .isEqualTo(401);
    assertThat(get("/ui/api/core/tenants/demo/services", "mirador_session=forged").statusCode())
        .isEqualTo(401);
    HttpResponse<String> page = get("/findings?tenant=demo", "mirador_session=forged");
    assertThat(page.statusCode()).isEqualTo(303);
    assertThat(page.headers().firstValue("Location"))
        .contains(
            "/login?next=" + URLEncoder.encode("/findings?tenant=demo", StandardCharsets.UTF_8));
    String cookie = login(FakeUpstream.ADMIN_TOKEN);
    HttpResponse<String> logout = post("/ui/api/logout", cookie, csrf(cookie), null);
    assertThat(logout.statusCode()).isEqualTo(204);
    assertThat(logout.headers().allValues("Set-Cookie"))
        .anyMatch(c -> c.startsWith("mirador_session=;") || c.contains("Max-Age=0"));
    assertThat(get("/ui/api/session", cookie).statusCode()).isEqualTo(401);
  }

  @Test
  @Order(10)
  void everyKindOfResponseCarriesTheSecurityHeaders() throws Exception {
    String cookie = login(FakeUpstream.ADMIN_TOKEN);
    String[][] cases = {
      {"/", null, "302"},
      {"/findings", null, "303"},
      {"/findings", cookie, "200|503"},
      {"/login", null, "200"},
      {"/login.css", null, "200"},
      {"/ui/api/session", null, "401"},
      {"/ui/api/session", cookie, "200"},
      {"/no/such/path", null, "404"},
      {"/q/health/ready", null, "200"},
      {"/ui/api/nope", cookie, "404"}
    };
    for (String[] c : cases) {
      HttpResponse<String> r = get(c[0], c[1]);
      assertThat(String.valueOf(r.statusCode())).as(c[0]).matches(c[2]);
      assertSecurityHeaders(r, c[0] + " " + r.statusCode());
      if (c[0].startsWith("/ui/api") || c[0].equals("/findings")) {
        assertThat(r.headers().firstValue("Cache-Control")).as(c[0]).contains("no-store");
      }
    }
    HttpResponse<String> page = get("/findings", cookie);
    if (page.statusCode() == 200) {
      assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
      assertThat(page.body()).doesNotContain(FakeUpstream.ADMIN_TOKEN);
    }
  }

  @Test
  @Order(100)
  void failedLoginsAreRateLimited() throws Exception {
    int refused = 0;
    for (int i = 0; i < 8; i++) {
      HttpResponse<String> r = loginForm("wrong-" + i, "/findings");
      if (r.statusCode() == 429) {
        refused++;
        assertThat(r.headers().firstValue("Retry-After")).contains("60");
      } else {
        assertThat(r.statusCode()).isEqualTo(401);
      }
    }
    assertThat(refused).isEqualTo(3); // 5 failures a minute per address
    assertThat(loginForm(FakeUpstream.ADMIN_TOKEN, "/findings").statusCode())
        .as("even the right token waits")
        .isEqualTo(429);
    assertThat(get("/login?code=" + "B".repeat(43), null).statusCode()).isEqualTo(429);
  }
}
