package io.mirador.bundle;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The install scenario of {@link AirgapInstallIT}, run as one JVM inside a network namespace with
 * nothing but loopback: verify both bundles, refuse tampered ones, install the appliance and an
 * agent from the agent bundle, send OTLP through the agent with the OpenTelemetry SDK and read it
 * back from the core, upgrade, upgrade to a broken build and see the automatic rollback, back up
 * and restore, roll back by hand, uninstall. Every step's time goes to the figures file. Exit 0
 * when every expectation held; otherwise the first failed expectation and exit 1.
 */
final class AirgapScenario {
  private static final Duration LONG = Duration.ofMinutes(10);
  private final Map<String, String> p = new LinkedHashMap<>();
  private final Map<String, Object> figures = new LinkedHashMap<>();
  private final Path work;
  private final Path log;
  private final String tenant = "airgap";
  private final int coreHttp = 28080;
  private final int coreGrpc = 28090;
  private final int agentHttp = 24318;

  private AirgapScenario() {
    for (String key :
        List.of(
            "work",
            "appliance",
            "agent",
            "pubkey",
            "v2",
            "broken",
            "newerSchema",
            "newerSchemaVersion",
            "flipped",
            "swapped",
            "truncated",
            "otherkey",
            "java",
            "senderClasspath",
            "user",
            "figures")) {
      String v = System.getProperty("airgap." + key);
      if (v == null) {
        throw new IllegalArgumentException("airgap." + key + " not set");
      }
      p.put(key, v);
    }
    work = Path.of(p.get("work"));
    log = work.resolve("scenario.log");
  }

  public static void main(String[] args) {
    int exit = 0;
    AirgapScenario s = null;
    try {
      s = new AirgapScenario();
      s.run();
      System.out.println("airgap scenario: every step passed");
    } catch (Throwable t) {
      System.out.println("airgap scenario FAILED: " + t);
      t.printStackTrace(System.out);
      exit = 1;
    } finally {
      if (s != null) {
        try {
          s.writeFigures();
        } catch (IOException e) {
          System.out.println("cannot write figures: " + e);
        }
      }
    }
    System.exit(exit);
  }

  private void run() throws Exception {
    proveNoNetwork();
    Path pub = Path.of(p.get("pubkey"));
    // Both bundles unpacked in one place: their top directories differ (mirador-<v>/ and
    // mirador-agent-<v>/), so neither overwrites the other.
    Path appliance = unpack(Path.of(p.get("appliance")), work.resolve("carry-in"));
    Path agent = unpack(Path.of(p.get("agent")), work.resolve("carry-in"));
    if (appliance.equals(agent)
        || !Files.isRegularFile(appliance.resolve("lib/chdb/libchdb.so"))
        || Files.exists(agent.resolve("apps/core"))) {
      throw new AssertionError("the two bundles mixed when unpacked together: " + appliance);
    }
    Path installSh = appliance.resolve("install.sh");

    // verify both (the operator flow: the key came out of band)
    AirgapCommand v1 =
        cmd(installSh.toString(), "verify", "--key", pub.toString())
            .expectExit(0)
            .expectOutput("verified: mirador appliance");
    AirgapCommand v2 =
        cmd(agent.resolve("install.sh").toString(), "verify", "--key", pub.toString())
            .expectExit(0)
            .expectOutput("verified: mirador agent");
    figures.put("verify appliance directory (s)", v1.seconds());
    figures.put("verify agent directory (s)", v2.seconds());
    AirgapCommand vt =
        cmd(installSh.toString(), "verify", "--key", pub.toString(), p.get("appliance"))
            .expectExit(0);
    figures.put("verify appliance tarball (s)", vt.seconds());

    // refusals, before a byte is written
    cmd(installSh.toString(), "verify", "--key", pub.toString(), p.get("flipped"))
        .expectExit(3)
        .expectOutput("REFUSED");
    cmd(installSh.toString(), "verify", "--key", pub.toString(), p.get("swapped"))
        .expectExit(3)
        .expectOutput("SHA-256 differs");
    cmd(installSh.toString(), "verify", "--key", p.get("otherkey"), p.get("agent"))
        .expectExit(3)
        .expectOutput("signature not valid");
    cmd(installSh.toString(), "verify", "--key", pub.toString(), p.get("truncated"))
        .expectExit(3)
        .expectOutput("truncated");
    Path refused = work.resolve("refused-prefix");
    freshInstall(installSh, refused, pub, p.get("swapped")).expectExit(3);
    if (Files.exists(refused.resolve("releases"))
        && Files.list(refused.resolve("releases"))
            .anyMatch(x -> !x.getFileName().toString().startsWith("."))) {
      throw new AssertionError("a refused bundle left a release in " + refused);
    }

    // install the appliance (verify + doctor + install), then start it
    Path a = work.resolve("opt-mirador");
    AirgapCommand install =
        freshInstall(
                installSh,
                a,
                pub,
                "--tenant",
                tenant,
                "--port",
                "core-http=" + coreHttp,
                "--port",
                "core-grpc=" + coreGrpc,
                "--port",
                "rca=28081",
                "--port",
                "ui=28082",
                "--no-start")
            .expectExit(0)
            .expectOutput("installed mirador appliance");
    figures.put("verify + doctor + install appliance, no start (s)", install.seconds());
    AirgapCommand start = installed(a, "start").expectExit(0);
    figures.put("start appliance until every service is ready (s)", start.seconds());
    String token = adminToken(a);
    // The UI got its token file and data directory from etc/mirador-ui.env: it writes the one-time
    // login link where install/status say (the link itself is a secret: never printed here).
    Path loginLink = a.resolve("data/ui/login-link");
    installed(a, "status").expectExit(0).expectOutput("UI login link file: " + loginLink);
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Files.isRegularFile(loginLink) && System.nanoTime() < until) {
      Thread.sleep(500);
    }
    if (!Files.isRegularFile(loginLink)
        || !Files.readString(loginLink).strip().startsWith("http://")) {
      throw new AssertionError("the UI wrote no login link at " + loginLink);
    }

