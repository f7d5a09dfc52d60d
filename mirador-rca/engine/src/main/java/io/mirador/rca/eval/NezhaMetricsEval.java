package io.mirador.rca.eval;

import io.mirador.rca.Finding;
import io.mirador.rca.MetricWindow;
import io.mirador.rca.RootCauseRanker;
import io.mirador.rca.TimeWindow;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Ranks the Nezha faults from the per-pod metric CSVs read directly, NOT through the core's ingest
 * path (which does not exist yet): an interim figure for the engine alone. Incident = the 5 minutes
 * from the injection; baseline = the 30 minutes before it.
 */
public final class NezhaMetricsEval {
  static final long INCIDENT_SECONDS = 300;
  static final long BASELINE_SECONDS = 1800;
  static final long MAX_FAULT_LIST_BYTES = 10 << 20;
  private static final Pattern OBJECT = Pattern.compile("\\{[^{}]*}");
  private static final DateTimeFormatter WALL_CLOCK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final String SUCCESS_RATE = "PodSuccessRate(%)";

  private NezhaMetricsEval() {}

  record Fault(String id, Instant injected, String pod, String type) {}

  public static void main(String[] args) {
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: nezha-metrics-eval DIR [SCORING [SIGNALS]]");
      System.exit(2);
    }
    RootCauseRanker.Scoring scoring;
    try {
      scoring =
          args.length == 2
              ? RootCauseRanker.Scoring.valueOf(args[1].toUpperCase(Locale.ROOT))
              : RootCauseRanker.Scoring.ROBUST_DEVIATION;
    } catch (IllegalArgumentException e) {
      System.err.println("unknown scoring " + args[1]);
      System.exit(2);
      return;
    }
    Signals signals =
        args.length == 3 ? Signals.valueOf(args[2].toUpperCase(Locale.ROOT)) : Signals.METRICS;
    System.exit(run(Path.of(args[0]), System.out, scoring, signals));
  }

  /** Which signals feed the ranking. */
  public enum Signals {
    METRICS,
    METRICS_TRACES_LOGS,
    METRICS_TRACES_LOGS_PAGERANK,
    TRACES_LOGS,
    TRACES_LOGS_PAGERANK
  }

  public static int run(Path dir, PrintStream out, RootCauseRanker.Scoring scoring) {
    return run(dir, out, scoring, Signals.METRICS);
  }

  public static int run(
      Path dir, PrintStream out, RootCauseRanker.Scoring scoring, Signals signals) {
    out.println(
        "# " + signals + " CSVs read directly by the engine, NOT through the core's ingest path");
    List<Fault> faults;
    Map<String, CsvTable> pods;
    NezhaSignals extra;
    try {
      faults = faults(dir.resolve("fault_list.json"));
      pods = pods(dir.resolve("metric"));
      extra = signals == Signals.METRICS ? null : NezhaSignals.read(dir);
    } catch (IOException | RuntimeException e) {
      out.println("error: " + e.getMessage());
      return 2;
    }
    var ranker =
        signals.name().endsWith("_PAGERANK")
            ? RootCauseRanker.withGraph(scoring, extra.graph())
            : RootCauseRanker.of(scoring);
    TopKAccuracy accuracy = new TopKAccuracy();
    for (Fault fault : faults) {
      String truth = service(fault.pod());
      try {
        // Minutes of other faults are not baseline: a production engine likewise keeps the windows
        // of open findings out of its baselines.
        LongPredicate disturbed =
            t ->
                faults.stream()
                    .anyMatch(
                        f -> {
                          long s = f.injected().getEpochSecond();
                          return t >= s && t < s + INCIDENT_SECONDS;
                        });
        List<MetricWindow> metrics =
            signals.name().startsWith("METRICS")
                ? new ArrayList<>(metrics(pods, fault.injected(), disturbed))
                : new ArrayList<>();
        if (extra != null) {
          metrics.addAll(
              extra.windows(
                  fault.injected().getEpochSecond(),
                  BASELINE_SECONDS,
                  INCIDENT_SECONDS,
                  disturbed));
        }
        Finding finding =
            ranker.rank(
                metrics,
                new TimeWindow(fault.injected(), fault.injected().plusSeconds(INCIDENT_SECONDS)),
                Optional.empty());
        List<String> top5 =
            accuracy.record(truth, finding.causes().stream().map(Finding.Cause::service).toList());
        out.println(
            "case="
                + fault.id()
                + " type="
                + fault.type()
                + " truth="
                + truth
                + " top5="
                + String.join(",", top5));
      } catch (RuntimeException e) {
        out.println("case=" + fault.id() + " error=" + e.getMessage());
        accuracy.failed();
      }
    }
    return accuracy.printSummary(out);
  }

  /** {@code ts-travel-service-64469b5b48-25zj6} is {@code ts-travel-service}. */
  static String service(String pod) {
    String[] parts = pod.split("-");
    if (parts.length < 3) {
      return pod;
    }
    return String.join("-", List.of(parts).subList(0, parts.length - 2));
  }

  static List<Fault> faults(Path file) throws IOException {
    if (Files.size(file) > MAX_FAULT_LIST_BYTES) {
      throw new CsvFormatException(file + ": larger than " + MAX_FAULT_LIST_BYTES + " bytes");
    }
    String json = Files.readString(file);
    var faults = new ArrayList<Fault>();
    Matcher m = OBJECT.matcher(json);
    while (m.find()) {
      String object = m.group();
      String time = field(object, "inject_time");
      String pod = field(object, "inject_pod");
      String type = field(object, "inject_type");
      try {
        Instant injected = LocalDateTime.parse(time, WALL_CLOCK).toInstant(ZoneOffset.UTC);
        faults.add(new Fault(time.replace(' ', 'T'), injected, pod, type));
      } catch (DateTimeParseException e) {
        throw new CsvFormatException(file + ": inject_time '" + time + "' is not a date-time");
      }
    }
    if (faults.isEmpty()) {
      throw new CsvFormatException(file + ": no faults");
    }
    return faults;
  }

  private static String field(String object, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]{0,256})\"").matcher(object);
    if (!m.find()) {
      throw new CsvFormatException("fault without " + name);
    }
    return m.group(1);
  }

  private static Map<String, CsvTable> pods(Path metricDir) throws IOException {
    var pods = new LinkedHashMap<String, CsvTable>();
    try (Stream<Path> files = Files.list(metricDir)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith("_metric.csv.gz")) {
          pods.put(
              name.substring(0, name.length() - "_metric.csv.gz".length()),
              CsvTable.read(f, Set.of("Time", "PodName")));
        }
      }
    }
    if (pods.isEmpty()) {
      throw new CsvFormatException(metricDir + ": no <pod>_metric.csv.gz files");
    }
    return pods;
  }

  /**
   * Every pod metric except node-level ones (shared by every pod of a node) and the unreliable
   * TimeStamp; the success rate becomes an error rate so that a worse value is a higher one.
   */
  private static List<MetricWindow> metrics(
      Map<String, CsvTable> pods, Instant injected, LongPredicate disturbed) {
    long t0 = injected.getEpochSecond();
    var out = new ArrayList<MetricWindow>();
    pods.forEach(
        (pod, table) -> {
          String[] times = table.text().get("Time");
          var baselineRows = new ArrayList<Integer>();
          var incidentRows = new ArrayList<Integer>();
          for (int i = 0; i < times.length; i++) {
            long t = wallClockSeconds(times[i]);
            if (t >= t0 - BASELINE_SECONDS && t < t0 && !disturbed.test(t)) {
              baselineRows.add(i);
            } else if (t >= t0 && t < t0 + INCIDENT_SECONDS) {
              incidentRows.add(i);
            }
          }
          if (baselineRows.size() < 2 || incidentRows.isEmpty()) {
            return;
          }
          for (String column : table.header()) {
            if (column.equals("Time")
                || column.equals("TimeStamp")
                || column.equals("PodName")
                || column.startsWith("Node")) {
              continue;
            }
            double[] values = table.column(column);
            boolean success = column.equals(SUCCESS_RATE);
            double[] baseline = pick(values, baselineRows, success);
            double[] incident = pick(values, incidentRows, success);
            if (anyFinite(baseline) && anyFinite(incident)) {
              out.add(
                  new MetricWindow(
                      service(pod), success ? "PodErrorRate(%)" : column, baseline, incident));
            }
          }
        });
    if (out.isEmpty()) {
      throw new CsvFormatException("no pod has metrics around the injection");
    }
    return out;
  }

  private static double[] pick(double[] values, List<Integer> rows, boolean complement) {
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      double v = values[rows.get(i)];
      out[i] = complement ? 100 - v : v;
    }
    return out;
  }

  private static boolean anyFinite(double[] values) {
    for (double v : values) {
      if (Double.isFinite(v)) {
        return true;
      }
    }
    return false;
  }

  private static long wallClockSeconds(String time) {
    if (time.length() < 19) {
      return Long.MIN_VALUE;
    }
    try {
      return LocalDateTime.parse(time.substring(0, 19), WALL_CLOCK).toEpochSecond(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return Long.MIN_VALUE;
    }
  }
}
