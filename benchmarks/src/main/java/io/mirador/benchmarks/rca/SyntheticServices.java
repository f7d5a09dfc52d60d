package io.mirador.benchmarks.rca;

import io.mirador.rca.CallGraph;
import io.mirador.rca.MetricWindow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded microservice estate for the RCA benchmarks: a layered call graph (front ends, middle
 * tier, back ends, databases) and eight features per service and minute with noise and a slow
 * drift; one back end has a CPU and latency fault in the last minutes, which also raises its
 * callers' latency.
 */
final class SyntheticServices {
  static final List<String> FEATURES =
      List.of(
          "request_rate",
          "error_rate",
          "latency_p50",
          "latency_p95",
          "latency_p99",
          "error_logs",
          "cpu",
          "memory");

  final List<String> services;
  final CallGraph graph;
  final String faulty;

  /** values[service][minute][feature] */
  final double[][][] values;

  private SyntheticServices(
      List<String> services, CallGraph graph, String faulty, double[][][] values) {
    this.services = services;
    this.graph = graph;
    this.faulty = faulty;
    this.values = values;
  }

  /**
   * {@code count} services over {@code minutes} minutes, faulty in the last {@code faultMinutes}.
   */
  static SyntheticServices generate(int count, int minutes, int faultMinutes, long seed) {
    var random = new SplittableRandom(seed);
    int front = Math.max(1, count / 10);
    int middle = Math.max(1, count * 3 / 10);
    int back = Math.max(1, count * 4 / 10);
    int db = count - front - middle - back;
    var services = new ArrayList<String>();
    for (int i = 0; i < count; i++) {
      String tier =
          i < front ? "front" : i < front + middle ? "mid" : i < count - db ? "svc" : "db";
      services.add(tier + "-" + i);
    }
    var graph = CallGraph.builder();
    var callers = new ArrayList<List<Integer>>();
    for (int i = 0; i < count; i++) {
      callers.add(new ArrayList<>());
    }
    for (int i = 0; i < count - db; i++) {
      int lo;
      int hi;
      int fanOut;
      if (i < front) {
        lo = front;
        hi = front + middle;
        fanOut = 3;
      } else if (i < front + middle) {
        lo = front + middle;
        hi = count - db;
        fanOut = 2;
      } else {
        lo = count - db;
        hi = count;
        fanOut = 1;
      }
      if (hi <= lo) {
        continue;
      }
      for (int k = 0; k < fanOut; k++) {
        int callee = lo + random.nextInt(hi - lo);
        graph.addCall(services.get(i), services.get(callee));
        callers.get(callee).add(i);
      }
    }
    int faultyIndex = front + middle + random.nextInt(Math.max(1, back));
    double[][][] values = new double[count][minutes][FEATURES.size()];
    for (int s = 0; s < count; s++) {
      double rate = 50 + 450 * random.nextDouble();
      double errors = 0.001 + 0.01 * random.nextDouble();
      double p50 = 5 + 45 * random.nextDouble();
      double cpu = 0.1 + 0.5 * random.nextDouble();
      double memory = 2e8 + 6e8 * random.nextDouble();
      double phase = random.nextDouble() * 2 * Math.PI;
      for (int m = 0; m < minutes; m++) {
        double drift = 1 + 0.1 * Math.sin(phase + m * 2 * Math.PI / 240);
        double r = rate * drift * noise(random, 0.05);
        double e = errors * noise(random, 0.2);
        double latency = p50 * noise(random, 0.05);
        double[] row = values[s][m];
        row[0] = r;
        row[1] = e;
        row[2] = latency;
        row[3] = latency * 2 * noise(random, 0.05);
        row[4] = latency * 3 * noise(random, 0.08);
        row[5] = Math.round(r * e * 60);
        row[6] = Math.min(1, cpu * drift * noise(random, 0.05));
        row[7] = memory * noise(random, 0.01);
      }
    }
    for (int m = minutes - faultMinutes; m < minutes; m++) {
      double[] root = values[faultyIndex][m];
      root[6] = Math.min(1, root[6] + 0.4);
      root[4] *= 4;
      root[3] *= 2.5;
      root[1] *= 5;
      for (int caller : callers.get(faultyIndex)) {
        values[caller][m][4] *= 2;
        values[caller][m][3] *= 1.5;
      }
    }
    return new SyntheticServices(
        List.copyOf(services), graph.build(), services.get(faultyIndex), values);
  }

  /** One window per service and feature: the first {@code split} minutes are the baseline. */
  List<MetricWindow> metricWindows(int split) {
    var windows = new ArrayList<MetricWindow>();
    for (int s = 0; s < services.size(); s++) {
      for (int f = 0; f < FEATURES.size(); f++) {
        double[] all = column(s, f);
        windows.add(
            new MetricWindow(
                services.get(s),
                FEATURES.get(f),
                Arrays.copyOfRange(all, 0, split),
                Arrays.copyOfRange(all, split, all.length)));
      }
    }
    return windows;
  }

  /** The rows (minutes) {@code from} (inclusive) to {@code to} (exclusive) of one service. */
  double[][] rows(int service, int from, int to) {
    double[][] rows = new double[to - from][];
    for (int m = from; m < to; m++) {
      rows[m - from] = values[service][m].clone();
    }
    return rows;
  }

  private double[] column(int service, int feature) {
    double[] column = new double[values[service].length];
    for (int m = 0; m < column.length; m++) {
      column[m] = values[service][m][feature];
    }
    return column;
  }

  private static double noise(SplittableRandom random, double relative) {
    return Math.max(0, 1 + relative * gaussian(random));
  }

  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