    // the agent from the agent bundle, registered with the core
    Path b = work.resolve("opt-mirador-agent");
    AirgapCommand agentInstall =
        freshInstall(
                agent.resolve("install.sh"),
                b,
                pub,
                "--tenant",
                tenant,
                "--agent-id",
                "airgap-agent",
                "--core-endpoint",
                "127.0.0.1:" + coreGrpc,
                "--core-key-file",
                a.resolve("keys/core/core-public.json").toString(),
                "--port",
                "agent-grpc=24317",
                "--port",
                "agent-http=" + agentHttp)
            .expectExit(0)
            .expectOutput("mirador-agent ready");
    figures.put("verify + install + start agent (s)", agentInstall.seconds());
    installed(a, "register-agent", "--agent-pub", b.resolve("data/agent/agent.pub").toString())
        .expectExit(0)
        .expectOutput("registered");

    // OTLP through the agent with the OpenTelemetry SDK, read back from the core
    String trace1 = send("airgap-before-upgrade");
    readBack(trace1, token, "airgap-before-upgrade");
    String v1Version = current(a);

    // upgrade to a higher version, data intact
    AirgapCommand upgrade =
        installed(a, "upgrade", p.get("v2")).expectExit(0).expectOutput("upgraded");
    figures.put("upgrade (verify, backup, switch, start, healthy) (s)", upgrade.seconds());
    String v2Version = current(a);
    if (v2Version.equals(v1Version)) {
      throw new AssertionError("the upgrade did not switch the release");
    }
    token = adminToken(a);
    readBack(trace1, token, "airgap-before-upgrade");
    String trace2 = send("airgap-after-upgrade");
    readBack(trace2, token, "airgap-after-upgrade");

    // upgrade to a broken build: automatic rollback, data intact
    AirgapCommand broken =
        installed(a, "upgrade", p.get("broken"))
            .expectExit(5)
            .expectOutput("ROLLED BACK to " + v2Version)
            .expectOutput("data kept as it is");
    figures.put("upgrade to a broken build until rolled back and healthy (s)", broken.seconds());
    figures.put(
        "automatic rollback alone (s)",
        seconds(broken.output(), "and it is healthy \\(([0-9.]+) s\\)"));
    if (!current(a).equals(v2Version)) {
      throw new AssertionError("after the failed upgrade the current release is " + current(a));
    }
    token = adminToken(a);
    readBack(trace1, token, "airgap-before-upgrade");
    readBack(trace2, token, "airgap-after-upgrade");

