package io.mirador.ui.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.ui.session.Principal;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AllowListTest {
  private static final Principal ADMIN = new Principal("root", Set.of("admin"), Set.of("demo"));
  private static final Principal VIEWER_A = new Principal("ann", Set.of("viewer"), Set.of("a"));

  private static Decision core(String method, String path, String query, Principal who) {
    return AllowList.decide(Upstream.CORE, method, path, query, who);
  }

  private static int status(Decision d) {
    return d instanceof Decision.Refuse r ? r.status() : 200;
  }

  @Test
  void theUisReadsAreForwardedWithACanonicalQuery() {
    Decision d =
        core("GET", "tenants/a/traces", "service=web%20shop&attr=k%3Dv&minDuration=5ms", VIEWER_A);
    assertThat(d)
        .isEqualTo(
            new Decision.Forward(
                Upstream.CORE,
                "GET",
                "tenants/a/traces",
                "service=web%20shop&attr=k%3Dv&minDuration=5ms"));
    assertThat(core("GET", "tenants/a/services", null, VIEWER_A))
        .isEqualTo(new Decision.Forward(Upstream.CORE, "GET", "tenants/a/services", ""));
    assertThat(((Decision.Forward) core("GET", "tenants/a/logs", "q=a+b&x=%2B", VIEWER_A)).query())
        .isEqualTo("q=a%20b&x=%2B");
    for (String path :
        new String[] {
          "tenants/a/dependencies",
          "tenants/a/spans",
          "tenants/a/logs",
          "tenants/a/metrics",
          "tenants/a/metrics/series",
          "tenants/a/findings",
          "tenants/a/features",
          "tenants/a/features/operations",
          "tenants/a/features/self-times",
          "tenants/a/traces/0123456789abcdef0123456789abcdef",
          "tenants/a/findings/0123456789abcdef0123456789abcdef"
        }) {
      assertThat(core("GET", path, null, VIEWER_A)).as(path).isInstanceOf(Decision.Forward.class);
    }
    for (String path : new String[] {"findings", "anomalies", "detection"}) {
      assertThat(AllowList.decide(Upstream.RCA, "GET", path, "tenant=a", VIEWER_A))
          .as(path)
          .isInstanceOf(Decision.Forward.class);
    }
    assertThat(AllowList.decide(Upstream.RCA, "POST", "rca", null, VIEWER_A))
        .isInstanceOf(Decision.Forward.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "tenants/a/../b/services",
        "tenants/a/./services",
        "../admin/agents",
        "tenants/a/services/..",
        "tenants%2Fa/services",
        "tenants/a%2fservices",
        "tenants/%61/services",
        "tenants//a/services",
        "/tenants/a/services",
        "tenants/a/services/",
        "http://evil.example/api",
        "https:/evil",
        "//evil.example/x",
        "tenants/a/services\\..\\x",
        "tenants/a/services;x=1",
        "tenants/a/services@evil",
        "tenants/a/serv ices",
        "tenants/a/services\u0000",
        "tenants/é/services"
      })
  void pathsThatAreNotPlainAreRefusedWith400(String path) {
    Decision d = core("GET", path, null, ADMIN);
    assertThat(d).isInstanceOf(Decision.Refuse.class);
    assertThat(status(d)).as(path).isEqualTo(400);
  }

  @Test
  void overlongPathsAreRefused() {
    String longest = "tenants/a/traces/" + "x".repeat(AllowList.MAX_PATH - 17);
    assertThat(longest).hasSize(AllowList.MAX_PATH);
    assertThat(status(core("GET", longest, null, VIEWER_A)))
        .as("not too long: off the list")
        .isEqualTo(404);
    assertThat(status(core("GET", longest + "x", null, VIEWER_A))).isEqualTo(400);
    assertThat(status(core("GET", "tenants/a/" + "x".repeat(300), null, VIEWER_A))).isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "tenants/a/features/event-pairs",
        "tenants/a/features/log-patterns",
        "tenants/a/traces/not-hex",
        "tenants/a/traces/0123456789ABCDEF0123456789ABCDEF",
        "tenants/a",
        "tenants/A/services",
        "me",
        "admin/keys/rotate",
        "ingest/keys",
        "openapi",
        "q/health",
        "v1/traces"
      })
  void pathsNotOnTheListAreRefusedWith404(String path) {
    assertThat(status(core("GET", path, null, ADMIN))).as(path).isEqualTo(404);
  }

  @Test
  void methodsNotOnTheListAreRefused() {
    assertThat(status(core("DELETE", "tenants/demo", null, ADMIN))).isEqualTo(404);
    assertThat(status(core("POST", "tenants/demo/findings", null, ADMIN))).isEqualTo(404);
    assertThat(
            status(
                core("PUT", "tenants/demo/findings/0123456789abcdef0123456789abcdef", null, ADMIN)))
        .isEqualTo(404);
    assertThat(status(AllowList.decide(Upstream.RCA, "GET", "rca", null, ADMIN))).isEqualTo(404);
    assertThat(status(AllowList.decide(Upstream.RCA, "POST", "findings", null, ADMIN)))
        .isEqualTo(404);
  }

  @Test
  void theRcaPathsAreNotTheCoresAndViceVersa() {
    assertThat(status(AllowList.decide(Upstream.RCA, "GET", "tenants/demo/services", null, ADMIN)))
        .isEqualTo(404);
    assertThat(status(core("GET", "anomalies", null, ADMIN))).isEqualTo(404);
  }

  @Test
  void aTenantOutsideTheSessionIsRefusedInThePath() {
    Decision d = core("GET", "tenants/b/services", null, VIEWER_A);
    assertThat(d).isEqualTo(AllowList.tenantRefusal());
    assertThat(status(d)).isEqualTo(403);
  }

  @Test
  void aTenantOutsideTheSessionIsRefusedInTheQuery() {
    assertThat(status(AllowList.decide(Upstream.RCA, "GET", "findings", "tenant=b", VIEWER_A)))
        .isEqualTo(403);
    assertThat(
            status(
                AllowList.decide(Upstream.RCA, "GET", "findings", "tenant=a&tenant=b", VIEWER_A)))
        .as("every tenant parameter is checked")
        .isEqualTo(403);
    assertThat(status(AllowList.decide(Upstream.RCA, "GET", "findings", "tenant=%62", VIEWER_A)))
        .as("decoded before the check")
        .isEqualTo(403);
    assertThat(status(core("GET", "tenants/a/services", "tenant=b", VIEWER_A))).isEqualTo(403);
    assertThat(status(AllowList.decide(Upstream.RCA, "GET", "findings", "tenant=a", VIEWER_A)))
        .isEqualTo(200);
  }

  @Test
  void adminEndpointsAreRefusedToNonAdmins() {
    for (String path :
        new String[] {
          "admin/agents",
          "admin/keys",
          "admin/tenants",
          "admin/residency-refusals",
          "tenants/a/audit",
          "tenants/a/privacy/redactions"
        }) {
      Decision d = core("GET", path, null, VIEWER_A);
      assertThat(status(d)).as(path).isEqualTo(403);
      assertThat(((Decision.Refuse) d).reason()).isEqualTo("admin");
    }
    assertThat(status(core("POST", "admin/keys/rotate", null, VIEWER_A))).isEqualTo(403);
    assertThat(core("GET", "admin/agents", null, ADMIN)).isInstanceOf(Decision.Forward.class);
    assertThat(core("POST", "admin/keys/rotate", null, ADMIN)).isInstanceOf(Decision.Forward.class);
    assertThat(core("GET", "tenants/demo/audit", "from=x", ADMIN))
        .isInstanceOf(Decision.Forward.class);
    assertThat(core("GET", "tenants/demo/privacy/redactions", "step=PT1H", ADMIN))
        .isInstanceOf(Decision.Forward.class);
  }

  @Test
  void anAdminIsStillBoundToItsTenants() {
    assertThat(status(core("GET", "tenants/other/audit", null, ADMIN))).isEqualTo(403);
    assertThat(status(core("POST", "tenants/other/privacy/scan", null, ADMIN))).isEqualTo(403);
  }

  @Test
  void theStoreScanIsAnAdminPostOnly() {
    String range = "from=2026-12-07T00%3A00%3A00Z&to=2026-12-07T01%3A00%3A00Z";
    assertThat(core("POST", "tenants/demo/privacy/scan", range, ADMIN))
        .isEqualTo(new Decision.Forward(Upstream.CORE, "POST", "tenants/demo/privacy/scan", range));
    Decision viewer = core("POST", "tenants/a/privacy/scan", range, VIEWER_A);
    assertThat(status(viewer)).isEqualTo(403);
    assertThat(((Decision.Refuse) viewer).reason()).isEqualTo("admin");
    assertThat(status(core("GET", "tenants/demo/privacy/scan", range, ADMIN))).isEqualTo(404);
    assertThat(status(core("POST", "tenants/demo/privacy/redactions", null, ADMIN))).isEqualTo(404);
  }

  @Test
  void badQueriesAreRefusedWith400() {
    assertThat(status(core("GET", "tenants/a/logs", "q=%zz", VIEWER_A))).isEqualTo(400);
    assertThat(status(core("GET", "tenants/a/logs", "q=%C3%28", VIEWER_A))).isEqualTo(400);
    assertThat(status(core("GET", "tenants/a/logs", "%00x=1", VIEWER_A))).isEqualTo(400);
    assertThat(status(core("GET", "tenants/a/logs", "q=" + "x".repeat(5000), VIEWER_A)))
        .isEqualTo(400);
  }
}
