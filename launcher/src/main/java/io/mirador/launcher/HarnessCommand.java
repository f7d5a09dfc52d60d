package io.mirador.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A subcommand that runs an evaluation harness on one file or directory and returns its exit code:
 * {@code pii-eval FILE}, {@code anomaly-eval DIR}, {@code rca-eval DIR}, {@code detection-eval
 * DIR}.
 */
final class HarnessCommand implements Mirador.Command {
  private final String name;
  private final String summary;
  private final String argument;
  private final BiFunction<Path, PrintStream, Integer> harness;

  HarnessCommand(
      String name,
      String summary,
      String argument,
      BiFunction<Path, PrintStream, Integer> harness) {
    this.name = name;
    this.summary = summary;
    this.argument = argument;
    this.harness = harness;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String summary() {
    return summary;
  }

  @Override
  public String usage() {
    return argument;
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.size() != 1) {
      throw new Mirador.UsageException("expects exactly one " + argument);
    }
    return harness.apply(Path.of(args.getFirst()), out);
  }
}
