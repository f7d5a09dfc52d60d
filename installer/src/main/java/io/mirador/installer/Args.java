package io.mirador.installer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options: {@code --name value}, {@code --flag}, repeatable {@code --port},
 * positionals.
 */
final class Args {
  final Map<String, String> options = new LinkedHashMap<>();
  final List<String> ports = new ArrayList<>();
  final List<String> positional = new ArrayList<>();

  static Args parse(List<String> args, Set<String> valued, Set<String> flags)
      throws InstallerException {
    Args a = new Args();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new InstallerException(InstallerException.USAGE, name + " needs a value");
          }
          value = args.get(++i);
        }
        if (name.equals("--port")) {
          a.ports.add(value);
        } else {
          a.options.put(name, value);
        }
      } else if (flags.contains(name) && value == null) {
        a.options.put(name, "true");
      } else if (arg.startsWith("-")) {
        throw new InstallerException(InstallerException.USAGE, "unknown option " + arg);
      } else {
        a.positional.add(arg);
      }
    }
    return a;
  }

  String get(String name) {
    return options.get(name);
  }

  String get(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  boolean flag(String name) {
    return options.containsKey(name);
  }
}
