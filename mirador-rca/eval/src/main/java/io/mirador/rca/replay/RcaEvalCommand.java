package io.mirador.rca.replay;

import io.mirador.rca.eval.RcaEval;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code rca-eval DIR [VARIANT]}: a Nezha directory (with {@code fault_list.json}) is replayed
 * through OTLP into a fresh store and ranked from the store's features ({@link NezhaEval}); a
 * fault-lab run directory (with {@code cases.jsonl} and {@code run.json}) is re-ranked from the
 * store it kept ({@link LabEval}); any other directory goes to the engine's own harness ({@link
 * RcaEval}, the sockshop-rcd layout).
 */
public final class RcaEvalCommand {
  private RcaEvalCommand() {}

  public static void main(String[] args) {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: rca-eval DIR [VARIANT]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    if (LabEval.accepts(dir)) {
      try {
        System.exit(
            LabEval.run(
                dir,
                args.length == 2
                    ? LabEval.variants(args[1])
                    : List.of(NezhaFeatures.Variant.DEFAULT),
                System.out));
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        System.exit(2);
      }
      return;
    }
    if (args.length == 2 && NezhaEval.accepts(dir)) {
      List<NezhaFeatures.Variant> variants;
      try {
        variants = VariantList.parse(NezhaFeatures.Variant.class, args[1], true);
      } catch (IllegalArgumentException e) {
        System.err.println(e.getMessage());
        System.exit(2);
        return;
      }
      // One name prints the harness's summary lines; a list or ALL, one table over one replay.
      boolean one = variants.size() == 1 && !args[1].strip().equalsIgnoreCase("all");
      System.exit(
          one
              ? NezhaEval.run(dir, System.out, variants.getFirst())
              : NezhaEval.run(dir, System.out, variants));
    }
    if (args.length == 2) {
      RcaEval.main(args);
      return;
    }
    System.exit(run(dir, System.out));
  }

  /** The launcher's {@code rca-eval DIR}: default settings for either layout. */
  public static int run(Path dir, PrintStream out) {
    if (LabEval.accepts(dir)) {
      return LabEval.run(dir, List.of(NezhaFeatures.Variant.DEFAULT), out);
    }
    return NezhaEval.accepts(dir) ? NezhaEval.run(dir, out) : RcaEval.run(dir, out);
  }
}