    // upgrade to a broken build that declares the next store schema: the automatic rollback
    // restores the backup taken on the old release before it starts that release again
    String newerSchema = p.get("newerSchemaVersion");
    AirgapCommand acrossSchema =
        installed(a, "upgrade", p.get("newerSchema"))
            .expectExit(5)
            .expectOutput("ROLLED BACK to " + v2Version)
            .expectOutput("declares store schema " + newerSchema)
            .expectOutput("the backup was restored: backup ")
            .expectOutput(" taken on " + v2Version);
    figures.put(
        "upgrade to a broken build declaring schema+1 until rolled back, backup restored and"
            + " healthy (s)",
        acrossSchema.seconds());
    figures.put(
        "automatic rollback with restore alone (s)",
        seconds(acrossSchema.output(), "and it is healthy \\(([0-9.]+) s\\)"));
    if (!current(a).equals(v2Version)) {
      throw new AssertionError(
          "after the failed upgrade across a schema the current release is " + current(a));
    }
    try (var entries = Files.list(a.resolve("data/core"))) {
      if (entries.noneMatch(x -> x.getFileName().toString().startsWith("clickhouse.replaced-"))) {
        throw new AssertionError("the store the failed release left was not kept aside");
      }
    }
    if (installed(a, "status").expectExit(0).output().contains("data schema: " + newerSchema)) {
      throw new AssertionError(
          "after the restore the data is still recorded at schema " + newerSchema);
    }
    token = adminToken(a);
    readBack(trace1, token, "airgap-before-upgrade");
    readBack(trace2, token, "airgap-after-upgrade");

    // backup, then restore it: the store goes through ClickHouse BACKUP / RESTORE
    AirgapCommand backup = installed(a, "backup").expectExit(0);
    figures.put("backup command (stop, BACKUP, start) (s)", backup.seconds());
    Matcher m = Pattern.compile("backup (\\S+/backups/(\\S+)) \\(schema").matcher(backup.output());
    if (!m.find()) {
      throw new AssertionError("backup printed no name: " + backup.output());
    }
    String trace3 = send("airgap-after-backup");
    readBack(trace3, adminToken(a), "airgap-after-backup");
    AirgapCommand restore = installed(a, "restore", m.group(2)).expectExit(0);
    figures.put("restore command (stop, RESTORE, start) (s)", restore.seconds());
    token = adminToken(a);
    readBack(trace1, token, "airgap-before-upgrade");
    readBack(trace2, token, "airgap-after-upgrade");
    if (traceStatus(trace3, token) != 404) {
      throw new AssertionError("a trace stored after the backup survived its restore");
    }

    // roll back by hand to the first release
    AirgapCommand rollback =
        installed(a, "rollback").expectExit(0).expectOutput("rolled back to " + v1Version);
    figures.put("rollback command (s)", rollback.seconds());
    token = adminToken(a);
    readBack(trace1, token, "airgap-before-upgrade");
    installed(a, "status").expectExit(0).expectOutput("current:  " + v1Version);

