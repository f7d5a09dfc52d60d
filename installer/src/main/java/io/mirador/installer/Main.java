package io.mirador.installer;

import io.mirador.installer.doctor.Check;
import io.mirador.installer.doctor.Doctor;
import io.mirador.installer.layout.History;
import io.mirador.installer.layout.Json;
import io.mirador.installer.layout.Prefix;
import io.mirador.installer.layout.Settings;
import io.mirador.installer.service.EnvFile;
import io.mirador.installer.service.Health;
import io.mirador.installer.service.Ownership;
import io.mirador.installer.service.ServiceManager;
import io.mirador.installer.service.ServiceSpec;
import io.mirador.installer.service.Systemd;
import io.mirador.installer.store.Store;
import io.mirador.installer.verify.DirectoryVerifier;
import io.mirador.installer.verify.ReleaseFiles;
import io.mirador.installer.verify.ReleaseInfo;
import io.mirador.installer.verify.TarballVerifier;
import io.mirador.installer.verify.TrustedKeys;
import io.mirador.installer.verify.VerificationException;
import io.mirador.installer.verify.VerifiedBundle;
import java.io.IOException;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code mirador-installer}: verify, doctor, install, start/stop/status, upgrade with automatic
 * rollback, rollback, backup/restore, prune-backups, uninstall, register-agent. Run by the bundle's
 * {@code install.sh} on the bundle's own runtime. It opens no network connection except loopback
 * health checks and the core's admin API on loopback for {@code register-agent}.
 */
public final class Main {
  static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(120);
  private static final Set<String> COMMON = Set.of("--prefix", "--key", "--health-timeout");
  private final PrintStream out;

  Main(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    int code = new Main(System.out).run(List.of(args), System.err);
    System.out.flush();
    System.exit(code);
  }

