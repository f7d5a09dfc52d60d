package io.mirador.rca.replay;

import io.mirador.rca.eval.DetectionEval;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code detection-eval DIR [VARIANT]}: a Nezha directory (with {@code fault_list.json}) has its
 * pod metrics replayed into a fresh store and the detection loop run over the day ({@link
 * NezhaDetection}); a fault-lab run directory (with {@code run.json} and {@code cases.jsonl}) has
 * the loop replayed over its own store and scored with the lab's rules ({@link LabDetectionEval});
 * any other directory goes to the engine's own harness ({@link DetectionEval}, the sockshop-rcd
 * layout).
 */
public final class DetectionEvalCommand {
  private DetectionEvalCommand() {}

  public static void main(String[] args) {
    if (args.length < 1 || args.length > 2) {
      System.err.println(
          "usage: detection-eval DIR [VARIANT[,VARIANT...]] (variants: "
              + Arrays.toString(DetectionEval.Variant.values())
              + ")");
      System.exit(2);
    }
    List<DetectionEval.Variant> variants;
    try {
      // A comma-separated list runs each variant over one replay of the data.
      variants =
          args.length == 2
              ? VariantList.parse(DetectionEval.Variant.class, args[1], false).stream()
                  .distinct()
                  .toList()
              : List.of(DetectionEval.Variant.DEFAULT);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(run(Path.of(args[0]), System.out, variants));
  }

  /** The launcher's {@code detection-eval DIR}: default settings for either layout. */
  public static int run(Path dir, PrintStream out) {
    return run(dir, out, DetectionEval.Variant.DEFAULT);
  }

  static int run(Path dir, PrintStream out, DetectionEval.Variant variant) {
    return run(dir, out, List.of(variant));
  }

  static int run(Path dir, PrintStream out, List<DetectionEval.Variant> variants) {
    if (NezhaEval.accepts(dir)) {
      return NezhaDetection.run(dir, out, variants);
    }
    if (LabEval.accepts(dir)) {
      return LabDetectionEval.run(dir, variants, out);
    }
    int rc = 0;
    for (DetectionEval.Variant variant : variants) {
      rc = Math.max(rc, DetectionEval.run(dir, out, variant));
    }
    return rc;
  }
}
