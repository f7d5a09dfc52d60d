package io.mirador.rca.eval;

import io.mirador.rca.IsolationForestDetector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code anomaly-eval DIR}: fits the Isolation Forest on each .npz's {@code X} (unsupervised, as
 * the paper) and prints the AUC against {@code y}, averaged over fixed seeds.
 */
public final class AnomalyEval {
  static final long[] SEEDS = {1, 2, 3, 4, 5};

  private AnomalyEval() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: anomaly-eval DIR");
      System.exit(2);
    }
    System.exit(run(Path.of(args[0]), System.out));
  }

  /** Returns 0 when every data set was evaluated, 1 when some failed, 2 on a bad directory. */
  public static int run(Path dir, PrintStream out) {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".npz")).sorted().toList();
    } catch (IOException | RuntimeException e) {
      out.println("error: cannot list " + dir + ": " + e.getMessage());
      return 2;
    }
    if (files.isEmpty()) {
      out.println("error: no .npz files in " + dir);
      return 2;
    }
    int failures = 0;
    for (Path file : files) {
      String dataset = file.getFileName().toString().replaceFirst("\\.npz$", "");
      try {
        out.printf(Locale.ROOT, "%s auc=%.4f%n", dataset, evaluate(file));
      } catch (IOException | RuntimeException e) {
        out.println(dataset + " error=" + e.getMessage());
        failures++;
      }
    }
    return failures == 0 ? 0 : 1;
  }

  static double evaluate(Path file) throws IOException {
    Map<String, NpyArray> arrays = NpzReader.read(file);
    NpyArray xa = arrays.get("X");
    NpyArray ya = arrays.get("y");
    if (xa == null || ya == null) {
      throw new NpyFormatException("needs arrays X and y, has " + arrays.keySet());
    }
    double[][] x = xa.matrix("X");
    double[] y = ya.vector("y");
    if (x.length != y.length) {
      throw new NpyFormatException("X has " + x.length + " rows but y has " + y.length);
    }
    boolean[] anomaly = new boolean[y.length];
    for (int i = 0; i < y.length; i++) {
      if (y[i] != 0 && y[i] != 1) {
        throw new NpyFormatException("y[" + i + "] is " + y[i] + ", expected 0 or 1");
      }
      anomaly[i] = y[i] == 1;
    }
    double sum = 0;
    for (long seed : SEEDS) {
      sum += Auc.of(IsolationForestDetector.fit(x, seed).score(x), anomaly);
    }
    return sum / SEEDS.length;
  }
}
