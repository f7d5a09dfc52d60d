package io.mirador.launcher;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs one {@code mirador} subcommand in-process and keeps what it printed. */
final class CliRun {
  private final String command;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  CliRun(String command) {
    this.command = command;
  }

  int run(String... args) {
    List<String> all = new ArrayList<>(List.of(command));
    all.addAll(List.of(args));
    return Mirador.run(
        all,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
