package io.mirador.rca.eval;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.CallGraph;
import io.mirador.rca.MetricWindow;
import io.mirador.rca.TimeWindow;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One case of the RCD Sock Shop layout: {@code <service>-<fault>/<run>/{normal,anomalous}.csv.gz},
 * columns {@code time} then {@code <container>_<metric>}.
 */
record SockShopCase(String id, String truth, CsvTable normal, CsvTable anomalous) {
  SockShopCase {
    requireNonNull(id, "id");
    requireNonNull(truth, "truth");
    requireNonNull(normal, "normal");
    requireNonNull(anomalous, "anomalous");
  }

  /** How container columns become services. */
  enum Mapping {
    /** A database container belongs to the service that owns it: {@code carts-db} is carts. */
    OWNER,
    /** Every container is a service of its own. */
    CONTAINER
  }

  /**
   * Sock Shop's service calls as its architecture documents them (the data set has metrics only):
   * the front end calls carts, catalogue, orders and user; orders calls carts, payment, shipping
   * and user; shipping and queue-master use rabbitmq. Databases are folded into their owners.
   */
  static CallGraph topology() {
    return CallGraph.builder()
        .addCall("front-end", "carts")
        .addCall("front-end", "catalogue")
        .addCall("front-end", "orders")
        .addCall("front-end", "user")
        .addCall("orders", "carts")
        .addCall("orders", "payment")
        .addCall("orders", "shipping")
        .addCall("orders", "user")
        .addCall("shipping", "rabbitmq")
        .addCall("queue-master", "rabbitmq")
        .build();
  }

  /**
   * The run directories of {@code dir} for a harness, or empty after printing why there are none
   * ({@code dir} is no directory, cannot be listed, or holds no case; {@code hint} ends that
   * message).
   */
  static Optional<List<Path>> runsForHarness(Path dir, PrintStream out, String hint) {
    if (!Files.isDirectory(dir)) {
      out.println("error: " + dir + " is not a directory");
      return Optional.empty();
    }
    List<Path> runs;
    try {
      runs = runDirectories(dir);
    } catch (IOException | RuntimeException e) {
      out.println("error: cannot list " + dir + ": " + e.getMessage());
      return Optional.empty();
    }
    if (runs.isEmpty()) {
      out.println(
          "error: no cases in "
              + dir
              + " (expected <service>-<fault>/<run>/{normal,anomalous}.csv.gz"
              + hint
              + ")");
      return Optional.empty();
    }
    return Optional.of(runs);
  }

  /** Runs directories {@code <case>/<run>} that hold a normal and an anomalous file. */
  static List<Path> runDirectories(Path dir) throws IOException {
    var runs = new ArrayList<Path>();
    try (var cases = Files.list(dir)) {
      for (Path c : cases.filter(Files::isDirectory).sorted().toList()) {
        try (var rs = Files.list(c)) {
          rs.filter(r -> Files.isDirectory(r) && file(r, "normal") != null)
              .sorted(Comparator.comparing(Path::toString))
              .forEach(runs::add);
        }
      }
    }
    return runs;
  }

  static SockShopCase load(Path run) throws IOException {
    String caseName = run.getParent().getFileName().toString();
    int dash = caseName.lastIndexOf('-');
    if (dash <= 0) {
      throw new CsvFormatException(caseName + ": expected <service>-<fault> as directory name");
    }
    Path normal = file(run, "normal");
    Path anomalous = file(run, "anomalous");
    if (normal == null || anomalous == null) {
      throw new CsvFormatException(run + ": needs normal.csv(.gz) and anomalous.csv(.gz)");
    }
    CsvTable n = CsvTable.read(normal);
    CsvTable a = CsvTable.read(anomalous);
    if (!n.header().equals(a.header())) {
      throw new CsvFormatException(run + ": normal and anomalous have different columns");
    }
    if (n.rows() < 2 || a.rows() < 1) {
      throw new CsvFormatException(run + ": too few rows");
    }
    return new SockShopCase(caseName + "/" + run.getFileName(), caseName.substring(0, dash), n, a);
  }

  private static Path file(Path run, String stem) {
    for (String ext : List.of(".csv.gz", ".csv")) {
      Path p = run.resolve(stem + ext);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  /** Every metric column except {@code time}; containers are the prefixes of the cpu columns. */
  List<MetricWindow> metrics(Mapping mapping, boolean resourcesOnly) {
    List<String> containers =
        normal.header().stream()
            .filter(h -> h.endsWith("_cpu"))
            .map(h -> h.substring(0, h.length() - 4))
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
    var out = new ArrayList<MetricWindow>();
    for (String column : normal.header()) {
      if (column.equals("time")) {
        continue;
      }
      String container =
          containers.stream().filter(c -> column.startsWith(c + "_")).findFirst().orElse(null);
      if (container == null) {
        continue;
      }
      String metric = column.substring(container.length() + 1);
      if (resourcesOnly && !metric.equals("cpu") && !metric.equals("mem")) {
        continue;
      }
      String service =
          mapping == Mapping.OWNER && container.endsWith("-db")
              ? container.substring(0, container.length() - 3)
              : container;
      out.add(new MetricWindow(service, column, normal.column(column), anomalous.column(column)));
    }
    if (out.isEmpty()) {
      throw new CsvFormatException(id + ": no <container>_<metric> columns");
    }
    return out;
  }

  TimeWindow window() {
    if (!anomalous.header().contains("time")) {
      return new TimeWindow(Instant.EPOCH, Instant.EPOCH);
    }
    double[] t = anomalous.column("time");
    double first = t[0];
    double last = t[t.length - 1];
    if (!Double.isFinite(first) || !Double.isFinite(last) || last < first) {
      throw new CsvFormatException(id + ": time column is not increasing");
    }
    return new TimeWindow(
        Instant.ofEpochSecond((long) first), Instant.ofEpochSecond((long) last + 1));
  }
}
