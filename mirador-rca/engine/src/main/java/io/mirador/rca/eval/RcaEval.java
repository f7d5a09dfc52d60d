package io.mirador.rca.eval;

import io.mirador.rca.Finding;
import io.mirador.rca.RootCauseRanker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code rca-eval DIR}: ranks the services of every labelled case and prints AC@1, AC@3 and Avg@5.
 */
public final class RcaEval {
  /** A ranking set-up measured on the data; {@link #DEFAULT} is what the product uses. */
  public enum Variant {
    BARO(RootCauseRanker.Scoring.ROBUST_DEVIATION, SockShopCase.Mapping.OWNER, false),
    BARO_PAGERANK(RootCauseRanker.Scoring.ROBUST_DEVIATION, SockShopCase.Mapping.OWNER, false),
    IFOREST_PAGERANK(RootCauseRanker.Scoring.ISOLATION_FOREST, SockShopCase.Mapping.OWNER, false),
    BARO_ABSOLUTE(
        RootCauseRanker.Scoring.ROBUST_DEVIATION_ABSOLUTE, SockShopCase.Mapping.OWNER, false),
    BARO_CONTAINERS(
        RootCauseRanker.Scoring.ROBUST_DEVIATION, SockShopCase.Mapping.CONTAINER, false),
    BARO_RESOURCES(RootCauseRanker.Scoring.ROBUST_DEVIATION, SockShopCase.Mapping.OWNER, true),
    NSIGMA(RootCauseRanker.Scoring.N_SIGMA, SockShopCase.Mapping.OWNER, false),
    IFOREST(RootCauseRanker.Scoring.ISOLATION_FOREST, SockShopCase.Mapping.OWNER, false);

    public static final Variant DEFAULT = BARO;

    final RootCauseRanker.Scoring scoring;
    final SockShopCase.Mapping mapping;
    final boolean resourcesOnly;

    Variant(RootCauseRanker.Scoring scoring, SockShopCase.Mapping mapping, boolean resourcesOnly) {
      this.scoring = scoring;
      this.mapping = mapping;
      this.resourcesOnly = resourcesOnly;
    }
  }

  private RcaEval() {}

  public static void main(String[] args) {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: rca-eval DIR [" + List.of(Variant.values()) + "]");
      System.exit(2);
    }
    Variant variant;
    try {
      variant =
          args.length == 2 ? Variant.valueOf(args[1].toUpperCase(Locale.ROOT)) : Variant.DEFAULT;
    } catch (IllegalArgumentException e) {
      System.err.println(
          "unknown variant " + args[1] + ", expected one of " + List.of(Variant.values()));
      System.exit(2);
      return;
    }
    System.exit(run(Path.of(args[0]), System.out, variant));
  }

  public static int run(Path dir, PrintStream out) {
    return run(dir, out, Variant.DEFAULT);
  }

  /** Returns 0 when every case was ranked, 1 when some failed, 2 when DIR is not usable here. */
  public static int run(Path dir, PrintStream out, Variant variant) {
    if (Files.isRegularFile(dir.resolve("fault_list.json"))) {
      out.println(
          "error: "
              + dir
              + " has the Nezha layout; it is replayed through the core's ingest path by"
              + " mirador-rca-eval (io.mirador.rca.replay.RcaEvalCommand, the launcher's rca-eval),"
              + " not by the engine alone");
      return 2;
    }
    Optional<List<Path>> listed = SockShopCase.runsForHarness(dir, out, "");
    if (listed.isEmpty()) {
      return 2;
    }
    List<Path> runs = listed.get();
    RootCauseRanker ranker =
        variant.name().endsWith("_PAGERANK")
            ? RootCauseRanker.withGraph(variant.scoring, SockShopCase.topology())
            : RootCauseRanker.of(variant.scoring);
    TopKAccuracy accuracy = new TopKAccuracy();
    for (Path run : runs) {
      try {
        SockShopCase c = SockShopCase.load(run);
        Finding finding =
            ranker.rank(
                c.metrics(variant.mapping, variant.resourcesOnly), c.window(), Optional.empty());
        List<String> top5 =
            accuracy.record(
                c.truth(), finding.causes().stream().map(Finding.Cause::service).toList());
        out.println("case=" + c.id() + " truth=" + c.truth() + " top5=" + String.join(",", top5));
      } catch (IOException | RuntimeException e) {
        out.println("case=" + dir.relativize(run) + " error=" + e.getMessage());
        accuracy.failed();
      }
    }
    return accuracy.printSummary(out);
  }
}
