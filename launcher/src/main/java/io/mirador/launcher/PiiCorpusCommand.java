package io.mirador.launcher;

import io.mirador.pii.eval.GeneratedCorpus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code mirador pii-corpus OUT.json [--seed N]}: writes the PII module's generated labelled corpus
 * (presidio-research format) so that {@code mirador pii-eval OUT.json} can score it, or another
 * tool can. The same seed always gives the same file.
 */
final class PiiCorpusCommand implements Mirador.Command {
  @Override
  public String name() {
    return "pii-corpus";
  }

  @Override
  public String summary() {
    return "write the generated labelled PII corpus (cards, phones, e-mail, IBAN, SSN, IP, negatives)";
  }

  @Override
  public String usage() {
    return "OUT.json [--seed N]";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty() || args.getFirst().startsWith("--")) {
      throw new Mirador.UsageException("expects the output file first");
    }
    Map<String, String> options =
        Mirador.options(args.subList(1, args.size()), List.of("--seed"), List.of());
    long seed = GeneratedCorpus.DEFAULT_SEED;
    if (options.containsKey("--seed")) {
      try {
        seed = Long.parseLong(options.get("--seed"));
      } catch (NumberFormatException e) {
        throw new Mirador.UsageException("--seed must be an integer");
      }
    }
    Path file = Path.of(args.getFirst());
    if (Files.isDirectory(file)) {
      err.println("mirador pii-corpus: " + file + " is a directory");
      return 2;
    }
    try {
      int samples = GeneratedCorpus.write(file, seed);
      out.println("wrote " + samples + " samples (seed " + seed + ") to " + file);
      return 0;
    } catch (IOException e) {
      err.println("mirador pii-corpus: cannot write " + file + ": " + e.getMessage());
      return 1;
    }
  }
}
