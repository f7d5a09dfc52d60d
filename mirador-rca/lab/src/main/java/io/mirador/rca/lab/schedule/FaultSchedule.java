package io.mirador.rca.lab.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The seeded random schedule: types in rounds (each round every type once, in a shuffled order, so
 * every type gets cases however short the run), a random target where the type makes sense, a
 * random duration, gap and parameters. A type with no possible target in the topology is left out.
 */
public final class FaultSchedule {
  private FaultSchedule() {}

  public static List<PlannedFault> plan(ScheduleSettings settings, Topology topology) {
    Random random = new Random(settings.seed());
    List<FaultType> usable =
        settings.types().stream().filter(t -> !topology.targets(t).isEmpty()).toList();
    if (usable.isEmpty()) {
      throw new IllegalArgumentException(
          "no fault type of " + settings.types() + " has a target in the estate's topology");
    }
    List<PlannedFault> planned = new ArrayList<>();
    List<FaultType> round = new ArrayList<>();
    Duration total = Duration.ZERO;
    while (true) {
      if (settings.faults() > 0 && planned.size() == settings.faults()) {
        break;
      }
      if (round.isEmpty()) {
        round.addAll(usable);
        Collections.shuffle(round, random);
      }
      FaultType type = round.removeFirst();
      List<String> targets = topology.targets(type);
      String service = targets.get(random.nextInt(targets.size()));
      Duration gap = between(random, settings.shortestGap(), settings.longestGap());
      Duration duration = between(random, settings.shortestFault(), settings.longestFault());
      if (settings.faults() == 0
          && total.plus(gap).plus(duration).compareTo(settings.length()) > 0) {
        break;
      }
      total = total.plus(gap).plus(duration);
      planned.add(
          new PlannedFault(
              planned.size() + 1,
              type,
              service,
              topology.truth(type, service),
              gap,
              duration,
              type.drawParams(random)));
    }
    return List.copyOf(planned);
  }

  /** The planned time of the whole schedule (gaps and faults). */
  public static Duration length(List<PlannedFault> planned) {
    return planned.stream()
        .map(p -> p.gapBefore().plus(p.duration()))
        .reduce(Duration.ZERO, Duration::plus);
  }

  private static Duration between(Random random, Duration low, Duration high) {
    long span = high.toSeconds() - low.toSeconds();
    return low.plusSeconds(span == 0 ? 0 : random.nextLong(span + 1));
  }
}
