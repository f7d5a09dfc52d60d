package io.mirador.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor's readiness check against real child processes ({@link TestChild} in a jar): it
 * accepts only its own child (by the instance id it passed), refuses a stranger answering on the
 * port, and fails a child that exits with that child's own last lines.
 */
class SupervisorIT {
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
  @TempDir static Path dir;
  private static Path jar;

  private final ByteArrayOutputStream output = new ByteArrayOutputStream();

  @BeforeAll
  static void buildTheChildJar() throws IOException {
    jar = dir.resolve("test-child.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, TestChild.class.getName());
    String entry = TestChild.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        InputStream in = TestChild.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
  }

  private ServiceSpec child(int port, String... args) {
    return new ServiceSpec(
        "test-child",
        jar,
        List.of("-Xmx32m"),
        Map.of(),
        URI.create("http://127.0.0.1:" + port + "/ready"),
        List.of(),
        List.of(args));
  }

  private Supervisor supervisor() {
    return new Supervisor(JAVA, new PrintStream(output, true, StandardCharsets.UTF_8));
  }

  @Test
  void itsOwnChildIsReady() throws Exception {
    int port = freePort();
    try (Supervisor supervisor = supervisor()) {
      supervisor.start(child(port, "serve", Integer.toString(port)), Duration.ofSeconds(30));
    }
    assertThat(output.toString(StandardCharsets.UTF_8))
        .contains("[test-child] test child listening");
  }

  @Test
  void aStrangerAnsweringOnThePortIsNotTakenForTheChild() throws Exception {
    HttpServer stranger =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    stranger.createContext(
        "/ready",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    stranger.start();
    int port = stranger.getAddress().getPort();
    long started = System.nanoTime();
    try (Supervisor supervisor = supervisor()) {
      assertThatThrownBy(() -> supervisor.start(child(port, "idle"), Duration.ofSeconds(60)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("something else answers at http://127.0.0.1:" + port + "/ready")
          .hasMessageContaining("no instance id")
          .hasMessageContaining("not the test-child this start launched");
    } finally {
      stranger.stop(0);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void aChildThatExitsFailsWithItsOwnLastLines() {
    try (Supervisor supervisor = supervisor()) {
      assertThatThrownBy(() -> supervisor.start(child(freePort(), "exit"), Duration.ofSeconds(60)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("test-child exited with code 3; its last lines:")
          .hasMessageContaining(
              "[test-child] ERROR cannot bind 127.0.0.1:1: Address already in use");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
