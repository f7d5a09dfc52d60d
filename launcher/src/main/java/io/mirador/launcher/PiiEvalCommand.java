package io.mirador.launcher;

import io.mirador.pii.eval.PiiEval;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code mirador pii-eval FILE}: detector recall and precision on a labelled file. */
final class PiiEvalCommand implements Mirador.Command {

  @Override
  public String name() {
    return "pii-eval";
  }

  @Override
  public String summary() {
    return "measure PII detection on a presidio-format labelled file";
  }

  @Override
  public String usage() {
    return "FILE";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.size() != 1) {
      throw new Mirador.UsageException("expects exactly one FILE");
    }
    return PiiEval.run(Path.of(args.getFirst()), out);
  }
}
