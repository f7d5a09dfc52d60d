package io.mirador.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code ./mirador pii-audit --tenant T [--from ISO] [--to ISO] [--core URL] [--data DIR] [--limit
 * N] [--no-scan] [--json]}: the auditor's proof. Prints what the core counted as redacted in the
 * range (by detector and action, signal, OTLP location) and then the result of the core's scan of
 * the stored telemetry for values that any enabled detector still matches.
 *
 * <p>Exit codes, for a cron job: 0 the scan is clean (or was not asked for), 1 the scan found
 * matches, 2 a usage error, or the core could not be reached or refused the request.
 *
 * <p>The admin token comes from {@code MIRADOR_TOKEN}, else from the core's 0600 token file under
 * the data directory ({@code <data>/core/local-admin.token}, where {@code up} puts it). It is never
 * printed.
 */
final class PiiAuditCommand implements Mirador.Command {
  static final Duration DEFAULT_RANGE = Duration.ofHours(24);
  static final Duration MAX_RANGE = Duration.ofDays(400);
  private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final int MAX_TOKEN_CHARS = 16 * 1024;

  private final Function<String, String> env;
  private final Instant now;

  PiiAuditCommand() {
    this(System::getenv, null);
  }

  /** For tests: the environment and the clock are given. */
  PiiAuditCommand(Function<String, String> env, Instant now) {
    this.env = env;
    this.now = now;
  }

  @Override
  public String name() {
    return "pii-audit";
  }

  @Override
  public String summary() {
    return "what was redacted where (per detector, action, signal, location) and a scan of the"
        + " stored telemetry for PII that got through (exit 1 when it finds any)";
  }

  @Override
  public String usage() {
    return "--tenant T [--from ISO-8601] [--to ISO-8601] [--core URL] [--data DIR] [--limit N]"
        + " [--no-scan] [--json]";
  }

  /** The parsed command line. */
  record Options(
      String tenant,
      Instant from,
      Instant to,
      URI core,
      Path data,
      Long limit,
      boolean scan,
      boolean json) {}

  Options parse(List<String> args) {
    Map<String, String> o =
        Mirador.options(
            args,
            List.of("--tenant", "--from", "--to", "--core", "--data", "--limit"),
            List.of("--no-scan", "--json"));
    String tenant = o.get("--tenant");
    if (tenant == null) {
      throw new Mirador.UsageException("--tenant is required");
    }
    if (!TENANT.matcher(tenant).matches()) {
      throw new Mirador.UsageException(
          "--tenant must be a tenant id ([a-z0-9][a-z0-9_-]{0,63}), got '"
              + Printable.of(tenant)
              + "'");
    }
    Instant to =
        o.containsKey("--to")
            ? instant("--to", o.get("--to"))
            : (now == null ? Instant.now() : now).truncatedTo(ChronoUnit.SECONDS);
    Instant from =
        o.containsKey("--from") ? instant("--from", o.get("--from")) : to.minus(DEFAULT_RANGE);
    if (!from.isBefore(to)) {
      throw new Mirador.UsageException("--from must be before --to");
    }
    if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw new Mirador.UsageException("the range is longer than the core's 400 days");
    }
    Long limit = null;
    if (o.containsKey("--limit")) {
      try {
        limit = Long.parseLong(o.get("--limit"));
      } catch (NumberFormatException e) {
        limit = -1L;
      }
      if (limit < 1) {
        throw new Mirador.UsageException("--limit must be a positive number of values");
      }
    }
    Path data =
        Path.of(o.getOrDefault("--data", orElse(env.apply("MIRADOR_DATA"), "var/data")))
            .toAbsolutePath();
    return new Options(
        tenant,
        from,
        to,
        coreUri(o.get("--core")),
        data,
        limit,
        !o.containsKey("--no-scan"),
        o.containsKey("--json"));
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Options options = parse(args);
    String token;
    try {
      token = token(options.data());
    } catch (IllegalStateException e) {
      err.println("mirador pii-audit: " + e.getMessage());
      return 2;
    }
    PrivacyApiClient client = new PrivacyApiClient(options.core(), token);
    String from = options.from().toString();
    String to = options.to().toString();
    JsonNode report;
    JsonNode scan = null;
    try {
      report = client.redactions(options.tenant(), from, to);
      if (options.scan()) {
        scan = client.scan(options.tenant(), from, to, options.limit());
      }
    } catch (PrivacyApiClient.CoreCallException e) {
      err.println("mirador pii-audit: " + e.getMessage());
      return 2;
    }
    boolean clean = scan == null || isClean(scan);
    if (options.json()) {
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode both = json.createObjectNode();
      both.set("redactions", report);
      if (scan != null) {
        both.set("scan", scan);
      }
      try {
        out.println(json.writeValueAsString(both));
      } catch (IOException e) {
        throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
      }
    } else {
      PrivacyReportPrinter printer = new PrivacyReportPrinter(out);
      printer.report(report);
      if (scan != null) {
        printer.scan(scan);
      } else {
        out.println("Scan of the stored telemetry: not run (--no-scan)");
      }
    }
    return clean ? 0 : 1;
  }

  static boolean isClean(JsonNode scan) {
    return scan.path("clean").asBoolean(false) && scan.path("matches").isEmpty();
  }

  private URI coreUri(String option) {
    String text = option;
    if (text == null) {
      text = env.apply("MIRADOR_CORE_URL");
    }
    if (text == null || text.isBlank()) {
      String port = orElse(env.apply("MIRADOR_HTTP_PORT"), "8080");
      text = "http://127.0.0.1:" + port;
    }
    URI uri;
    try {
      uri = URI.create(text.strip());
    } catch (IllegalArgumentException e) {
      throw new Mirador.UsageException("--core must be a URL, got '" + Printable.of(text) + "'");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        || uri.getHost() == null
        || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || !(uri.getRawPath() == null
            || uri.getRawPath().isEmpty()
            || uri.getRawPath().equals("/"))) {
      throw new Mirador.UsageException(
          "--core must be http(s)://host[:port] without path, user or query, got '"
              + Printable.of(text)
              + "'");
    }
    return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
  }

  /** MIRADOR_TOKEN, else the core's token file under the data directory. */
  String token(Path data) {
    String fromEnv = env.apply("MIRADOR_TOKEN");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return checked(fromEnv.strip(), "MIRADOR_TOKEN");
    }
    Path file = data.resolve("core").resolve("local-admin.token");
    try {
      if (Files.size(file) > MAX_TOKEN_CHARS) {
        throw new IllegalStateException(file + " is too large to be a token");
      }
      return checked(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
    } catch (NoSuchFileException e) {
      throw new IllegalStateException(
          "no admin token: set MIRADOR_TOKEN, or run where ./mirador up keeps its data ("
              + file
              + " does not exist; --data or MIRADOR_DATA names another data directory)");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the admin token file " + file, e);
    }
  }

  /** A token that would break the HTTP header is refused without quoting it. */
  private static String checked(String token, String source) {
    if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
      throw new IllegalStateException(source + " holds no usable token");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new IllegalStateException(
            source + " holds characters a bearer token cannot have (spaces or control characters)");
      }
    }
    return token;
  }

  private static Instant instant(String option, String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new Mirador.UsageException(
          option
              + " must be an ISO-8601 instant such as 2026-12-07T00:00:00Z, got '"
              + Printable.of(text)
              + "'");
    }
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
