package io.mirador.rca.eval;

import io.mirador.rca.CallGraph;
import io.mirador.rca.MetricWindow;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Per-service, per-minute features from the Nezha trace and log CSVs, read directly: entry-span
 * count and p90 duration, error log lines; and the service call graph from parent/child spans.
 */
final class NezhaSignals {
  static final int MAX_LINE_CHARS = 1 << 20;
  static final long MAX_LINES = 20_000_000;

  /** minute -> value, per service and feature. */
  private final Map<String, Map<String, TreeMap<Long, double[]>>> series = new HashMap<>();

  private final CallGraph.Builder graph = CallGraph.builder();

  private NezhaSignals() {}

  static NezhaSignals read(Path dir) throws IOException {
    var signals = new NezhaSignals();
    signals.readTraces(dir.resolve("trace"));
    signals.readLogs(dir.resolve("log"));
    return signals;
  }

  CallGraph graph() {
    return graph.build();
  }

  private void readTraces(Path traceDir) throws IOException {
    if (!Files.isDirectory(traceDir)) {
      return;
    }
    var podOfSpan = new HashMap<String, String>();
    var durations = new HashMap<String, Map<Long, List<Double>>>();
    for (Path f : files(traceDir, "_trace.csv.gz")) {
      var spans = new ArrayList<String[]>();
      forEachLine(
          f,
          line -> {
            String[] p = line.split(",", -1);
            if (p.length == 8 && !p[0].equals("TraceID")) {
              spans.add(p);
              podOfSpan.put(p[1], p[3]);
            }
          });
      for (String[] p : spans) {
        String service = NezhaMetricsEval.service(p[3]);
        String parentPod = p[2].equals("root") ? null : podOfSpan.get(p[2]);
        if (parentPod != null && parentPod.equals(p[3])) {
          continue;
        }
        long minute;
        double duration;
        try {
          minute = Long.parseLong(p[5]) / 60_000_000_000L;
          duration = Double.parseDouble(p[7]);
        } catch (NumberFormatException e) {
          continue;
        }
        if (parentPod != null) {
          graph.addCall(NezhaMetricsEval.service(parentPod), service);
        }
        durations
            .computeIfAbsent(service, k -> new HashMap<>())
            .computeIfAbsent(minute, k -> new ArrayList<>())
            .add(duration);
      }
      if (podOfSpan.size() > 5_000_000) {
        podOfSpan.clear();
      }
    }
    durations.forEach(
        (service, byMinute) ->
            byMinute.forEach(
                (minute, values) -> {
                  double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                  put(service, "TraceEntrySpans", minute, v.length);
                  put(
                      service,
                      "TraceLatencyP90",
                      minute,
                      v[(int) Math.floor(0.9 * (v.length - 1))]);
                }));
  }

  private void readLogs(Path logDir) throws IOException {
    if (!Files.isDirectory(logDir)) {
      return;
    }
    for (Path f : files(logDir, "_log.csv.gz")) {
      forEachLine(
          f,
          line -> {
            String[] p = line.split(",", 6);
            if (p.length < 6 || p[0].equals("Timestamp")) {
              return;
            }
            long minute;
            try {
              minute = Long.parseLong(p[1]) / 60_000_000_000L;
            } catch (NumberFormatException e) {
              return;
            }
            String service = NezhaMetricsEval.service(p[3]);
            String text = p[5];
            boolean error =
                text.contains("ERROR") || text.contains("Exception") || text.contains("error");
            add(service, "LogLines", minute, 1);
            add(service, "ErrorLogLines", minute, error ? 1 : 0);
          });
    }
  }

  /** Windows of every feature around {@code t0} (epoch seconds); absent minutes count as zero. */
  List<MetricWindow> windows(
      long t0, long baselineSeconds, long incidentSeconds, LongPredicate disturbed) {
    long first = Math.floorDiv(t0 - baselineSeconds, 60);
    long start = Math.floorDiv(t0, 60);
    long end = Math.floorDiv(t0 + incidentSeconds, 60);
    var out = new ArrayList<MetricWindow>();
    series.forEach(
        (service, features) ->
            features.forEach(
                (feature, byMinute) -> {
                  boolean count = !feature.equals("TraceLatencyP90");
                  double[] baseline = range(byMinute, first, start, count);
                  for (long m = first; m < start; m++) {
                    if (disturbed.test(m * 60) || disturbed.test(m * 60 + 59)) {
                      baseline[(int) (m - first)] = Double.NaN;
                    }
                  }
                  double[] incident = range(byMinute, start, end, count);
                  if (Arrays.stream(baseline).anyMatch(Double::isFinite)
                      && Arrays.stream(incident).anyMatch(Double::isFinite)) {
                    out.add(new MetricWindow(service, feature, baseline, incident));
                  }
                }));
    return out;
  }

  private static double[] range(
      TreeMap<Long, double[]> byMinute, long from, long to, boolean count) {
    double[] out = new double[(int) (to - from)];
    for (long m = from; m < to; m++) {
      double[] v = byMinute.get(m);
      out[(int) (m - from)] = v != null ? v[0] : count ? 0 : Double.NaN;
    }
    return out;
  }

  private void put(String service, String feature, long minute, double value) {
    series
        .computeIfAbsent(service, k -> new HashMap<>())
        .computeIfAbsent(feature, k -> new TreeMap<>())
        .put(minute, new double[] {value});
  }

  private void add(String service, String feature, long minute, double value) {
    series
            .computeIfAbsent(service, k -> new HashMap<>())
            .computeIfAbsent(feature, k -> new TreeMap<>())
            .computeIfAbsent(minute, k -> new double[1])[0] +=
        value;
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static void forEachLine(Path file, java.util.function.Consumer<String> action)
      throws IOException {
    try (var reader =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      long count = 0;
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.length() > MAX_LINE_CHARS || ++count > MAX_LINES) {
          throw new CsvFormatException(file + ": line " + count + " is too long or too many lines");
        }
        action.accept(line);
      }
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new CsvFormatException(file + ": corrupt gzip data (" + e.getMessage() + ")");
    }
  }
}
