package io.mirador.launcher;

import io.mirador.rca.lab.record.LabRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./mirador lab-record [--out FILE] RUN_DIR...}: the fault lab's record composed from
 * several finished runs (the 60 faults take longer than one sitting), with the goals
 * checked on the whole.
 */
final class LabRecordCommand implements Mirador.Command {
  @Override
  public String name() {
    return "lab-record";
  }

  @Override
  public String summary() {
    return "compose the fault lab's record from finished runs and check the goals on it";
  }

  @Override
  public String usage() {
    return "[--out FILE] RUN_DIR...";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) {
    Path file = null;
    List<Path> dirs = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--out")) {
        if (i + 1 >= args.size()) {
          throw new Mirador.UsageException("--out needs a FILE");
        }
        file = Path.of(args.get(++i));
      } else if (a.startsWith("--")) {
        throw new Mirador.UsageException("unknown option " + a);
      } else {
        dirs.add(Path.of(a));
      }
    }
    if (dirs.isEmpty()) {
      throw new Mirador.UsageException("expects at least one RUN_DIR");
    }
    try {
      LabRecord.compose(dirs, file).forEach(out::println);
      if (file != null) {
        out.println("record written to " + file);
      }
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