  int run(List<String> args, PrintStream err) {
    if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help")) {
      out.print(USAGE);
      return args.isEmpty() ? InstallerException.USAGE : 0;
    }
    String command = args.get(0);
    List<String> rest = args.subList(1, args.size());
    try {
      switch (command) {
        case "verify" -> verify(rest);
        case "doctor" -> {
          return doctor(rest);
        }
        case "install" -> install(rest);
        case "start" -> start(rest);
        case "stop" -> stop(rest);
        case "status" -> status(rest);
        case "upgrade" -> upgrade(rest);
        case "rollback" -> rollback(rest);
        case "backup" -> backup(rest);
        case "restore" -> restore(rest);
        case "prune-backups" -> prune(rest);
        case "uninstall" -> uninstall(rest);
        case "register-agent" -> registerAgent(rest);
        default ->
            throw new InstallerException(
                InstallerException.USAGE, "unknown command " + command + " (try help)");
      }
      return 0;
    } catch (InstallerException e) {
      err.println("mirador-installer " + command + ": " + e.getMessage());
      return e.exitCode();
    } catch (IOException | RuntimeException e) {
      err.println("mirador-installer " + command + ": " + e.getMessage());
      return InstallerException.FAILED;
    }
  }

  static final String USAGE =
      """
      usage: install.sh COMMAND [options]       (the bundle's runtime runs this installer)

        verify [--key PUB] [BUNDLE.tar.gz]       check signature, manifest and every file (this
                                                 bundle's directory, or a tarball without unpacking)
        doctor [--prefix DIR] [--json] [--port NAME=N]...   blocking preflight (exit 4 on a failure)
        install --prefix DIR --key PUB [--user NAME] [--tenant T] [--region R] [--bind HOST]
                [--port NAME=N]... [--agent-id ID] [--core-endpoint HOST:PORT]
                [--core-key-file FILE] [--no-start] [--health-timeout SECONDS] [BUNDLE.tar.gz]
        start|stop|status [--json] --prefix DIR
        upgrade --prefix DIR [--key PUB] [--health-timeout SECONDS] BUNDLE.tar.gz
        rollback --prefix DIR                    back to the previous release (restores its backup
                                                 when the data's schema is newer than it knows)
        backup --prefix DIR                      config, keys and store (services stop meanwhile)
        restore --prefix DIR BACKUP              a backup's config, keys and store (and its release)
        prune-backups --prefix DIR --keep N      delete all but the N newest backups
        uninstall --prefix DIR [--purge]         keeps etc, keys, data and backups unless --purge
        register-agent --prefix DIR --agent-pub FILE [--tenant T]
                                                 register an agent's public key with this core

      ports (NAME=N): core-http 8080, core-grpc 9090, rca 8081, ui 8082, agent-grpc 4317, agent-http 4318
      exit codes: 0 ok, 1 failed, 2 usage, 3 verification failed, 4 doctor failed,
                  5 upgrade failed and rolled back, 6 rollback failed
      """;

  // ---------------------------------------------------------------- helpers

  /** The bundle directory this installer belongs to ({@code <bundle>/installer/*.jar}). */
  static Path bundleDirectory() {
    String configured = System.getenv("MIRADOR_BUNDLE_DIR");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    return installerJar().getParent().getParent();
  }

  static Path installerJar() {
    try {
      return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toAbsolutePath()
          .normalize();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Store store() {
    return new Store(Path.of(System.getProperty("java.home"), "bin", "java"), installerJar());
  }

  private Prefix prefix(Args a) throws InstallerException {
    String p = a.get("--prefix");
    if (p == null) {
      throw new InstallerException(InstallerException.USAGE, "--prefix DIR is required");
    }
    return new Prefix(Path.of(p));
  }

  private static Duration healthTimeout(Args a) throws InstallerException {
    String v = a.get("--health-timeout");
    if (v == null) {
      return DEFAULT_HEALTH_TIMEOUT;
    }
    try {
      long s = Long.parseLong(v);
      if (s < 1 || s > 3600) {
        throw new NumberFormatException();
      }
      return Duration.ofSeconds(s);
    } catch (NumberFormatException e) {
      throw new InstallerException(
          InstallerException.USAGE, "--health-timeout must be 1..3600 seconds");
    }
  }

  private static TrustedKeys keys(Args a, Prefix prefix) throws InstallerException {
    try {
      if (a.get("--key") != null) {
        return TrustedKeys.ofFile(Path.of(a.get("--key")));
      }
      if (prefix != null) {
        return TrustedKeys.ofDirectory(prefix.trustedKeys());
      }
      throw new VerificationException(
          "no trusted key: pass --key mirador-release.pub (the release key you received out of band)");
    } catch (VerificationException e) {
      throw new InstallerException(InstallerException.VERIFY, e.getMessage(), e);
    }
  }

  private static Map<String, Integer> ports(Args a, Map<String, Integer> base)
      throws InstallerException {
    Map<String, Integer> ports = new LinkedHashMap<>(base);
    for (String p : a.ports) {
      int eq = p.indexOf('=');
      String name = eq > 0 ? p.substring(0, eq) : "";
      if (!Settings.DEFAULT_PORTS.containsKey(name)) {
        throw new InstallerException(
            InstallerException.USAGE,
            "--port " + p + ": NAME must be one of " + Settings.DEFAULT_PORTS.keySet());
      }
      try {
        int n = Integer.parseInt(p.substring(eq + 1));
        if (n < 1 || n > 65535) {
          throw new NumberFormatException();
        }
        ports.put(name, n);
      } catch (NumberFormatException e) {
        throw new InstallerException(
            InstallerException.USAGE, "--port " + p + ": not a port number");
      }
    }
    return ports;
  }

  // ---------------------------------------------------------------- verify

  private void verify(List<String> args) throws InstallerException {
    Args a = Args.parse(args, Set.of("--key", "--prefix"), Set.of());
    Prefix prefix = a.get("--prefix") == null ? null : new Prefix(Path.of(a.get("--prefix")));
    TrustedKeys keys = keys(a, prefix);
    Instant start = Instant.now();
    VerifiedBundle v;
    try {
      if (a.positional.isEmpty()) {
        v = DirectoryVerifier.verify(bundleDirectory(), keys);
      } else {
        v =
            TarballVerifier.verify(
                Path.of(a.positional.get(0)), keys, TarballVerifier.Limits.DEFAULT);
      }
    } catch (VerificationException e) {
      throw new InstallerException(InstallerException.VERIFY, "REFUSED: " + e.getMessage(), e);
    }
    out.println(
        "verified: mirador "
            + v.release().kind()
            + " "
            + v.release().version()
            + " (schema "
            + v.release().schema()
            + "), "
            + v.manifest().entries().size()
            + " files, signature and every SHA-256 match ("
            + Installation.seconds(start)
            + ")");
  }

  /** Prints the release a verification accepted, with the time it took, and returns it. */
  private ReleaseInfo announceVerified(VerifiedBundle verified, Instant start) {
    ReleaseInfo info = verified.release();
    out.println(
        "verified mirador "
            + info.kind()
            + " "
            + info.version()
            + " ("
            + Installation.seconds(start)
            + ")");
    return info;
  }

  /** The refusal of a bundle that failed verification, saying what was left untouched. */
  private static InstallerException refused(String untouched, VerificationException e) {
    return new InstallerException(
        InstallerException.VERIFY, "REFUSED, " + untouched + ": " + e.getMessage(), e);
  }

  // ---------------------------------------------------------------- doctor

  private int doctor(List<String> args) throws InstallerException, IOException {
    Args a = Args.parse(args, Set.of("--prefix", "--port", "--user"), Set.of("--json"));
    Path bundle = bundleDirectory();
    Prefix prefix = a.get("--prefix") == null ? null : new Prefix(Path.of(a.get("--prefix")));
    ReleaseInfo info;
    try {
      info = ReleaseInfo.parse(Files.readAllBytes(bundle.resolve(ReleaseInfo.FILE)));
    } catch (VerificationException e) {
      throw new InstallerException(InstallerException.FAILED, e.getMessage(), e);
    }
    Settings settings;
    OptionalInt dataSchema = OptionalInt.empty();
    boolean checkPorts = true;
    if (prefix != null && Files.isRegularFile(prefix.settings())) {
      settings = Settings.read(prefix.settings());
      History h = prefix.readHistory();
      dataSchema = h.dataSchema() > 0 ? OptionalInt.of(h.dataSchema()) : OptionalInt.empty();
      Installation inst = new Installation(prefix, out, store());
      checkPorts = inst.runningServices(settings).isEmpty();
    } else {
      settings = newSettings(a, info.kind());
    }
    Prefix where = prefix != null ? prefix : new Prefix(Path.of("/nonexistent-mirador-prefix"));
    List<Check> checks =
        new Installation(where, out, store())
            .doctor(bundle, info, settings, dataSchema, checkPorts);
    if (a.flag("--json")) {
      List<Object> list = new ArrayList<>();
      for (Check c : checks) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("check", c.name());
        m.put("status", c.status().name());
        m.put("detail", c.detail());
        list.add(m);
      }
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("passed", Doctor.passed(checks));
      doc.put("checks", list);
      out.print(Json.write(doc));
    } else {
      out.println("doctor: mirador " + info.kind() + " " + info.version());
      new Installation(where, out, store()).printChecks(checks);
      out.println(Doctor.passed(checks) ? "doctor: passed" : "doctor: FAILED");
    }
    return Doctor.passed(checks) ? 0 : InstallerException.DOCTOR;
  }

  private Settings newSettings(Args a, String kind) throws InstallerException {
    String user = a.get("--user", Ownership.isRoot() ? "mirador" : Ownership.currentUser());
    if (!user.matches("[a-z_][a-z0-9_-]{0,31}")) {
      throw new InstallerException(InstallerException.USAGE, "--user must be a valid user name");
    }
    String tenant = a.get("--tenant", "default");
    if (!tenant.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
      throw new InstallerException(
          InstallerException.USAGE, "--tenant must match [a-z0-9][a-z0-9_-]{0,63}");
    }
    String region = a.get("--region", "local");
    if (!region.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
      throw new InstallerException(
          InstallerException.USAGE, "--region must match [a-z0-9][a-z0-9_-]{0,63}");
    }
    String bind = a.get("--bind", "127.0.0.1");
    if (!bind.matches("[0-9a-fA-F.:]{2,45}")) {
      throw new InstallerException(InstallerException.USAGE, "--bind must be an IP address");
    }
    String host = System.getenv().getOrDefault("HOSTNAME", "host");
    String agentId = a.get("--agent-id", ("agent-" + host).replaceAll("[^A-Za-z0-9_.-]", "-"));
    if (!agentId.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
      throw new InstallerException(
          InstallerException.USAGE, "--agent-id must match [A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    }
    String endpoint = a.get("--core-endpoint");
    if (endpoint != null && !endpoint.matches("[A-Za-z0-9.:\\[\\]-]{1,255}:[0-9]{1,5}")) {
      throw new InstallerException(InstallerException.USAGE, "--core-endpoint must be HOST:PORT");
    }
    String keyFile = a.get("--core-key-file");
    if (kind.equals("agent") && (endpoint == null || keyFile == null)) {
      throw new InstallerException(
          InstallerException.USAGE,
          "an agent needs --core-endpoint HOST:PORT (the core's gRPC) and --core-key-file FILE (the"
              + " core's keys/core/core-public.json, copied from the core host)");
    }
    return new Settings(
        kind,
        user,
        a.get("--group", user),
        bind,
        tenant,
        region,
        agentId,
        ports(a, Settings.DEFAULT_PORTS),
        endpoint,
        keyFile == null ? null : Path.of(keyFile).toAbsolutePath().toString(),
        false);
  }

  // ---------------------------------------------------------------- install

  private void install(List<String> args) throws InstallerException, IOException {
    Args a =
        Args.parse(
            args,
            Set.of(
                "--prefix",
                "--key",
                "--user",
                "--group",
                "--tenant",
                "--region",
                "--bind",
                "--port",
                "--agent-id",
                "--core-endpoint",
                "--core-key-file",
                "--health-timeout"),
            Set.of("--no-start"));
    Prefix prefix = prefix(a);
    Duration timeout = healthTimeout(a);
    Instant start = Instant.now();
    TrustedKeys keys = keys(a, null);
    Path source =
        a.positional.isEmpty() ? bundleDirectory() : Path.of(a.positional.get(0)).toAbsolutePath();
    VerifiedBundle verified;
    Path staged = null;
    Files.createDirectories(prefix.root());
    Files.setPosixFilePermissions(prefix.root(), PosixFilePermissions.fromString("rwxr-xr-x"));
    try (Installation inst = new Installation(prefix, out, store()).locked()) {
      if (Files.isRegularFile(prefix.history()) && prefix.readHistory().current() != null) {
        throw new InstallerException(
            InstallerException.FAILED,
            "Mirador "
                + prefix.readHistory().current()
                + " is already installed in "
                + prefix.root()
                + ": use upgrade");
      }
      try {
        if (Files.isDirectory(source)) {
          verified = DirectoryVerifier.verify(source, keys);
        } else {
          Files.createDirectories(prefix.releases());
          staged = prefix.releases().resolve(".staging-" + ProcessHandle.current().pid());
          ReleaseFiles.deleteTree(staged);
          verified = TarballVerifier.extract(source, keys, TarballVerifier.Limits.DEFAULT, staged);
        }
      } catch (VerificationException e) {
        throw refused("nothing installed", e);
      }
      ReleaseInfo info = announceVerified(verified, start);
      Settings settings =
          Files.isRegularFile(prefix.settings())
              ? Settings.read(prefix.settings())
              : newSettings(a, info.kind());
      if (!settings.kind().equals(info.kind())) {
        throw new InstallerException(
            InstallerException.FAILED,
            prefix.root() + " holds a " + settings.kind() + " installation");
      }
      Path releaseForDoctor = staged != null ? staged : source;
      OptionalInt dataSchema = OptionalInt.empty();
      if (Files.isDirectory(inst.storeDir())) {
        dataSchema = readSchemaWith(releaseForDoctor, inst.storeDir());
      }
      List<Check> checks = inst.doctor(releaseForDoctor, info, settings, dataSchema, true);
      inst.printChecks(checks);
      if (!Doctor.passed(checks)) {
        if (staged != null) {
          ReleaseFiles.deleteTree(staged);
        }
        throw new InstallerException(InstallerException.DOCTOR, "doctor failed: nothing installed");
      }
      boolean createdUser = ensureUser(settings);
      // The layout.
      Files.createDirectories(prefix.releases());
      for (Path p :
          List.of(
              prefix.etc(),
              prefix.keys(),
              prefix.data(),
              prefix.run(),
              prefix.logs(),
              prefix.state())) {
        Prefix.createPrivateDirectory(p);
      }
      Prefix.createPrivateDirectory(prefix.trustedKeys());
      for (String sub : List.of("core", "agent", "rca", "ui")) {
        Prefix.createPrivateDirectory(prefix.data().resolve(sub));
      }
      Prefix.createPrivateDirectory(prefix.keys().resolve("core"));
      Prefix.createPrivateDirectory(prefix.keys().resolve("agent"));
      Path release = prefix.release(info.version());
      ReleaseFiles.deleteTree(release);
      if (staged != null) {
        Files.move(staged, release);
      } else {
        TreeCopy.copy(source, release, p -> true);
      }
      ReleaseFiles.makeReadOnly(release);
      prefix.switchCurrent(info.version());
      Files.copy(
          Path.of(a.get("--key")),
          prefix.trustedKeys().resolve("mirador-release.pub"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      if (settings.coreKeyFile() != null
          && !Path.of(settings.coreKeyFile()).startsWith(prefix.root())) {
        // The core's public keys, copied in: on an application host the agent cannot read the
        // core's prefix (README.md, "Agents": re-copy after a key rotation).
        Path copy = prefix.etc().resolve("core-public.json");
        Files.copy(
            Path.of(settings.coreKeyFile()),
            copy,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
        settings =
            new Settings(
                settings.kind(),
                settings.user(),
                settings.group(),
                settings.bindHost(),
                settings.tenant(),
                settings.region(),
                settings.agentId(),
                settings.ports(),
                settings.coreEndpoint(),
                copy.toString(),
                settings.withAgent());
      }
      Prefix.writeAtomically(prefix.settings(), settings.toProperties(), Prefix.OWNER_ONLY_FILE);
      if (createdUser) {
        Files.writeString(prefix.state().resolve("created-user"), settings.user() + "\n");
      }
      List<Path> rendered =
          new ConfigRenderer(prefix, settings)
              .render(release, Installation.serviceNames(info.kind()));
      for (Path p : rendered) {
        out.println("  rendered " + p);
      }
      for (Path p :
          List.of(prefix.etc(), prefix.keys(), prefix.data(), prefix.run(), prefix.state())) {
        Ownership.chownTree(p, settings.user(), settings.group());
      }
      installUnits(prefix, settings, release, info.kind());
      History h =
          Files.isRegularFile(prefix.history()) ? prefix.readHistory() : History.empty(info.kind());
      if (h.release(info.version()).isPresent()) {
        h = h.withoutRelease(info.version());
      }
      h = h.withRelease(info.version(), info.schema(), Instant.now()).switchedTo(info.version());
      if (dataSchema.isPresent()) {
        h = h.withDataSchema(dataSchema.getAsInt());
      }
      h = h.withEvent(Instant.now(), "install", info.version(), "ok", "");
      inst.save(h);
      out.println(
          "installed mirador "
              + info.kind()
              + " "
              + info.version()
              + " in "
              + prefix.root()
              + " ("
              + Installation.seconds(start)
              + ")");
      if (!a.flag("--no-start")) {
        Instant s = Instant.now();
        inst.startAndWait(settings, timeout);
        if (info.appliance()) {
          inst.save(inst.history().withDataSchema(info.schema()));
        }
        out.println("started (" + Installation.seconds(s) + ")");
      }
      printNextSteps(prefix, settings);
    } catch (InstallerException | IOException | RuntimeException e) {
      if (staged != null) {
        ReleaseFiles.deleteTree(staged);
      }
      throw e;
    }
  }

  private OptionalInt readSchemaWith(Path release, Path storeDir) throws IOException {
    Path lib = release.resolve("lib/chdb/libchdb.so");
    if (!Files.isRegularFile(lib)) {
      return OptionalInt.empty();
    }
    int v = store().schema(lib, storeDir);
    return v == 0 ? OptionalInt.empty() : OptionalInt.of(v);
  }

  /**
   * Where the UI writes its one-time login link: {@code login-link} in the UI's data directory
   * ({@code MIRADOR_UI_DATA_DIR} of {@code etc/mirador-ui.env}, which the operator may have
   * changed; {@code data/ui} as rendered).
   */
  static Path uiLoginLinkFile(Prefix prefix) throws IOException {
    Path env = prefix.etc().resolve("mirador-ui.env");
    String dir = null;
    if (Files.isRegularFile(env)) {
      dir = EnvFile.parse(Files.readString(env)).get("MIRADOR_UI_DATA_DIR");
    }
    Path data = dir == null || dir.isBlank() ? prefix.data().resolve("ui") : Path.of(dir);
    return prefix.root().resolve(data).resolve("login-link");
  }

  private void printNextSteps(Prefix prefix, Settings s) throws IOException {
    if (s.appliance()) {
      out.println("next:");
      out.println(
          "  UI: http://"
              + s.bindHost()
              + ":"
              + s.port("ui")
              + "/ ; the one-time login link is in "
              + uiLoginLinkFile(prefix)
              + " (readable by "
              + s.user()
              + " and root only)");
      out.println(
          "  admin token (new at every core start): "
              + prefix.data().resolve("core/local-admin.token"));
      out.println(
          "  query API: http://127.0.0.1:"
              + s.port("core-http")
              + "/api/v1 ; agents push to "
              + s.bindHost()
              + ":"
              + s.port("core-grpc"));
      out.println(
          "  core public keys for agents: " + prefix.keys().resolve("core/core-public.json"));
      out.println(
          "  register an agent: install.sh register-agent --prefix "
              + prefix.root()
              + " --agent-pub AGENT_DATA/agent.pub");
    } else {
      out.println("next: register this agent with its core (on the core host):");
      out.println(
          "  install.sh register-agent --prefix CORE_PREFIX --agent-pub "
              + prefix.data().resolve("agent/agent.pub")
              + " --tenant "
              + s.tenant());
    }
  }

  private boolean ensureUser(Settings s) throws IOException, InstallerException {
    if (!Ownership.isRoot() || s.user().equals("root")) {
      return false;
    }
    if (exec(List.of("id", "-u", s.user())) == 0) {
      return false;
    }
    int rc =
        exec(
            List.of(
                "useradd",
                "--system",
                "--user-group",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                s.user()));
    if (rc != 0) {
      throw new InstallerException(
          InstallerException.FAILED, "useradd " + s.user() + " failed (exit " + rc + ")");
    }
    out.println("  created system user " + s.user());
    return true;
  }

  static int exec(List<String> command) throws IOException {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private void installUnits(Prefix prefix, Settings s, Path release, String kind)
      throws IOException {
    if (!Systemd.running() || !Ownership.isRoot()) {
      out.println("  no systemd here: services run as processes (install.sh start/stop/status)");
      return;
    }
    Map<String, String> units = new ConfigRenderer(prefix, s).units(release);
    for (Map.Entry<String, String> u : units.entrySet()) {
      if (Installation.serviceNames(kind).stream()
          .noneMatch(n -> u.getKey().equals(n + ".service"))) {
        continue;
      }
      Prefix.writeAtomically(Systemd.UNIT_DIR.resolve(u.getKey()), u.getValue(), "rw-r--r--");
      out.println("  installed unit " + u.getKey());
    }
    Systemd.systemctl("daemon-reload");
    for (String u : units.keySet()) {
      if (Installation.serviceNames(kind).stream().anyMatch(n -> u.equals(n + ".service"))) {
        Systemd.systemctl("enable", u);
      }
    }
  }

  // ---------------------------------------------------------------- start / stop / status

  private void start(List<String> args) throws InstallerException, IOException {
    Args a = Args.parse(args, Set.of("--prefix", "--health-timeout"), Set.of());
    try (Installation inst = new Installation(prefix(a), out, store()).locked()) {
      Settings s = inst.settings();
      inst.startAndWait(s, healthTimeout(a));
      out.println("started");
    }
  }

  private void stop(List<String> args) throws InstallerException, IOException {
    Args a = Args.parse(args, Set.of("--prefix"), Set.of());
    try (Installation inst = new Installation(prefix(a), out, store()).locked()) {
      inst.stopAll(inst.settings());
      out.println("stopped");
    }
  }

  private void status(List<String> args) throws InstallerException, IOException {
    Args a = Args.parse(args, Set.of("--prefix"), Set.of("--json"));
    Installation inst = new Installation(prefix(a), out, store());
    Settings s = inst.settings();
    History h = inst.history();
    ServiceManager manager = inst.services(s);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("prefix", inst.prefix.root().toString());
    doc.put("kind", s.kind());
    doc.put("current", h.current());
    doc.put("previous", h.previous());
    doc.put("dataSchema", (long) h.dataSchema());
    List<Object> services = new ArrayList<>();
    Path current = inst.prefix.current();
    for (ServiceSpec spec :
        Files.exists(current)
            ? Installation.servicesOf(current, s.kind())
            : List.<ServiceSpec>of()) {
      Map<String, Object> m = new LinkedHashMap<>();
      String url = Health.url(s.bindHost(), s.port(spec.healthPort()));
      m.put("name", spec.name());
      m.put("state", manager.describe(spec));
      m.put("ready", manager.running(spec) && Health.ready(url));
      m.put("health", url);
      services.add(m);
    }
    doc.put("services", services);
    if (s.appliance()) {
      doc.put("uiLoginLink", uiLoginLinkFile(inst.prefix).toString());
    }
    List<Object> backups = new ArrayList<>();
    for (History.Backup b : h.backups()) {
      backups.add(b.name() + " (schema " + b.schema() + ", " + b.reason() + ")");
    }
    doc.put("backups", backups);
    if (a.flag("--json")) {
      out.print(Json.write(doc));
      return;
    }
    out.println("Mirador " + s.kind() + " in " + inst.prefix.root());
    out.println(
        "  current:  "
            + h.current()
            + (h.previous() != null ? "   (previous: " + h.previous() + ")" : ""));
    out.println(
        "  releases: "
            + h.releases().stream()
                .map(r -> r.version() + " (schema " + r.schema() + ")")
                .toList());
    if (s.appliance()) {
      out.println("  data schema: " + h.dataSchema());
      out.println("  UI login link file: " + doc.get("uiLoginLink"));
    }
    for (Object o : services) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) o;
      out.println(
          "  "
              + m.get("name")
              + ": "
              + m.get("state")
              + (Boolean.TRUE.equals(m.get("ready")) ? ", ready" : ", not ready"));
    }
    out.println(
        "  backups: "
            + h.backups().size()
            + (h.backups().isEmpty()
                ? ""
                : " (newest " + h.backups().get(h.backups().size() - 1).name() + ")"));
  }

  // ---------------------------------------------------------------- upgrade

  private void upgrade(List<String> args) throws InstallerException, IOException {
    Args a = Args.parse(args, Set.of("--prefix", "--key", "--health-timeout"), Set.of());
    if (a.positional.size() != 1) {
      throw new InstallerException(
          InstallerException.USAGE,
          "upgrade needs the new bundle: upgrade --prefix DIR BUNDLE.tar.gz");
    }
    Path tarball = Path.of(a.positional.get(0)).toAbsolutePath();
    Duration timeout = healthTimeout(a);
    Prefix prefix = prefix(a);
    try (Installation inst = new Installation(prefix, out, store()).locked()) {
      Settings s = inst.settings();
      History h = inst.history();
      String old = h.current();
      if (old == null) {
        throw new InstallerException(
            InstallerException.FAILED, "nothing installed in " + prefix.root() + ": use install");
      }
      TrustedKeys keys = keys(a, prefix);
      Instant t0 = Instant.now();
      VerifiedBundle verified;
      try {
        verified = TarballVerifier.verify(tarball, keys, TarballVerifier.Limits.DEFAULT);
      } catch (VerificationException e) {
        throw refused("nothing changed", e);
      }
      ReleaseInfo info = announceVerified(verified, t0);
      if (!info.kind().equals(s.kind())) {
        throw new InstallerException(
            InstallerException.FAILED,
            "this is a "
                + info.kind()
                + " bundle; "
                + prefix.root()
                + " holds a "
                + s.kind()
                + " installation");
      }
      if (info.version().equals(old)) {
        throw new InstallerException(
            InstallerException.FAILED, info.version() + " is already the current release");
      }
      if (s.appliance() && info.schema() < h.dataSchema()) {
        throw new InstallerException(
            InstallerException.FAILED,
            "REFUSED: "
                + info.version()
                + " knows store schema "
                + info.schema()
                + " but the data is at schema "
                + h.dataSchema()
                + ": a downgrade across a schema version needs a backup taken on that version (restore BACKUP)");
      }
      if (h.release(info.version()).isPresent()) {
        throw new InstallerException(
            InstallerException.FAILED,
            info.version() + " is installed already (previous release): use rollback");
      }
      Path release = prefix.release(info.version());
      ReleaseFiles.deleteTree(release); // a leftover of an interrupted upgrade
      Path staged = prefix.releases().resolve(".staging-" + info.version());
      ReleaseFiles.deleteTree(staged);
      try {
        TarballVerifier.extract(tarball, keys, TarballVerifier.Limits.DEFAULT, staged);
      } catch (VerificationException e) {
        throw refused("nothing changed", e);
      }
      List<Check> checks =
          inst.doctor(
              staged,
              info,
              s,
              h.dataSchema() > 0 ? OptionalInt.of(h.dataSchema()) : OptionalInt.empty(),
              false);
      inst.printChecks(checks);
      if (!Doctor.passed(checks)) {
        ReleaseFiles.deleteTree(staged);
        throw new InstallerException(InstallerException.DOCTOR, "doctor failed: nothing changed");
      }
      Files.move(staged, release);
      ReleaseFiles.makeReadOnly(release);
      h = h.withRelease(info.version(), info.schema(), Instant.now());
      inst.save(h);
      out.println("unpacked " + info.version() + " (" + Installation.seconds(t0) + " since start)");

      // Stop the old release and back it up with its own engine.
      Instant t1 = Instant.now();
      inst.stopAll(s);
      History.Backup backup = inst.backup(s, h, "before upgrade " + old + " -> " + info.version());
      h = h.withBackup(backup).withDataSchema(Math.max(h.dataSchema(), backup.schema()));
      inst.save(h);
      out.println(
          "backup "
              + backup.name()
              + " taken on "
              + old
              + " (schema "
              + backup.schema()
              + ", "
              + Installation.seconds(t1)
              + ")");

      new ConfigRenderer(prefix, s).render(release, Installation.serviceNames(s.kind()));
      Ownership.chownTree(prefix.etc(), s.user(), s.group());
      installUnits(prefix, s, release, s.kind());
      Instant t2 = Instant.now();
      prefix.switchCurrent(info.version());
      h =
          h.switchedTo(info.version())
              .withEvent(Instant.now(), "upgrade", info.version(), "started", "from " + old);
      inst.save(h);
      try {
        inst.startAndWait(s, timeout);
        h =
            h.withDataSchema(s.appliance() ? Math.max(h.dataSchema(), info.schema()) : 0)
                .withEvent(Instant.now(), "upgrade", info.version(), "ok", "from " + old);
        inst.save(h);
        out.println(
            "upgraded "
                + old
                + " -> "
                + info.version()
                + " (healthy after "
                + Installation.seconds(t2)
                + "; total "
                + Installation.seconds(t0)
                + ")");
      } catch (InstallerException | IOException e) {
        out.println("UPGRADE FAILED: " + e.getMessage());
        out.println("rolling back to " + old + " automatically...");
        autoRollback(inst, s, h, old, info, backup, timeout, e.getMessage());
      }
    }
  }

  private void autoRollback(
      Installation inst,
      Settings s,
      History h,
      String old,
      ReleaseInfo failed,
      History.Backup backup,
      Duration timeout,
      String reason)
      throws InstallerException {
    AutoRollback.Steps steps =
        new AutoRollback.Steps() {
          @Override
          public void stopAll() throws IOException {
            inst.stopAll(s);
          }

          @Override
          public OptionalInt readDataSchema(String version) throws IOException {
            return inst.readDataSchema(version, s);
          }

          @Override
          public java.util.Optional<String> backupProblem(History.Backup b) {
            return new Backups(inst.prefix, store()).problem(b, s.appliance());
          }

          @Override
          public void switchCurrent(String version) throws IOException {
            inst.prefix.switchCurrent(version);
          }

          @Override
          public Path restore(History.Backup b) throws IOException {
            return inst.restore(s, b);
          }

          @Override
          public void startAndWait() throws InstallerException, IOException {
            inst.startAndWait(s, timeout);
          }

          @Override
          public void removeRelease(String version) throws IOException {
            inst.removeRelease(version);
          }

          @Override
          public void save(History next) throws IOException {
            inst.save(next);
          }
        };
    throw new AutoRollback(steps, inst.prefix.root().toString())
        .run(h, s.appliance(), old, failed.version(), failed.schema(), backup, reason);
  }

  // ---------------------------------------------------------------- rollback

  private void rollback(List<String> args) throws InstallerException, IOException {
    Args a = Args.parse(args, Set.of("--prefix", "--health-timeout", "--to"), Set.of());
    try (Installation inst = new Installation(prefix(a), out, store()).locked()) {
      Settings s = inst.settings();
      History h = inst.history();
      String target = a.get("--to", h.previous());
      if (target == null) {
        // After a failed upgrade was rolled back, the release before the current one.
        String currentVersion = h.current();
        List<History.Release> others =
            h.releases().stream().filter(r -> !r.version().equals(currentVersion)).toList();
        target = others.isEmpty() ? null : others.get(others.size() - 1).version();
      }
      if (target == null || h.release(target).isEmpty()) {
        throw new InstallerException(
            InstallerException.FAILED,
            "no previous release to roll back to (installed: "
                + h.releases().stream().map(History.Release::version).toList()
                + ")");
      }
      final String to = target;
      if (to.equals(h.current())) {
        throw new InstallerException(InstallerException.FAILED, target + " is the current release");
      }
      Instant t = Instant.now();
      int targetSchema = h.release(target).get().schema();
      inst.stopAll(s);
      int dataSchema = s.appliance() ? inst.readDataSchema(h.current(), s).orElse(0) : 0;
      History.Backup restoreFrom = null;
      if (s.appliance() && dataSchema > targetSchema) {
        restoreFrom =
            h.backups().stream()
                .filter(b -> b.version().equals(to) && b.schema() <= targetSchema)
                // A backup whose directory is gone or unreadable would restore nothing.
                .filter(b -> new Backups(inst.prefix, store()).problem(b, true).isEmpty())
                .max(Comparator.comparing(History.Backup::name))
                .orElse(null);
        if (restoreFrom == null) {
          inst.startAndWait(s, healthTimeout(a));
          throw new InstallerException(
              InstallerException.FAILED,
              "REFUSED: the data is at schema "
                  + dataSchema
                  + " and "
                  + target
                  + " knows "
                  + targetSchema
                  + "; there is no backup taken on "
                  + target
                  + " to restore (the current release was restarted)");
        }
      }
      History.Backup safety = inst.backup(s, h, "before rollback " + h.current() + " -> " + target);
      h = h.withBackup(safety);
      inst.prefix.switchCurrent(target);
      h = h.rolledBackTo(target);
      if (restoreFrom != null) {
        inst.restore(s, restoreFrom);
        h = h.withDataSchema(restoreFrom.schema());
        out.println(
            "restored backup " + restoreFrom.name() + " (schema " + restoreFrom.schema() + ")");
      }
      inst.save(h);
      inst.startAndWait(s, healthTimeout(a));
      inst.save(
          h.withEvent(
              Instant.now(),
              "rollback",
              target,
              "ok",
              restoreFrom == null ? "" : "restored " + restoreFrom.name()));
      out.println("rolled back to " + target + " (" + Installation.seconds(t) + ")");
    }
  }

  // ---------------------------------------------------------------- backup / restore / prune

  private void backup(List<String> args) throws InstallerException, IOException {
    Args a = Args.parse(args, Set.of("--prefix", "--health-timeout"), Set.of());
    try (Installation inst = new Installation(prefix(a), out, store()).locked()) {
      Settings s = inst.settings();
      History h = inst.history();
      boolean wasRunning = !inst.runningServices(s).isEmpty();
      Instant t = Instant.now();
      inst.stopAll(s);
      History.Backup b;
      try {
        b = inst.backup(s, h, "backup command");
      } finally {
        if (wasRunning) {
          inst.startAndWait(s, healthTimeout(a));
        }
      }
      inst.save(h.withBackup(b).withEvent(Instant.now(), "backup", h.current(), "ok", b.name()));
      out.println(
          "backup "
              + inst.prefix.backups().resolve(b.name())
              + " (schema "
              + b.schema()
              + ", "
              + Installation.seconds(t)
              + ")");
    }
  }

  private void restore(List<String> args) throws InstallerException, IOException {
    Args a = Args.parse(args, Set.of("--prefix", "--health-timeout"), Set.of());
    if (a.positional.size() != 1) {
      throw new InstallerException(
          InstallerException.USAGE, "restore needs a backup name (see status)");
    }
    try (Installation inst = new Installation(prefix(a), out, store()).locked()) {
      Settings s = inst.settings();
      History h = inst.history();
      History.Backup b =
          new Backups(inst.prefix, store())
              .read(Path.of(a.positional.get(0)).getFileName().toString());
      History.Release target =
          h.release(b.version())
              .orElseThrow(
                  () ->
                      new InstallerException(
                          InstallerException.FAILED,
                          "backup "
                              + b.name()
                              + " was taken on "
                              + b.version()
                              + ", which is not installed: install that release first"));
      if (b.schema() > target.schema()) {
        throw new InstallerException(
            InstallerException.FAILED,
            "backup schema "
                + b.schema()
                + " is newer than release "
                + target.version()
                + " knows");
      }
      Instant t = Instant.now();
      inst.stopAll(s);
      Path aside = inst.restore(s, b);
      if (!b.version().equals(h.current())) {
        inst.prefix.switchCurrent(b.version());
        h = h.switchedTo(b.version());
      }
      h =
          h.withDataSchema(b.schema())
              .withEvent(Instant.now(), "restore", b.version(), "ok", b.name());
      inst.save(h);
      inst.startAndWait(s, healthTimeout(a));
      out.println(
          "restored "
              + b.name()
              + " on "
              + b.version()
              + " ("
              + Installation.seconds(t)
              + ")"
              + (aside != null ? "; the replaced store is kept in " + aside : ""));
    }
  }

  private void prune(List<String> args) throws InstallerException, IOException {
    Args a = Args.parse(args, Set.of("--prefix", "--keep"), Set.of());
    int keep;
    try {
      keep = Integer.parseInt(a.get("--keep", ""));
      if (keep < 0) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new InstallerException(
          InstallerException.USAGE,
          "prune-backups needs --keep N (N >= 0): nothing is deleted without it");
    }
    try (Installation inst = new Installation(prefix(a), out, store()).locked()) {
      History h = inst.history();
      List<History.Backup> sorted = new ArrayList<>(h.backups());
      sorted.sort(Comparator.comparing(History.Backup::name));
      for (int i = 0; i < sorted.size() - keep; i++) {
        ReleaseFiles.deleteTree(inst.prefix.backups().resolve(sorted.get(i).name()));
        h = h.withoutBackup(sorted.get(i).name());
        out.println("deleted backup " + sorted.get(i).name());
      }
      inst.save(h.withEvent(Instant.now(), "prune-backups", h.current(), "ok", "kept " + keep));
    }
  }

  // ---------------------------------------------------------------- uninstall

  private void uninstall(List<String> args) throws InstallerException, IOException {
    Args a = Args.parse(args, Set.of("--prefix"), Set.of("--purge"));
    Prefix prefix = prefix(a);
    refuseRunningFromInstalledRelease(
        prefix, List.of(bundleDirectory(), Path.of(System.getProperty("java.home"))));
    boolean purge = a.flag("--purge");
    String createdUser = null;
    // This installer may run from the release it deletes: everything that needs the runtime's
    // files (state writes, process launches) happens first, the deletions last, and the messages
    // are built before (the JVM keeps what it has loaded).
    try (Installation inst = new Installation(prefix, out, store()).locked()) {
      Settings s = inst.settings();
      History h = inst.history();
      inst.stopAll(s);
      if (Systemd.running() && Ownership.isRoot()) {
        for (String name : Installation.serviceNames(s.kind())) {
          Path unit = Systemd.UNIT_DIR.resolve(name + ".service");
          if (Files.exists(unit)) {
            Systemd.systemctl("disable", name + ".service");
            Files.delete(unit);
          }
        }
        Systemd.systemctl("daemon-reload");
      }
      Path marker = prefix.state().resolve("created-user");
      if (Files.isRegularFile(marker)) {
        createdUser = Files.readString(marker).trim();
      }
      if (purge) {
        if (createdUser != null && Ownership.isRoot()) {
          exec(List.of("userdel", createdUser));
        }
      } else {
        History next =
            new History(h.kind(), null, null, h.dataSchema(), List.of(), h.backups(), h.events())
                .withEvent(Instant.now(), "uninstall", h.current(), "ok", "data kept");
        inst.save(next);
      }
      String message =
          purge
              ? "uninstalled and purged "
                  + prefix.root()
                  + (createdUser != null ? " (system user " + createdUser + " removed)" : "")
              : "uninstalled from "
                  + prefix.root()
                  + "; kept etc/, keys/, data/, backups/ (uninstall --purge removes them)";
      Files.deleteIfExists(prefix.current());
      ReleaseFiles.deleteTree(prefix.run());
      ReleaseFiles.deleteTree(prefix.releases());
      if (purge) {
        ReleaseFiles.deleteTree(prefix.root());
      }
      out.println(message);
    }
  }

  /**
   * {@code uninstall} deletes {@code releases/}: run from {@code PREFIX/current/install.sh} it
   * would delete the runtime it runs on, and the JVM then fails as soon as it loads another file
   * (the history was not saved). So it must run from an unpacked bundle outside the prefix.
   */
  static void refuseRunningFromInstalledRelease(Prefix prefix, List<Path> runningFrom)
      throws InstallerException, IOException {
    if (!Files.isDirectory(prefix.releases())) {
      return;
    }
    Path releases = prefix.releases().toRealPath();
    for (Path p : runningFrom) {
      if (Files.exists(p) && p.toRealPath().startsWith(releases)) {
        throw new InstallerException(
            InstallerException.USAGE,
            "this installer runs from "
                + releases
                + ", which uninstall deletes: run it from the unpacked bundle instead"
                + " (mirador-<version>/ or mirador-agent-<version>/): ./mirador-<version>/install.sh"
                + " uninstall --prefix "
                + prefix.root()
                + " (or copy "
                + prefix.current()
                + " outside the prefix first: cp -a "
                + prefix.current()
                + "/. /tmp/mirador-uninstall/)");
      }
    }
  }

  // ---------------------------------------------------------------- register-agent

  private void registerAgent(List<String> args) throws InstallerException, IOException {
    Args a =
        Args.parse(args, Set.of("--prefix", "--agent-pub", "--tenant", "--token-file"), Set.of());
    Installation inst = new Installation(prefix(a), out, store());
    Settings s = inst.settings();
    if (!s.appliance()) {
      throw new InstallerException(
          InstallerException.USAGE,
          "register-agent runs against the core's prefix (an appliance installation)");
    }
    if (a.get("--agent-pub") == null) {
      throw new InstallerException(
          InstallerException.USAGE,
          "--agent-pub FILE is required (the agent's <dataDir>/agent.pub)");
    }
    String pub = Files.readString(Path.of(a.get("--agent-pub")), StandardCharsets.UTF_8).trim();
    String[] parts = pub.split("\\s+");
    if (parts.length != 2
        || !parts[0].matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
        || !parts[1].matches("[A-Za-z0-9+/]{43}=")) {
      throw new InstallerException(
          InstallerException.USAGE,
          a.get("--agent-pub")
              + " is not an agent public key file ('<agent id> <base64 X25519 key>')");
    }
    String tenant = a.get("--tenant", s.tenant());
    if (!tenant.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
      throw new InstallerException(
          InstallerException.USAGE, "--tenant must match [a-z0-9][a-z0-9_-]{0,63}");
    }
    Path tokenFile =
        Path.of(
            a.get("--token-file", inst.prefix.data().resolve("core/local-admin.token").toString()));
    if (!Files.isRegularFile(tokenFile)) {
      throw new InstallerException(
          InstallerException.FAILED,
          "no admin token at " + tokenFile + " (is the core running with the local admin token?)");
    }
    String token = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
    String body =
        "{\"tenant\":\""
            + tenant
            + "\",\"agentId\":\""
            + parts[0]
            + "\",\"publicKey\":\""
            + parts[1]
            + "\"}";
    URI uri = URI.create("http://127.0.0.1:" + s.port("core-http") + "/api/v1/admin/agents");
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setConnectTimeout(5000);
    c.setReadTimeout(30000);
    c.setRequestProperty("Authorization", "Bearer " + token);
    c.setRequestProperty("Content-Type", "application/json");
    c.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    int code = c.getResponseCode();
    var stream = code >= 400 ? c.getErrorStream() : c.getInputStream();
    String answer =
        stream == null ? "" : new String(stream.readNBytes(4096), StandardCharsets.UTF_8);
    c.disconnect();
    if (code != 200 && code != 201) {
      throw new InstallerException(
          InstallerException.FAILED,
          "the core refused the registration: HTTP " + code + " " + answer.replaceAll("\\s+", " "));
    }
    out.println(
        "agent "
            + parts[0]
            + " registered for tenant "
            + tenant
            + (code == 200 ? " (already registered)" : ""));
  }
}
