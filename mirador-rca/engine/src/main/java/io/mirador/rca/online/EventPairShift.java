package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.CodePathFirst;
import io.mirador.rca.Finding;
import io.mirador.rca.PatternShift;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Event pairs of a baseline and a window as {@link PatternShift} counts: for each service and
 * event, how often it occurred (the sum over what followed it) and how often each next event
 * followed it. A pair seen in one window only counts 0 in the other.
 */
public final class EventPairShift {
  /**
   * Fewest occurrences of an event in each window for what follows it to count: below 5, one
   * request more or less moves a share by 20 % or more.
   */
  public static final long MIN_OCCURRENCES = 5;

  private EventPairShift() {}

  public static List<PatternShift.Counts> counts(
      List<EventPairMinute> baseline, List<EventPairMinute> window) {
    requireNonNull(baseline, "baseline");
    requireNonNull(window, "window");
    Map<List<String>, long[]> sources = new HashMap<>();
    Map<List<String>, long[]> pairs = new TreeMap<>(Comparator.comparing(List::toString));
    baseline.forEach(p -> add(sources, pairs, p, 0));
    window.forEach(p -> add(sources, pairs, p, 1));
    List<PatternShift.Counts> out = new ArrayList<>(pairs.size());
    pairs.forEach(
        (key, n) -> {
          long[] total = sources.get(key.subList(0, 2));
          out.add(
              new PatternShift.Counts(
                  key.get(0), key.get(1), key.get(2), total[0], n[0], total[1], n[1]));
        });
    return out;
  }

  /** How the size of a significant change is measured. */
  public enum Size {
    /** |z|: larger for the same change of share when the event is more frequent. */
    Z,
    /** The absolute change of the share itself, whatever the counts. */
    SHARE
  }

  /** Each service's largest |z| ({@link PatternShift#scores}) over events seen often enough. */
  public static Map<String, Double> scores(List<PatternShift.Counts> counts) {
    return PatternShift.scores(counts, MIN_OCCURRENCES);
  }

  /**
   * The services with a significant change (|z| of at least {@link CodePathFirst#SIGNIFICANT_Z} on
   * events seen often enough), each with the size of its largest significant change.
   */
  public static Map<String, Double> significant(List<PatternShift.Counts> counts, Size size) {
    requireNonNull(counts, "counts");
    requireNonNull(size, "size");
    Map<String, Double> out = new TreeMap<>();
    for (PatternShift.Counts c : counts) {
      if (!significant(c)) {
        continue;
      }
      double value =
          size == Size.Z
              ? Math.abs(c.z())
              : Math.abs(
                  (double) c.incidentWithEvent() / c.incidentSpans()
                      - (double) c.baselineWithEvent() / c.baselineSpans());
      out.merge(c.service(), value, Math::max);
    }
    return out;
  }

  private static boolean significant(PatternShift.Counts c) {
    return c.baselineSpans() >= MIN_OCCURRENCES
        && c.incidentSpans() >= MIN_OCCURRENCES
        && Math.abs(c.z()) >= CodePathFirst.SIGNIFICANT_Z;
  }

  /**
   * Each changed service's significant changes ({@link CodePathFirst#SIGNIFICANT_Z}), largest |z|
   * first, at most {@code limit} a service; a service without any is absent.
   */
  public static Map<String, List<Finding.CodePathEvidence>> evidence(
      List<PatternShift.Counts> counts, int limit) {
    requireNonNull(counts, "counts");
    return counts.stream()
        .filter(EventPairShift::significant)
        .sorted(Comparator.comparingDouble((PatternShift.Counts c) -> -Math.abs(c.z())))
        .collect(
            Collectors.groupingBy(
                PatternShift.Counts::service,
                TreeMap::new,
                Collectors.collectingAndThen(
                    Collectors.mapping(EventPairShift::evidence, Collectors.toList()),
                    l -> List.copyOf(l.subList(0, Math.min(limit, l.size()))))));
  }

  private static Finding.CodePathEvidence evidence(PatternShift.Counts c) {
    return new Finding.CodePathEvidence(
        c.operation(),
        c.event(),
        c.baselineSpans(),
        (double) c.baselineWithEvent() / c.baselineSpans(),
        c.incidentSpans(),
        (double) c.incidentWithEvent() / c.incidentSpans(),
        c.z());
  }

  private static void add(
      Map<List<String>, long[]> sources,
      Map<List<String>, long[]> pairs,
      EventPairMinute p,
      int window) {
    sources.computeIfAbsent(List.of(p.service(), p.source()), k -> new long[2])[window] +=
        p.count();
    pairs.computeIfAbsent(List.of(p.service(), p.source(), p.target()), k -> new long[2])[window] +=
        p.count();
  }
}
