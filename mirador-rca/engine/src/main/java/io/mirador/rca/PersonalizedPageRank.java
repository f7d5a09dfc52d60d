package io.mirador.rca;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Random walk with restart that moves from callers towards their callees (the reverse of the way a
 * fault propagates), each step preferring the more anomalous neighbour, and restarts in proportion
 * to the anomaly scores. A callee whose deviation explains its callers' collects their mass.
 */
final class PersonalizedPageRank {
  static final double RESTART = 0.15;
  private static final int MAX_ITERATIONS = 200;
  private static final double TOLERANCE = 1e-12;

  private PersonalizedPageRank() {}

  static Map<String, Double> rank(CallGraph graph, Map<String, Double> anomaly) {
    requireNonNull(graph, "graph");
    requireNonNull(anomaly, "anomaly");
    var nodes = new ArrayList<String>(graph.services());
    anomaly.keySet().stream().filter(s -> !graph.services().contains(s)).forEach(nodes::add);
    int n = nodes.size();
    var index = new HashMap<String, Integer>();
    for (int i = 0; i < n; i++) {
      index.put(nodes.get(i), i);
    }
    double[] a = new double[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      a[i] = Math.max(0, anomaly.getOrDefault(nodes.get(i), 0.0));
      total += a[i];
    }
    double[] restart = new double[n];
    for (int i = 0; i < n; i++) {
      restart[i] = total > 0 ? a[i] / total : 1.0 / n;
    }
    // Out-edges: each callee weighted by its anomaly, plus a self-loop weighted by the node's own
    // anomaly, so an anomalous service whose callees are healthy keeps its mass.
    List<int[]> targets = new ArrayList<>(n);
    List<double[]> weights = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      var callees = new ArrayList<>(graph.callees(nodes.get(i)));
      int[] t = new int[callees.size() + 1];
      double[] w = new double[t.length];
      double sum = 0;
      for (int k = 0; k < callees.size(); k++) {
        t[k] = index.get(callees.get(k));
        w[k] = a[t[k]] + 1e-9;
        sum += w[k];
      }
      t[t.length - 1] = i;
      w[t.length - 1] = a[i] + 1e-9;
      sum += w[t.length - 1];
      for (int k = 0; k < w.length; k++) {
        w[k] /= sum;
      }
      targets.add(t);
      weights.add(w);
    }
    double[] p = restart.clone();
    for (int it = 0; it < MAX_ITERATIONS; it++) {
      double[] next = new double[n];
      for (int i = 0; i < n; i++) {
        next[i] += RESTART * restart[i];
        int[] t = targets.get(i);
        double[] w = weights.get(i);
        for (int k = 0; k < t.length; k++) {
          next[t[k]] += (1 - RESTART) * p[i] * w[k];
        }
      }
      double delta = 0;
      for (int i = 0; i < n; i++) {
        delta += Math.abs(next[i] - p[i]);
      }
      p = next;
      if (delta < TOLERANCE) {
        break;
      }
    }
    var out = new LinkedHashMap<String, Double>();
    for (int i = 0; i < n; i++) {
      out.put(nodes.get(i), p[i]);
    }
    return out;
  }
}
