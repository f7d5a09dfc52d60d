package io.mirador.rca.replay;

import io.mirador.rca.eval.RcaEval;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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
    if (args.length == 2 && NezhaEval.accepts(dir) && args[1].equalsIgnoreCase("all")) {
      System.exit(NezhaEval.run(dir, System.out, List.of(NezhaFeatures.Variant.values())));
    }
    if (args.length == 2 && NezhaEval.accepts(dir) && args[1].contains(",")) {
      List<NezhaFeatures.Variant> variants =
          Arrays.stream(args[1].split(","))
              .map(v -> NezhaFeatures.Variant.valueOf(v.strip().toUpperCase(Locale.ROOT)))
              .toList();
      System.exit(NezhaEval.run(dir, System.out, variants));
    }
    if (args.length == 2 && NezhaEval.accepts(dir)) {
      NezhaFeatures.Variant variant;
      try {
        variant = NezhaFeatures.Variant.valueOf(args[1].toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        System.err.println(
            "unknown variant "
                + args[1]
                + ", expected one of "
                + Arrays.toString(NezhaFeatures.Variant.values()));
        System.exit(2);
        return;
      }
      System.exit(NezhaEval.run(dir, System.out, variant));
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