    // uninstall: the agent purged, the appliance keeps its data, then purged
    // From the installed release it would delete its own runtime: refused, nothing removed.
    installed(b, "uninstall", "--purge")
        .expectExit(2)
        .expectOutput("run it from the unpacked bundle");
    if (!Files.isRegularFile(b.resolve("current/runtime/bin/java"))) {
      throw new AssertionError("a refused uninstall removed the release");
    }
    cmd(agent.resolve("install.sh").toString(), "uninstall", "--prefix", b.toString(), "--purge")
        .expectExit(0);
    if (Files.exists(b)) {
      throw new AssertionError("uninstall --purge left " + b);
    }
    cmd(installSh.toString(), "uninstall", "--prefix", a.toString())
        .expectExit(0)
        .expectOutput("kept");
    if (!Files.readString(a.resolve("state/history.json")).contains("\"uninstall\"")) {
      throw new AssertionError("uninstall did not record itself in state/history.json");
    }
    if (!Files.isDirectory(a.resolve("data/core/clickhouse"))
        || Files.exists(a.resolve("releases"))) {
      throw new AssertionError("uninstall without --purge must keep data and remove releases");
    }
    cmd(installSh.toString(), "uninstall", "--prefix", a.toString(), "--purge").expectExit(0);
    if (Files.exists(a)) {
      throw new AssertionError("uninstall --purge left " + a);
    }
    figures.put(
        "versions",
        v1Version
            + " -> "
            + v2Version
            + " -> broken (rolled back) -> broken, schema+1 (rolled back, backup restored) -> "
            + v1Version
            + " (rollback)");
  }

  private void proveNoNetwork() throws IOException, InterruptedException {
    AirgapCommand links = cmd("ip", "-o", "link").expectExit(0);
    for (String line : links.output().split("\n")) {
      if (!line.isBlank() && !line.contains(": lo:")) {
        throw new AssertionError("the namespace has an interface besides loopback: " + line);
      }
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("192.0.2.1", 443), 2000);
      throw new AssertionError("a connection outside the host succeeded: this is not an airgap");
    } catch (IOException expected) {
      figures.put("network check", "only lo; connect to 192.0.2.1:443 -> " + expected.getMessage());
    }
  }

  private Path unpack(Path tarball, Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    cmd("minisign", "-Vm", tarball.toString(), "-p", p.get("pubkey")).expectExit(0);
    cmd("tar", "-xzf", tarball.toString(), "-C", dir.toString()).expectExit(0);
    String name = tarball.getFileName().toString();
    Path top = dir.resolve(name.substring(0, name.length() - "-linux-x86_64.tar.gz".length()));
    if (!Files.isRegularFile(top.resolve("VERSION"))) {
      throw new AssertionError(name + " did not unpack to " + top.getFileName() + "/");
    }
    return top;
  }

  private String send(String service) throws IOException, InterruptedException {
    Path dir = Files.createDirectories(work.resolve("sender"));
    AirgapCommand c =
        AirgapCommand.run(
                log,
                AirgapOtlpSender.command(
                    Path.of(p.get("java")),
                    p.get("senderClasspath"),
                    dir,
                    "http://127.0.0.1:" + agentHttp + "/v1/traces",
                    service),
                Duration.ofMinutes(2))
            .expectExit(0);
    String[] lines = c.output().trim().split("\n");
    String id = lines[lines.length - 1].trim();
    if (!id.matches("[0-9a-f]{32}")) {
      throw new AssertionError("the sender printed no trace id: " + c.output());
    }
    return id;
  }

  private void readBack(String traceId, String token, String service)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpURLConnection c = get("/api/v1/tenants/" + tenant + "/traces/" + traceId, token);
      int code = c.getResponseCode();
      if (code == 200) {
        String body = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (body.contains("\"serviceName\":\"" + service + "\"")
            && body.contains("GET /airgap")
            && body.contains("SELECT airgap")) {
          return;
        }
        last = "200 without both spans";
      } else {
        last = "HTTP " + code;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "trace " + traceId + " of " + service + " not readable from the core: " + last);
  }

  private int traceStatus(String traceId, String token) throws IOException {
    return get("/api/v1/tenants/" + tenant + "/traces/" + traceId, token).getResponseCode();
  }

  private HttpURLConnection get(String path, String token) throws IOException {
    HttpURLConnection c =
        (HttpURLConnection)
            URI.create("http://127.0.0.1:" + coreHttp + path).toURL().openConnection();
    c.setRequestProperty("Authorization", "Bearer " + token);
    c.setConnectTimeout(2000);
    c.setReadTimeout(10000);
    return c;
  }

  private String current(Path prefix) throws IOException, InterruptedException {
    AirgapCommand s = installed(prefix, "status", "--json").expectExit(0);
    Matcher m = Pattern.compile("\"current\": \"([^\"]+)\"").matcher(s.output());
    if (!m.find()) {
      throw new AssertionError("status --json has no current: " + s.output());
    }
    return m.group(1);
  }

  private static double seconds(String output, String regex) {
    Matcher m = Pattern.compile(regex).matcher(output);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  private AirgapCommand cmd(String... command) throws IOException, InterruptedException {
    return AirgapCommand.run(log, new ArrayList<>(List.of(command)), LONG);
  }

  /** {@code <installSh> install --prefix <prefix> --key <pub> --user <user> <more>}. */
  private AirgapCommand freshInstall(Path installSh, Path prefix, Path pub, String... more)
      throws IOException, InterruptedException {
    List<String> c =
        new ArrayList<>(
            List.of(
                installSh.toString(),
                "install",
                "--prefix",
                prefix.toString(),
                "--key",
                pub.toString(),
                "--user",
                p.get("user")));
    c.addAll(List.of(more));
    return AirgapCommand.run(log, c, LONG);
  }

  /** {@code <prefix>/current/install.sh <command> --prefix <prefix> <more>}: the installed one. */
  private AirgapCommand installed(Path prefix, String command, String... more)
      throws IOException, InterruptedException {
    List<String> c =
        new ArrayList<>(
            List.of(
                prefix.resolve("current/install.sh").toString(),
                command,
                "--prefix",
                prefix.toString()));
    c.addAll(List.of(more));
    return AirgapCommand.run(log, c, LONG);
  }

  /** The core's local admin token, as the installer wrote it (rewritten by each switch). */
  private static String adminToken(Path prefix) throws IOException {
    return Files.readString(prefix.resolve("data/core/local-admin.token")).trim();
  }

  private void writeFigures() throws IOException {
    StringBuilder b = new StringBuilder();
    figures.forEach((k, v) -> b.append(k).append(" = ").append(v).append('\n'));
    Files.writeString(Path.of(p.get("figures")), b.toString());
  }
}
