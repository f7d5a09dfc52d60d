package io.mirador.installer.service;

import io.mirador.installer.layout.Prefix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One Mirador service as the installer runs it: its app directory in the release, JVM options (as
 * the launcher and the systemd units use them), its environment file and readiness port.
 */
public record ServiceSpec(String name, String app, List<String> jvmOptions, String healthPort) {
  public static final ServiceSpec CORE =
      new ServiceSpec(
          "mirador-core",
          "core",
          // Throughput collector and room for it: mirador-core/service/README.md, "Load".
          List.of("--enable-native-access=ALL-UNNAMED", "-Xmx2g", "-XX:+UseParallelGC"),
          "core-http");
  public static final ServiceSpec RCA =
      new ServiceSpec("mirador-rca", "rca", List.of("-Xmx512m"), "rca");
  public static final ServiceSpec UI =
      new ServiceSpec("mirador-ui", "ui", List.of("-Xmx256m"), "ui");
  public static final ServiceSpec AGENT =
      new ServiceSpec(
          "mirador-agent", "agent", List.of("-Xmx192m", "-XX:+UseSerialGC"), "agent-http");

  /** In start order: the core first, its clients after it. */
  public static final List<ServiceSpec> ALL = List.of(CORE, RCA, UI, AGENT);

  public ServiceSpec {
    jvmOptions = List.copyOf(jvmOptions);
  }

  public Path runJar(Path release) {
    return release.resolve("apps").resolve(app).resolve("quarkus-run.jar");
  }

  public Path envFile(Prefix prefix) {
    return prefix.etc().resolve(name + ".env");
  }

  /** The java command, through {@code current} so that it follows a switch of release. */
  public List<String> command(Prefix prefix) {
    Path current = prefix.current();
    List<String> c = new ArrayList<>();
    c.add(current.resolve("runtime/bin/java").toString());
    c.addAll(jvmOptions);
    if (this.equals(CORE)) {
      c.add("-Dmirador.chdb.library=" + current.resolve("lib/chdb/libchdb.so"));
    }
    c.add("-jar");
    c.add(runJar(current).toString());
    return c;
  }
}
