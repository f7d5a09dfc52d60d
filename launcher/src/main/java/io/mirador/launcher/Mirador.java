package io.mirador.launcher;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code ./mirador} front door: one subcommand per thing a user does. The shell script builds
 * what is missing and then runs this main.
 */
public final class Mirador {
  private static final Map<String, Command> COMMANDS = new TreeMap<>();

  static {
    register(new UpCommand());
    register(new UpCommand.LoginLinkCommand());
    register(new PiiAuditCommand());
    register(new LabCommand());
    register(new LabRecordCommand());
    register(new PiiCorpusCommand());
    register(
        new HarnessCommand(
            "pii-eval",
            "measure PII detection on a presidio-format labelled file",
            "FILE",
            io.mirador.pii.eval.PiiEval::run));
    register(
        new HarnessCommand(
            "anomaly-eval",
            "Isolation Forest AUC on each .npz (ADBench layout) in DIR",
            "DIR",
            io.mirador.rca.eval.AnomalyEval::run));
    register(
        new HarnessCommand(
            "rca-eval",
            "root-cause ranking accuracy (AC@1, AC@3, Avg@5) on the fault cases in DIR"
                + " (a Nezha DIR is replayed through the core's ingest path first)",
            "DIR",
            io.mirador.rca.replay.RcaEvalCommand::run));
    register(
        new HarnessCommand(
            "detection-eval",
            "the detection loop's incidents against the faults in DIR: detected, delay, false"
                + " incidents (a Nezha DIR has its pod metrics replayed through the core first;"
                + " a fault-lab run DIR is replayed from its own store)",
            "DIR",
            io.mirador.rca.replay.DetectionEvalCommand::run));
  }

  private Mirador() {}

  static void register(Command command) {
    COMMANDS.put(command.name(), command);
  }

  public static void main(String[] args) {
    int code = run(List.of(args), System.out, System.err);
    if (code != Command.KEEP_RUNNING) {
      System.exit(code);
    }
  }

  /**
   * Runs {@code args}; returns the exit code, or {@link Command#KEEP_RUNNING} when the command
   * serves until the process is stopped.
   */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty() || args.getFirst().equals("help") || args.getFirst().equals("--help")) {
      usage(out);
      return args.isEmpty() ? 2 : 0;
    }
    Command command = COMMANDS.get(args.getFirst());
    if (command == null) {
      err.println("mirador: unknown command '" + args.getFirst() + "'");
      usage(err);
      return 2;
    }
    try {
      return command.run(args.subList(1, args.size()), out, err);
    } catch (UsageException e) {
      err.println("mirador " + command.name() + ": " + e.getMessage());
      err.println("usage: mirador " + command.name() + " " + command.usage());
      return 2;
    } catch (RuntimeException e) {
      // Messages of the store and the engine carry no telemetry; stack traces go to --debug.
      err.println("mirador " + command.name() + ": " + e.getMessage());
      if (Boolean.getBoolean("mirador.debug")) {
        e.printStackTrace(err);
      }
      return 1;
    }
  }

  private static void usage(PrintStream out) {
    out.println("usage: mirador <command> [options]");
    out.println();
    out.println("commands:");
    for (Command command : COMMANDS.values()) {
      out.printf("  %-13s %s%n", command.name(), command.summary());
    }
    out.printf("  %-13s %s%n", "test", "build and run every test (./mvnw verify)");
    out.printf(
        "  %-13s %s%n", "bundle", "build the signed offline bundles (offline-bundle/README.md)");
    out.println();
    out.println("Set MIRADOR_DATA to choose the data directory (default: var/data).");
  }

  /** A subcommand. */
  interface Command {
    /** Returned by a command that keeps serving until the process is stopped. */
    int KEEP_RUNNING = Integer.MIN_VALUE;

    String name();

    String summary();

    String usage();

    int run(List<String> args, PrintStream out, PrintStream err);
  }

  /** Bad arguments: reported with the command's usage, exit code 2. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** Parses {@code --name value} options and flags; anything else is a usage error. */
  static Map<String, String> options(List<String> args, List<String> valued, List<String> flags) {
    Map<String, String> options = new TreeMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (valued.contains(arg)) {
        if (i + 1 >= args.size()) {
          throw new UsageException(arg + " needs a value");
        }
        options.put(arg, args.get(++i));
      } else if (flags.contains(arg)) {
        options.put(arg, "true");
      } else {
        throw new UsageException(
            "unexpected argument '"
                + arg
                + "' (options: "
                + Arrays.toString(valued.toArray())
                + " "
                + flags
                + ")");
      }
    }
    return options;
  }
}
