package io.mirador.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * systemd's system call groups ({@code @system-service}, ...) as this machine's systemd defines
 * them, expanded to system call names, and a unit's {@code SystemCallFilter=} lines turned into the
 * allow-list they mean.
 */
final class SystemCallGroups {
  private final Map<String, List<String>> groups;

  private SystemCallGroups(Map<String, List<String>> groups) {
    this.groups = groups;
  }

  /** Reads the groups from {@code systemd-analyze syscall-filter}. */
  static SystemCallGroups load(Path systemdAnalyze) {
    ExternalTool.Result result =
        ExternalTool.run(
            List.of(systemdAnalyze.toString(), "syscall-filter", "--no-pager"),
            Duration.ofSeconds(30));
    if (result.exitCode() != 0) {
      throw new AssertionError("systemd-analyze syscall-filter failed: " + result.stderr());
    }
    Map<String, List<String>> groups = new HashMap<>();
    List<String> current = null;
    for (String line : result.stdout().split("\n")) {
      String s = line.strip();
      if (line.startsWith("@")) {
        current = new java.util.ArrayList<>();
        groups.put(s, current);
      } else if (current != null && !s.isEmpty() && !s.startsWith("#")) {
        current.add(s);
      }
    }
    return new SystemCallGroups(groups);
  }

  /** The system calls of a name: a group (recursively) or a single call. */
  Set<String> expand(String name) {
    Set<String> calls = new TreeSet<>();
    expand(name, calls, new TreeSet<>());
    return calls;
  }

  private void expand(String name, Set<String> into, Set<String> seen) {
    if (!name.startsWith("@")) {
      into.add(name);
      return;
    }
    List<String> members = groups.get(name);
    if (members == null) {
      throw new AssertionError("systemd does not know the group " + name);
    }
    if (seen.add(name)) {
      members.forEach(m -> expand(m, into, seen));
    }
  }

  /**
   * The allow-list that a unit's {@code SystemCallFilter=} assignments mean: the first one lists
   * what is allowed; each later one starting with {@code ~} removes calls from it.
   */
  Set<String> allowList(List<String> assignments) {
    if (assignments.isEmpty() || assignments.get(0).startsWith("~")) {
      throw new AssertionError("the filter must start with an allow-list: " + assignments);
    }
    Set<String> allowed = new TreeSet<>();
    for (String assignment : assignments) {
      boolean deny = assignment.startsWith("~");
      for (String name : (deny ? assignment.substring(1) : assignment).strip().split("\\s+")) {
        if (deny) {
          allowed.removeAll(expand(name));
        } else {
          allowed.addAll(expand(name));
        }
      }
    }
    return allowed;
  }
}
