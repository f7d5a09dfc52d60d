package io.mirador.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up --check} starts the real applications from their built jars, waits, and stops; while
 * they run, the UI's one-time login link is exchanged with an HTTP client for a session.
 */
class UpCommandIT {
  @TempDir Path data;

  @Test
  void aTakenPortStopsUpBeforeAnythingStartsAndNamesPortAndProcess() throws Exception {
    UpCommand.Ports ports = UpCommand.Ports.fromEnvironment();
    try (ServerSocket core = new ServerSocket();
        ServerSocket agent = new ServerSocket()) {
      core.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.coreHttp()));
      agent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.agentHttp()));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      long started = System.nanoTime();
      int code =
          new UpCommand(running -> {})
              .run(
                  List.of("--data", data.toString(), "--check"),
                  new PrintStream(out, true, StandardCharsets.UTF_8),
                  new PrintStream(err, true, StandardCharsets.UTF_8));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      String errors = err.toString(StandardCharsets.UTF_8);
      long pid = ProcessHandle.current().pid();
      assertThat(code).as(errors).isEqualTo(1);
      assertThat(errors)
          .contains(
              "mirador up: port "
                  + ports.coreHttp()
                  + " (core HTTP) is in use by pid "
                  + pid
                  + " (")
          .contains("move Mirador with MIRADOR_HTTP_PORT=<port>")
          .contains("nothing was started");
      if (Files.isRegularFile(LocalAgent.runJar(UpCommand.installRoot()))) {
        assertThat(errors)
            .contains(
                "port " + ports.agentHttp() + " (agent OTLP/HTTP) is in use by pid " + pid + " (");
      }
      assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("starting");
      assertThat(took).as("fails fast, before any child").isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void upStartsTheCoreTheAgentTheRcaServiceAndTheUiAndStopsThemCleanly() {
    AtomicReference<String> session = new AtomicReference<>();
    AtomicReference<String> linkMode = new AtomicReference<>();
    AtomicReference<Integer> reused = new AtomicReference<>();
    AtomicReference<String> adminToken = new AtomicReference<>();
    UpCommand up =
        new UpCommand(
            running -> {
              adminToken.set(
                  Files.readString(running.data().resolve("core/local-admin.token")).strip());
              Path file = running.loginLinkFile();
              linkMode.set(
                  PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
                      + " "
                      + PosixFilePermissions.toString(
                          Files.getPosixFilePermissions(file.getParent())));
              String link = Files.readString(file, StandardCharsets.US_ASCII).strip();
              assertThat(link)
                  .startsWith("http://127.0.0.1:" + running.ports().uiHttp() + "/login?code=");
              HttpClient http =
                  HttpClient.newBuilder()
                      .followRedirects(HttpClient.Redirect.NEVER)
                      .connectTimeout(Duration.ofSeconds(5))
                      .build();
              HttpResponse<Void> exchange =
                  http.send(
                      HttpRequest.newBuilder(URI.create(link)).build(),
                      HttpResponse.BodyHandlers.discarding());
              assertThat(exchange.statusCode()).isEqualTo(303);
              assertThat(exchange.headers().firstValue("Location")).contains("/findings");
              String cookie =
                  exchange.headers().allValues("Set-Cookie").stream()
                      .filter(c -> c.startsWith("mirador_session="))
                      .findFirst()
                      .orElseThrow();
              assertThat(cookie).containsIgnoringCase("HttpOnly").contains("SameSite=Strict");
              HttpResponse<String> me =
                  http.send(
                      HttpRequest.newBuilder(
                              URI.create(
                                  "http://127.0.0.1:"
                                      + running.ports().uiHttp()
                                      + "/ui/api/session"))
                          .header("Cookie", cookie.split(";", 2)[0])
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
              session.set(me.body());
              reused.set(
                  http.send(
                          HttpRequest.newBuilder(URI.create(link)).build(),
                          HttpResponse.BodyHandlers.discarding())
                      .statusCode());
            });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        up.run(
            List.of("--data", data.toString(), "--check"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(text).isZero();
    assertThat(text)
        .contains("[mirador-core]")
        .contains("query API http://127.0.0.1:")
        .contains("mirador: starting mirador-agent")
        .contains("mirador: starting mirador-rca")
        .contains("mirador: starting mirador-ui")
        .contains("check passed");
    // Started in order, each only once the one before was ready.
    assertThat(text.indexOf("starting mirador-core"))
        .isLessThan(text.indexOf("starting mirador-agent"));
    assertThat(text.indexOf("starting mirador-agent"))
        .isLessThan(text.indexOf("starting mirador-rca"));
    assertThat(text.indexOf("starting mirador-rca"))
        .isLessThan(text.indexOf("starting mirador-ui"));
    assertThat(Files.isDirectory(data.resolve("core"))).isTrue();
    // Not a terminal here: the file's path is printed, never the link (it would carry the code).
    assertThat(text).contains("UI login: one-time link in " + data.resolve("ui/login-link"));
    assertThat(text).doesNotContain("/login?code=");
    // Nor the admin token: the core's output and up's summary carry the 0600 file's path only.
    assertThat(text)
        .contains("admin token: in " + data.resolve("core/local-admin.token"))
        .doesNotContain("Authorization: Bearer");
    // No child (core, agent, RCA service, UI) printed the token either.
    assertThat(adminToken.get()).hasSize(43);
    assertThat(text).doesNotContain(adminToken.get());
    assertThat(linkMode.get()).isEqualTo("rw------- rwx------");
    assertThat(session.get())
        .contains("\"user\":\"local-admin\"")
        .contains("\"roles\":[\"admin\"]")
        .contains("\"tenants\":[\"demo\"]")
        .contains("\"mode\":\"local\"");
    assertThat(reused.get()).as("a used link is refused").isEqualTo(401);
  }
}
