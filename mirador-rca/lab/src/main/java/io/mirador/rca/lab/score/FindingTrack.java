package io.mirador.rca.lab.score;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One finding as the lab saw it over the run (polled every few seconds): when the incident began
 * ({@code openedAt}), when the loop opened it ({@code detectedAt}), when the lab first saw it, and
 * for every service that was ever one of the incident's services, when it was first seen there and
 * its rank among the finding's causes at that moment (1 = first, 0 = not among the causes).
 *
 * <p>Separately, for every service the finding ever <em>showed</em> (one of the incident's services
 * or among its first {@link #SHOWN_CAUSES} ranked causes: what a person reading the finding page
 * sees), when it first did and its rank then. The two are kept apart: {@link #gained} is the lab's
 * primary detection figure and does not depend on the ranking.
 */
public final class FindingTrack {
  /** A service counts as shown when it is among this many first causes of the finding. */
  public static final int SHOWN_CAUSES = 3;

  /** A service first seen in the finding at {@code at}, ranked {@code rank} then. */
  public record Sighting(Instant at, int rank) {}

  private final String id;
  private final Instant openedAt;
  private final Instant detectedAt;
  private final Instant firstSeen;
  private final Map<String, Sighting> held = new LinkedHashMap<>();
  private final Map<String, Sighting> shown = new LinkedHashMap<>();

  public FindingTrack(String id, Instant openedAt, Instant detectedAt, Instant firstSeen) {
    this.id = requireNonNull(id, "id");
    this.openedAt = requireNonNull(openedAt, "openedAt");
    this.detectedAt = detectedAt;
    this.firstSeen = requireNonNull(firstSeen, "firstSeen");
  }

  /** Records one sighting: the incident's services and the ranked causes at {@code at}. */
  public void saw(Instant at, List<String> services, List<String> rankedCauses) {
    for (String service : services) {
      held.computeIfAbsent(service, s -> new Sighting(at, rankedCauses.indexOf(s) + 1));
      shown.computeIfAbsent(service, s -> new Sighting(at, rankedCauses.indexOf(s) + 1));
    }
    List<String> first = rankedCauses.subList(0, Math.min(SHOWN_CAUSES, rankedCauses.size()));
    for (String cause : first) {
      shown.computeIfAbsent(cause, s -> new Sighting(at, rankedCauses.indexOf(s) + 1));
    }
  }

  /**
   * When the finding gained {@code service}: the loop's own {@code detectedAt} when the service was
   * there from the lab's first sighting, otherwise the poll that first showed it; null when never.
   */
  public Instant gained(String service) {
    return when(held.get(service));
  }

  /** The service's rank when first seen in the finding, 0 when not among its causes then. */
  public int rankWhenGained(String service) {
    Sighting s = held.get(service);
    return s == null ? 0 : s.rank();
  }

  /**
   * When the finding first showed {@code service} (among its services or its first {@link
   * #SHOWN_CAUSES} causes), with the timing rule of {@link #gained}; null when never.
   */
  public Instant shown(String service) {
    return when(shown.get(service));
  }

  /** The service's rank among the causes when first shown, 0 when not among them then. */
  public int rankWhenShown(String service) {
    Sighting s = shown.get(service);
    return s == null ? 0 : s.rank();
  }

  private Instant when(Sighting s) {
    if (s == null) {
      return null;
    }
    if (s.at().equals(firstSeen) && detectedAt != null) {
      return detectedAt;
    }
    return s.at();
  }

  public String id() {
    return id;
  }

  public Instant openedAt() {
    return openedAt;
  }

  public Instant detectedAt() {
    return detectedAt;
  }

  public Instant firstSeen() {
    return firstSeen;
  }

  public Map<String, Sighting> held() {
    return Map.copyOf(held);
  }
}
