package io.mirador.installer.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Services as systemd units {@code mirador-<name>.service}, when systemd runs this machine. */
public final class Systemd implements ServiceManager {
  public static final Path UNIT_DIR = Path.of("/etc/systemd/system");

  /** systemd's own test (sd_booted): the directory exists only when systemd is PID 1. */
  public static boolean running() {
    return Files.isDirectory(Path.of("/run/systemd/system"));
  }

  public static String unit(ServiceSpec s) {
    return s.name() + ".service";
  }

  @Override
  public void start(ServiceSpec s) throws IOException {
    systemctl("start", unit(s));
  }

  @Override
  public void stop(ServiceSpec s) throws IOException {
    systemctl("stop", unit(s));
  }

  @Override
  public boolean running(ServiceSpec s) {
    try {
      return systemctl("is-active", "--quiet", unit(s)).isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public String describe(ServiceSpec s) {
    return "systemd unit " + unit(s) + (running(s) ? ": active" : ": inactive");
  }

  public static String systemctl(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("systemctl");
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("systemctl " + String.join(" ", args) + " timed out");
      }
      if (p.exitValue() != 0) {
        throw new IOException("systemctl " + String.join(" ", args) + " failed: " + out.strip());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
