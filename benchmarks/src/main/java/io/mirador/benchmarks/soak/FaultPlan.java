package io.mirador.benchmarks.soak;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The faults of a run and when they start, in seconds after the load started: {@code
 * agent-kill@10,core-kill@30,core-pause@60:60,budget@125:15} ({@code kind@second[:seconds]}).
 */
record FaultPlan(List<Fault> faults) {
  enum Kind {
    /** SIGKILL the agent, restart it at once on the same data. */
    AGENT_KILL,
    /** SIGKILL the core, restart it at once on the same data. */
    CORE_KILL,
    /** SIGSTOP the core for the given seconds, then SIGCONT. */
    CORE_PAUSE,
    /**
     * The agent's disk budget exhausted: the agent restarted with a small queue budget, the core
     * paused for the given seconds so that the queue fills, then resumed; once the queue drained,
     * the agent restarted with its normal budget. Drops are expected only in this window.
     */
    BUDGET
  }

  record Fault(Kind kind, int atSecond, int seconds) {
    Fault {
      if (atSecond < 0 || seconds < 0) {
        throw new IllegalArgumentException("fault times must not be negative");
      }
      if ((kind == Kind.CORE_PAUSE || kind == Kind.BUDGET) && seconds == 0) {
        throw new IllegalArgumentException(
            name(kind) + ": give its duration (kind@second:seconds)");
      }
    }

    @Override
    public String toString() {
      return name(kind) + "@" + atSecond + (seconds > 0 ? ":" + seconds : "");
    }
  }

  FaultPlan {
    faults = faults.stream().sorted(Comparator.comparingInt(Fault::atSecond)).toList();
  }

  /** Each fault once, in about three minutes (the CI run). */
  static FaultPlan ci() {
    return parse("agent-kill@10,core-kill@30,core-pause@55:60,budget@120:30");
  }

  /** The 30-minute record: faults in the first half, the second half steady for the trend. */
  static FaultPlan record() {
    return parse("agent-kill@120,core-kill@240,core-pause@420:60,budget@600:90");
  }

  static FaultPlan parse(String spec) {
    List<Fault> faults = new ArrayList<>();
    if (spec.isBlank() || spec.equals("none")) {
      return new FaultPlan(faults);
    }
    for (String item : spec.split(",")) {
      String[] at = item.strip().split("@");
      if (at.length != 2) {
        throw new IllegalArgumentException("fault '" + item + "': expected kind@second[:seconds]");
      }
      Kind kind;
      try {
        kind = Kind.valueOf(at[0].toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "fault kind '" + at[0] + "': one of agent-kill, core-kill, core-pause, budget", e);
      }
      String[] times = at[1].split(":");
      try {
        faults.add(
            new Fault(
                kind,
                Integer.parseInt(times[0]),
                times.length > 1 ? Integer.parseInt(times[1]) : 0));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("fault '" + item + "': times are whole seconds", e);
      }
    }
    return new FaultPlan(faults);
  }

  static String name(Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public String toString() {
    return faults.isEmpty()
        ? "none"
        : String.join(",", faults.stream().map(Fault::toString).toList());
  }
}
