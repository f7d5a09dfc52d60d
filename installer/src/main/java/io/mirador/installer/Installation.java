package io.mirador.installer;

import io.mirador.installer.doctor.Check;
import io.mirador.installer.doctor.Doctor;
import io.mirador.installer.doctor.LinuxProbe;
import io.mirador.installer.layout.History;
import io.mirador.installer.layout.Prefix;
import io.mirador.installer.layout.Settings;
import io.mirador.installer.service.Health;
import io.mirador.installer.service.Ownership;
import io.mirador.installer.service.Processes;
import io.mirador.installer.service.ServiceManager;
import io.mirador.installer.service.ServiceSpec;
import io.mirador.installer.service.Systemd;
import io.mirador.installer.store.Store;
import io.mirador.installer.verify.ReleaseFiles;
import io.mirador.installer.verify.ReleaseInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** One installation under a prefix: its settings, history, services and store. */
final class Installation implements AutoCloseable {
  final Prefix prefix;
  final PrintStream out;
  private final Store store;
  private FileChannel lockChannel;
  private FileLock lock;

  Installation(Prefix prefix, PrintStream out, Store store) {
    this.prefix = prefix;
    this.out = out;
    this.store = store;
  }

  /** One installer at a time per prefix. */
  Installation locked() throws InstallerException {
    try {
      Files.createDirectories(prefix.state());
      lockChannel =
          FileChannel.open(
              prefix.state().resolve("installer.lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
      lock = lockChannel.tryLock();
      if (lock == null) {
        throw new InstallerException(
            InstallerException.FAILED, "another installer is working on " + prefix.root());
      }
      return this;
    } catch (IOException e) {
      throw new InstallerException(
          InstallerException.FAILED, "cannot lock " + prefix.root() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      if (lock != null) {
        lock.release();
      }
      if (lockChannel != null) {
        lockChannel.close();
      }
    } catch (IOException ignored) {
      // the lock goes with the process anyway
    }
  }

  Settings settings() throws InstallerException {
    try {
      return Settings.read(prefix.settings());
    } catch (IOException e) {
      throw new InstallerException(
          InstallerException.FAILED,
          "no Mirador installation at " + prefix.root() + " (" + e.getMessage() + ")",
          e);
    }
  }

  History history() throws InstallerException {
    try {
      return prefix.readHistory();
    } catch (IOException e) {
      throw new InstallerException(
          InstallerException.FAILED,
          "no Mirador installation at " + prefix.root() + ": " + e.getMessage(),
          e);
    }
  }

  void save(History h) throws IOException {
    prefix.writeHistory(h);
  }

  ServiceManager services(Settings s) {
    if (Systemd.running() && Ownership.isRoot()) {
      return new Systemd();
    }
    return new Processes(prefix, s.user(), s.group());
  }

  /** The services whose app the release ships, in start order. */
  static List<ServiceSpec> servicesOf(Path release, String kind) {
    List<ServiceSpec> list = new ArrayList<>();
    for (ServiceSpec s : ServiceSpec.ALL) {
      boolean wanted = kind.equals("agent") ? s == ServiceSpec.AGENT : s != ServiceSpec.AGENT;
      if (wanted && Files.isRegularFile(s.runJar(release))) {
        list.add(s);
      }
    }
    return list;
  }

  static List<String> serviceNames(String kind) {
    return kind.equals("agent")
        ? List.of("mirador-agent")
        : List.of("mirador-core", "mirador-rca", "mirador-ui");
  }

  Path libchdb(String version) {
    return prefix.release(version).resolve("lib/chdb/libchdb.so");
  }

  Path storeDir() {
    return prefix.data().resolve("core/clickhouse");
  }

  /** The data's schema read from the store with {@code version}'s engine; empty if no store. */
  OptionalInt readDataSchema(String version, Settings s) throws IOException {
    if (!Files.isDirectory(storeDir()) || !Files.isRegularFile(libchdb(version))) {
      return OptionalInt.empty();
    }
    int v = store.schema(libchdb(version), storeDir());
    Ownership.chownTree(prefix.data(), s.user(), s.group());
    return v == 0 ? OptionalInt.empty() : OptionalInt.of(v);
  }

  List<Check> doctor(
      Path release, ReleaseInfo info, Settings s, OptionalInt dataSchema, boolean checkPorts) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    if (checkPorts) {
      for (ServiceSpec spec : servicesOf(release, info.kind())) {
        ports.put(spec.name() + "/" + spec.healthPort(), s.port(spec.healthPort()));
        if (spec == ServiceSpec.CORE) {
          ports.put("mirador-core/core-grpc", s.port("core-grpc"));
        }
        if (spec == ServiceSpec.AGENT) {
          ports.put("mirador-agent/agent-grpc", s.port("agent-grpc"));
        }
      }
    }
    Doctor.Request request =
        new Doctor.Request(
            info.appliance(),
            release,
            prefix.data(),
            List.of(prefix.data(), prefix.keys(), prefix.etc()),
            s.user(),
            ports,
            s.bindHost(),
            dataSchema,
            info.schema());
    return new Doctor(new LinuxProbe()).run(request);
  }

  void printChecks(List<Check> checks) {
    for (Check c : checks) {
      out.printf("  %-5s %-12s %s%n", c.status(), c.name(), c.detail());
    }
  }

  /** Starts every service of the current release, then waits until each is ready. */
  void startAndWait(Settings s, Duration timeout) throws IOException, InstallerException {
    Path current = prefix.current();
    List<ServiceSpec> services = servicesOf(current, s.kind());
    ServiceManager manager = services(s);
    Instant deadline = Instant.now().plus(timeout);
    for (ServiceSpec spec : services) {
      manager.start(spec);
      waitReady(spec, s, manager, deadline);
    }
  }

  private void waitReady(ServiceSpec spec, Settings s, ServiceManager manager, Instant deadline)
      throws InstallerException {
    String url = Health.url(s.bindHost(), s.port(spec.healthPort()));
    while (true) {
      if (Health.ready(url)) {
        out.println("  " + spec.name() + " ready (" + url + ")");
        return;
      }
      if (!manager.running(spec)) {
        throw new InstallerException(
            InstallerException.FAILED,
            spec.name()
                + " exited before it was ready (log: "
                + prefix.logs().resolve(spec.name() + ".log")
                + ")");
      }
      if (Instant.now().isAfter(deadline)) {
        throw new InstallerException(
            InstallerException.FAILED,
            spec.name()
                + " not ready within the health timeout ("
                + url
                + "; log: "
                + prefix.logs().resolve(spec.name() + ".log")
                + ")");
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InstallerException(InstallerException.FAILED, "interrupted");
      }
    }
  }

  void stopAll(Settings s) throws IOException {
    Path current = prefix.current();
    List<ServiceSpec> services =
        Files.exists(current) ? servicesOf(current, s.kind()) : ServiceSpec.ALL;
    // Stop in reverse start order; anything of another release that still runs is stopped too.
    List<ServiceSpec> all = new ArrayList<>(ServiceSpec.ALL);
    all.removeAll(services);
    services = new ArrayList<>(services);
    services.addAll(all);
    ServiceManager manager = services(s);
    for (int i = services.size() - 1; i >= 0; i--) {
      if (manager.running(services.get(i)) || manager instanceof Systemd) {
        manager.stop(services.get(i));
      }
    }
  }

  List<ServiceSpec> runningServices(Settings s) {
    ServiceManager manager = services(s);
    List<ServiceSpec> running = new ArrayList<>();
    for (ServiceSpec spec : ServiceSpec.ALL) {
      if (manager.running(spec)) {
        running.add(spec);
      }
    }
    return running;
  }

  History.Backup backup(Settings s, History h, String reason) throws IOException {
    String version = h.current();
    Backups backups = new Backups(prefix, store);
    History.Backup b =
        backups.take(version, s.appliance(), libchdb(version), reason, s.user(), s.group());
    Ownership.chownTree(prefix.data(), s.user(), s.group());
    return b;
  }

  Path restore(Settings s, History.Backup b) throws IOException {
    return new Backups(prefix, store)
        .restore(b, s.appliance(), libchdb(b.version()), s.user(), s.group());
  }

  void removeRelease(String version) throws IOException {
    ReleaseFiles.deleteTree(prefix.release(version));
  }

  static String seconds(Instant start) {
    return String.format("%.1f s", Duration.between(start, Instant.now()).toMillis() / 1000.0);
  }
}
