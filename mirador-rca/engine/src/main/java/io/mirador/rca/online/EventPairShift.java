package io.mirador.rca.online;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.CodePathFirst;
import io.mirador.rca.Finding;
import io.mirador.rca.FisherExact;
import io.mirador.rca.PatternShift;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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

  /** Lowest OpenTelemetry severity number of an error (17-20 ERROR, 21-24 FATAL). */
  static final int ERROR_SEVERITY = 17;

  /**
   * The counts without the events that recovered: an event whose next events included an error (a
   * log record of ERROR severity or more, or a span event {@code exception}) in the baseline and
   * none in the window. A service getting better is not the cause of a new incident, yet its shares
   * moved (the error branch is gone, the normal one is back to always); with earlier faults lasting
   * into the baseline, that recovery otherwise ranks as a change.
   */
  public static List<PatternShift.Counts> withoutRecoveries(List<PatternShift.Counts> counts) {
    requireNonNull(counts, "counts");
    Map<List<String>, long[]> errors = new HashMap<>();
    for (PatternShift.Counts c : counts) {
      if (isError(c.event())) {
        long[] n = errors.computeIfAbsent(List.of(c.service(), c.operation()), k -> new long[2]);
        n[0] += c.baselineWithEvent();
        n[1] += c.incidentWithEvent();
      }
    }
    return counts.stream()
        .filter(
            c -> {
              long[] n = errors.get(List.of(c.service(), c.operation()));
              return n == null || n[0] == 0 || n[1] > 0;
            })
        .toList();
  }

  /** Whether an event (as the core names them: {@code log <severity> ...}) reports an error. */
  static boolean isError(String event) {
    if (event.equals("event exception")) {
      return true;
    }
    if (!event.startsWith("log ")) {
      return false;
    }
    int end = event.indexOf(' ', 4);
    String number = end < 0 ? event.substring(4) : event.substring(4, end);
    try {
      return Integer.parseInt(number) >= ERROR_SEVERITY;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** How the size of a significant change is measured. */
  public enum Size {
    /** |z|: larger for the same change of share when the event is more frequent. */
    Z,
    /** The absolute change of the share itself, whatever the counts. */
    SHARE
  }

  /** How a change of share is tested, and how strong it is. */
  public enum Test {
    /**
     * The two-proportion z statistic, significant at |z| >= {@link CodePathFirst#SIGNIFICANT_Z}.
     */
    Z,
    /**
     * The same z with Yates' continuity correction (the difference of shares less half a count in
     * each window): less eager on a handful of occurrences.
     */
    Z_CORRECTED,
    /**
     * Fisher's exact test; strength -ln p, significant at the two-sided three-sigma p ({@link
     * FisherExact#THREE_SIGMA_P}).
     */
    FISHER,
    /**
     * {@link #FISHER} without {@link #MIN_OCCURRENCES}: an exact test needs no large-sample gate,
     * its p-value already says how little a handful of occurrences can show.
     */
    FISHER_ANY_COUNT;

    /** Fewest occurrences of an event in each window for what follows it to be tested. */
    long minOccurrences() {
      return this == FISHER_ANY_COUNT ? 1 : MIN_OCCURRENCES;
    }

    /** The change's strength on this test's scale (larger is stronger). */
    double strength(PatternShift.Counts c) {
      return switch (this) {
        case Z -> Math.abs(c.z());
        case Z_CORRECTED -> Math.abs(c.zCorrected());
        case FISHER, FISHER_ANY_COUNT ->
            -FisherExact.logTwoSidedP(
                c.incidentWithEvent(),
                c.incidentSpans() - c.incidentWithEvent(),
                c.baselineWithEvent(),
                c.baselineSpans() - c.baselineWithEvent());
      };
    }

    /** The strength at which a change is significant: three sigma on every scale. */
    double threshold() {
      return this == FISHER || this == FISHER_ANY_COUNT
          ? -Math.log(FisherExact.THREE_SIGMA_P)
          : CodePathFirst.SIGNIFICANT_Z;
    }
  }

  /** Each service's largest |z| ({@link PatternShift#scores}) over events seen often enough. */
  public static Map<String, Double> scores(List<PatternShift.Counts> counts) {
    return PatternShift.scores(counts, MIN_OCCURRENCES);
  }

  /**
   * The changes significant on {@code test}, tested once: the ranking reads the changed services,
   * the failing ones and the evidence from the same result.
   */
  public static Changes changes(List<PatternShift.Counts> counts, Test test) {
    requireNonNull(counts, "counts");
    requireNonNull(test, "test");
    List<Change> out = new ArrayList<>();
    for (PatternShift.Counts c : counts) {
      if (c.baselineSpans() < test.minOccurrences() || c.incidentSpans() < test.minOccurrences()) {
        continue;
      }
      double strength = test.strength(c);
      if (strength >= test.threshold()) {
        out.add(new Change(c, strength));
      }
    }
    // Each strength is computed once: an exact test costs a sum over the possible tables, too much
    // to repeat in a sort's comparisons.
    out.sort(Comparator.comparingDouble((Change c) -> -c.strength()));
    return new Changes(List.copyOf(out));
  }

  /** A change significant on a test, with its strength on that test. */
  private record Change(PatternShift.Counts counts, double strength) {}

  /** The changes significant on one test, strongest first ({@link #changes}). */
  public static final class Changes {
    private final List<Change> strongestFirst;

    private Changes(List<Change> strongestFirst) {
      this.strongestFirst = strongestFirst;
    }

    /**
     * Each changed service with the size of its largest change: the test's strength ({@link
     * Size#Z}) or the absolute change of share.
     */
    public Map<String, Double> largest(Size size) {
      requireNonNull(size, "size");
      Map<String, Double> out = new TreeMap<>();
      for (Change change : strongestFirst) {
        PatternShift.Counts c = change.counts();
        double value = size == Size.Z ? change.strength() : Math.abs(c.shareChange());
        out.merge(c.service(), value, Math::max);
      }
      return out;
    }

    /**
     * The services whose code now fails or stops short where it did not: a change that raises how
     * often an event is followed by an error ({@link #isError}) or by the end of its span. A
     * request taking another normal branch (a different log line) is neither.
     */
    public Set<String> failing() {
      Set<String> out = new TreeSet<>();
      for (Change change : strongestFirst) {
        PatternShift.Counts c = change.counts();
        if ((isError(c.event()) || c.event().startsWith("end ")) && c.shareChange() > 0) {
          out.add(c.service());
        }
      }
      return out;
    }

    /**
     * For each failing service ({@link #failing}), the services of {@code candidates} (its callees)
     * that the log records and span events of its failing changes name (not a span's start or end,
     * whose text is its route): the name as a whole word of the event's text (letters, digits,
     * {@code _} and {@code -} do not continue it), as error messages name the dependency whose
     * answer they could not use ({@code "payment answered 503"}, {@code "timeout calling
     * payment"}).
     */
    public Map<String, Set<String>> named(
        java.util.function.Function<String, Set<String>> candidates) {
      requireNonNull(candidates, "candidates");
      Map<String, Set<String>> out = new TreeMap<>();
      for (Change change : strongestFirst) {
        PatternShift.Counts c = change.counts();
        if (!((isError(c.event()) || c.event().startsWith("end ")) && c.shareChange() > 0)) {
          continue;
        }
        for (String text : List.of(c.operation(), c.event())) {
          // Only what the code said: a span's start and end carry its route, which names the
          // resource it serves ("GET /api/cart"), not the dependency that failed it.
          if (!text.startsWith("log ") && !text.startsWith("event ")) {
            continue;
          }
          for (String callee : candidates.apply(c.service())) {
            if (namesService(text, callee)) {
              out.computeIfAbsent(c.service(), k -> new TreeSet<>()).add(callee);
            }
          }
        }
      }
      return out;
    }

    /**
     * Each changed service's changes, strongest first, at most {@code limit} a service; a service
     * without any is absent.
     */
    public Map<String, List<Finding.CodePathEvidence>> evidence(int limit) {
      return strongestFirst.stream()
          .map(Change::counts)
          .collect(
              Collectors.groupingBy(
                  PatternShift.Counts::service,
                  TreeMap::new,
                  Collectors.collectingAndThen(
                      Collectors.mapping(EventPairShift::evidence, Collectors.toList()),
                      l -> List.copyOf(l.subList(0, Math.min(limit, l.size()))))));
    }
  }

  /** Whether {@code text} holds {@code service} as a whole word (see {@link Changes#named}). */
  static boolean namesService(String text, String service) {
    if (service.isEmpty()) {
      return false;
    }
    for (int at = text.indexOf(service); at >= 0; at = text.indexOf(service, at + 1)) {
      int end = at + service.length();
      if ((at == 0 || !continuesName(text.charAt(at - 1)))
          && (end == text.length() || !continuesName(text.charAt(end)))) {
        return true;
      }
    }
    return false;
  }

  private static boolean continuesName(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-';
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
