package io.mirador.installer.service;

import io.mirador.installer.layout.Prefix;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Services as background processes, without systemd (containers, network-namespace tests): each
 * runs in its own session ({@code setsid}, so the installer's terminal going away does not stop
 * it), as the service user ({@code setpriv} when the installer runs as root), with a clean
 * environment plus its {@code etc/<name>.env}; pid in {@code run/<name>.pid}, output appended to
 * {@code run/logs/<name>.log} (0600).
 */
public final class Processes implements ServiceManager {
  static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private final Prefix prefix;
  private final String user;
  private final String group;

  public Processes(Prefix prefix, String user, String group) {
    this.prefix = prefix;
    this.user = user;
    this.group = group;
  }

  Path pidFile(ServiceSpec s) {
    return prefix.run().resolve(s.name() + ".pid");
  }

  public Path logFile(ServiceSpec s) {
    return prefix.logs().resolve(s.name() + ".log");
  }

  @Override
  public void start(ServiceSpec s) throws IOException {
    if (running(s)) {
      return;
    }
    Path log = logFile(s);
    if (!Files.exists(log)) {
      Files.createFile(
          log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Ownership.chown(log, user, group);
    }
    List<String> command = new ArrayList<>();
    command.add("setsid");
    if (Ownership.isRoot() && !user.equals("root")) {
      command.addAll(
          List.of("setpriv", "--reuid=" + user, "--regid=" + group, "--init-groups", "--"));
    }
    command.addAll(s.command(prefix));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().putAll(environment(s));
    pb.directory(prefix.data().toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    Prefix.writeAtomically(pidFile(s), p.pid() + "\n", "rw-r--r--");
  }

  Map<String, String> environment(ServiceSpec s) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("LANG", "C.UTF-8");
    env.put("HOME", prefix.data().toString());
    env.put("MALLOC_ARENA_MAX", "2");
    Path file = s.envFile(prefix);
    if (Files.isRegularFile(file)) {
      env.putAll(EnvFile.parse(Files.readString(file, StandardCharsets.UTF_8)));
    }
    return env;
  }

  Optional<ProcessHandle> handle(ServiceSpec s) {
    Path pid = pidFile(s);
    if (!Files.isRegularFile(pid)) {
      return Optional.empty();
    }
    long id;
    try {
      id = Long.parseLong(Files.readString(pid).trim());
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    // A pid is ours only if that process runs this service's jar of this prefix (pids are reused).
    String jar = s.runJar(prefix.current()).toString();
    return ProcessHandle.of(id)
        .filter(ProcessHandle::isAlive)
        .filter(h -> h.info().commandLine().map(c -> c.contains(jar)).orElse(true));
  }

  @Override
  public boolean running(ServiceSpec s) {
    return handle(s).isPresent();
  }

  @Override
  public void stop(ServiceSpec s) throws IOException {
    Optional<ProcessHandle> h = handle(s);
    if (h.isPresent()) {
      ProcessHandle p = h.get();
      p.destroy();
      try {
        p.onExit().get(STOP_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        p.destroyForcibly();
        try {
          p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception ignored) {
          throw new IOException(s.name() + " (pid " + p.pid() + ") did not stop");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while stopping " + s.name());
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IOException(e.getMessage(), e);
      }
    }
    Files.deleteIfExists(pidFile(s));
  }

  @Override
  public String describe(ServiceSpec s) {
    return handle(s).map(h -> "running, pid " + h.pid()).orElse("stopped");
  }
}
