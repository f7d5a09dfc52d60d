package io.mirador.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The ui-api in front of the REAL core (its built jar, embedded store): the login link signs in
 * with the core's local admin token, whose identity the core's /api/v1/me gives, and the core's
 * services of tenant demo are read through the BFF.
 */
@QuarkusTest
@QuarkusTestResource(value = RealCore.class, restrictToAnnotatedClass = true)
class CoreBffIT {
  @TestHTTPResource("/")
  URL base;

  private HttpResponse<String> get(String path, String cookie) throws Exception {
    return BffClient.get(base, path, cookie);
  }

  @Test
  void aLoginLinkSignsInAndTheCoresServicesAreReadThroughTheBff() throws Exception {
    Path file =
        Path.of(ConfigProvider.getConfig().getValue("mirador.ui.data-dir", String.class))
            .resolve("login-link");
    String link = null;
    for (int i = 0; i < 100 && link == null; i++) {
      if (Files.exists(file)) {
        link = Files.readString(file).strip();
      } else {
        Thread.sleep(100);
      }
    }
    assertThat(link).as("login link in " + file).isNotNull();
    HttpResponse<String> exchange = get(link.substring(link.indexOf("/login?")), null);
    assertThat(exchange.statusCode()).as(exchange.body()).isEqualTo(303);
    String cookie =
        exchange.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("mirador_session="))
            .map(c -> c.split(";", 2)[0])
            .findFirst()
            .orElseThrow();

    HttpResponse<String> session = get("/ui/api/session", cookie);
    assertThat(session.statusCode()).isEqualTo(200);
    assertThat(session.body())
        .contains("\"user\":\"local-admin\"")
        .contains("\"roles\":[\"admin\"]")
        .contains("\"tenants\":[\"demo\"]");

    HttpResponse<String> services =
        get(
            "/ui/api/core/tenants/demo/services?from=2026-01-01T00:00:00Z&to=2026-01-01T01:00:00Z",
            cookie);
    assertThat(services.statusCode()).as(services.body()).isEqualTo(200);
    assertThat(services.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    assertThat(services.body()).contains("\"services\":[");

    // The core's own refusal passes through as its problem.
    HttpResponse<String> badRange =
        get("/ui/api/core/tenants/demo/services?from=not-a-time", cookie);
    assertThat(badRange.statusCode()).isEqualTo(400);
    assertThat(badRange.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");

    // The core's tenant list, through the BFF, and refused for a tenant outside the session.
    assertThat(get("/ui/api/core/tenants/other/services", cookie).statusCode()).isEqualTo(403);
    assertThat(get("/ui/api/core/admin/agents", cookie).statusCode()).isEqualTo(200);
  }
}
