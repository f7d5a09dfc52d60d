package io.mirador.rca.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirador.rca.TimeWindow;
import io.mirador.rca.eval.TopKAccuracy;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TelemetryStores;
import io.mirador.store.TenantId;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code LabEval RUN_DIR [VARIANT|V1,V2,...|ALL]}: re-ranks a fault-lab run offline, from the store
 * the run kept ({@code data/}), with every ranking variant of the Nezha evaluation: per case {@code
 * case=ID truth=SERVICE top5=... type=TYPE}, then per variant and fault type {@code type=T cases=N
 * AC@1 AC@3 Avg@5} and the summary {@code cases=N AC@1=... AC@3=... Avg@5=...}.
 *
 * <p>A case's window is its fault's [start, end) as the estate answered, the baseline the hour
 * before without earlier cases' windows, exactly as for a Nezha day. The truth is the case's {@code
 * truth} when the lab wrote one (a slow or failing dependency names the dependency), else its
 * {@code service}. Exit 0 when every case was ranked, 1 when some failed, 2 when RUN_DIR is
 * unusable.
 */
public final class LabEval {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One labelled fault of a lab run. */
  record LabCase(String id, String truth, String type, Instant start, Instant end) {}

  private LabEval() {}

  /** Whether {@code dir} looks like a lab run directory. */
  public static boolean accepts(Path dir) {
    return Files.isRegularFile(dir.resolve("cases.jsonl"))
        && Files.isRegularFile(dir.resolve("run.json"));
  }

  public static void main(String[] args) {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: LabEval RUN_DIR [VARIANT|V1,V2,...|ALL]");
      System.exit(2);
    }
    List<NezhaFeatures.Variant> variants;
    try {
      variants = args.length == 2 ? variants(args[1]) : List.of(NezhaFeatures.Variant.DEFAULT);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(run(Path.of(args[0]), variants, System.out));
  }

  static List<NezhaFeatures.Variant> variants(String arg) {
    return VariantList.parse(NezhaFeatures.Variant.class, arg, true);
  }

  /** Re-ranks the run in {@code dir} with each variant; returns the exit code. */
  public static int run(Path dir, List<NezhaFeatures.Variant> variants, PrintStream out) {
    TenantId tenant;
    List<LabCase> cases;
    Path storeDir;
    try {
      tenant =
          TenantId.of(JSON.readTree(dir.resolve("run.json").toFile()).path("tenant").asText(""));
      cases = cases(dir.resolve("cases.jsonl"));
      storeDir =
          store(dir.resolve("data"))
              .orElseThrow(() -> new IOException("no store under " + dir.resolve("data")));
    } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
      out.println("# not a lab run directory: " + e.getMessage());
      return 2;
    }
    out.println(
        "# lab run: tenant=" + tenant.value() + " cases=" + cases.size() + " store=" + storeDir);
    try (TelemetryStore store = TelemetryStores.embedded(storeDir)) {
      int code = 0;
      for (NezhaFeatures.Variant variant : variants) {
        out.println("# variant: " + variant);
        code = Math.max(code, rank(store, tenant, cases, variant, out));
      }
      return code;
    }
  }

  static int rank(
      TelemetryStore store,
      TenantId tenant,
      List<LabCase> cases,
      NezhaFeatures.Variant variant,
      PrintStream out) {
    TopKAccuracy all = new TopKAccuracy();
    Map<String, TopKAccuracy> byType = new TreeMap<>();
    for (LabCase c : cases) {
      List<Instant> earlier =
          cases.stream().map(LabCase::start).filter(s -> s.isBefore(c.start())).toList();
      try {
        List<String> ranked =
            NezhaEval.ranked(store, tenant, new TimeWindow(c.start(), c.end()), earlier, variant);
        List<String> top5 = all.record(c.truth(), ranked);
        byType.computeIfAbsent(c.type(), t -> new TopKAccuracy()).record(c.truth(), ranked);
        out.println(
            "case="
                + c.id()
                + " truth="
                + c.truth()
                + " top5="
                + String.join(",", top5)
                + " type="
                + c.type());
      } catch (RuntimeException e) {
        out.println("case=" + c.id() + " error=" + e.getMessage());
        all.failed();
      }
    }
    byType.forEach(
        (type, accuracy) -> {
          out.print("# type=" + type + " ");
          accuracy.printSummary(out);
        });
    return all.printSummary(out);
  }

  /** The cases of {@code cases.jsonl}; a malformed line is an error naming its line number. */
  static List<LabCase> cases(Path file) throws IOException {
    var out = new ArrayList<LabCase>();
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      try {
        JsonNode n = JSON.readTree(line);
        String service = text(n, "service");
        String truth = n.hasNonNull("truth") ? text(n, "truth") : service;
        Instant start = Instant.parse(text(n, "start"));
        Instant end = Instant.parse(text(n, "end"));
        if (!end.isAfter(start)) {
          throw new IllegalArgumentException("end is not after start");
        }
        out.add(new LabCase(text(n, "id"), truth, text(n, "type"), start, end));
      } catch (IOException | RuntimeException e) {
        throw new IOException(file.getFileName() + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return v.asText();
  }

  /**
   * The embedded store inside a run's data directory: the launcher's layout ({@code
   * core/clickhouse}), the core's own ({@code clickhouse}), or the directory itself.
   */
  static Optional<Path> store(Path data) {
    for (Path p :
        List.of(data.resolve("core").resolve("clickhouse"), data.resolve("clickhouse"), data)) {
      if (Files.isDirectory(p.resolve("metadata")) || Files.isDirectory(p.resolve("store"))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
