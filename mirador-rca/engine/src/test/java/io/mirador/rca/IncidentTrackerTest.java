package io.mirador.rca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IncidentTrackerTest {
  private static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");

  /** The mechanics with a three-minute opening and no opening at once (session 9's default). */
  private static final IncidentPolicy POLICY = new IncidentPolicy(0.6, 3, 5);

  private static final CallGraph SHOP =
      CallGraph.builder()
          .addCall("front-end", "carts")
          .addCall("carts", "carts-db")
          .addCall("front-end", "catalogue")
          .addCall("payment", "payment-db")
          .build();

  private final List<String> analyzed = new ArrayList<>();
  private final IncidentTracker tracker = new IncidentTracker(POLICY, this::finding);

  /** A finding that names the services it was asked about, so tests can see what was analysed. */
  private Finding finding(String tenant, Set<String> services, TimeWindow window) {
    analyzed.add(tenant + ":" + new TreeSet<>(services));
    String first = new TreeSet<>(services).first();
    return new Finding(
        new Finding.Symptom(first, "latency_p99", window),
        services.stream()
            .sorted()
            .map(s -> new Finding.Cause(s, 1, 1.0 / services.size(), List.of(), List.of()))
            .toList());
  }

  private static Instant minute(int m) {
    return T0.plus(Duration.ofMinutes(m));
  }

  private static Map<String, Double> anomalous(String... services) {
    var scores = new HashMap<String, Double>();
    for (String s : List.of("front-end", "carts", "carts-db", "catalogue", "payment")) {
      scores.put(s, 0.45);
    }
    for (String s : services) {
      scores.put(s, 0.8);
    }
    return scores;
  }

  private List<IncidentEvent> run(String tenant, int from, int to, Map<String, Double> scores) {
    var events = new ArrayList<IncidentEvent>();
    for (int m = from; m < to; m++) {
      events.addAll(tracker.observe(tenant, minute(m), scores, Optional.of(SHOP)));
    }
    return events;
  }

  private static long count(List<IncidentEvent> events, Class<?> type) {
    return events.stream().filter(type::isInstance).count();
  }

  @Test
  void tenMinuteFaultOpensOnceUpdatesWhileItLastsAndClosesAfterRecovery() {
    var sink = new InMemoryFindingSink();
    var events = new ArrayList<IncidentEvent>();
    events.addAll(run("acme", 0, 10, anomalous("carts")));
    events.addAll(run("acme", 10, 30, anomalous()));
    events.forEach(sink::record);

    assertThat(events.getFirst()).isInstanceOf(IncidentEvent.Opened.class);
    assertThat(count(events, IncidentEvent.Opened.class)).isEqualTo(1);
    assertThat(count(events, IncidentEvent.Updated.class)).isEqualTo(7);
    assertThat(count(events, IncidentEvent.Closed.class)).isEqualTo(1);
    assertThat(events.stream().map(e -> e.incident().id()).distinct()).hasSize(1);

    var closed = (IncidentEvent.Closed) events.getLast();
    assertThat(closed.at()).isEqualTo(minute(14));
    assertThat(closed.resolution()).isEqualTo(IncidentEvent.Resolution.RECOVERED);
    assertThat(closed.incident().window()).isEqualTo(new TimeWindow(minute(0), minute(10)));
    assertThat(closed.incident().finding().symptom().window())
        .isEqualTo(closed.incident().window());
    assertThat(closed.incident().services()).containsExactly("carts");
    assertThat(sink.findings()).hasSize(1).first().isInstanceOf(IncidentEvent.Closed.class);
    assertThat(tracker.open("acme")).isEmpty();
  }

  @Test
  void opensOnTheThirdAnomalousMinuteWithTheWindowFromTheFirst() {
    assertThat(run("acme", 0, 2, anomalous("carts"))).isEmpty();
    var events = run("acme", 2, 3, anomalous("carts"));
    assertThat(events).singleElement().isInstanceOf(IncidentEvent.Opened.class);
    assertThat(events.getFirst().incident().window())
        .isEqualTo(new TimeWindow(minute(0), minute(3)));
  }

  @Test
  void blipsShorterThanTheOpeningMinutesOpenNothing() {
    var events = new ArrayList<IncidentEvent>();
    for (int m = 0; m < 30; m++) {
      Map<String, Double> scores = m % 3 == 2 ? anomalous() : anomalous("carts");
      events.addAll(tracker.observe("acme", minute(m), scores, Optional.of(SHOP)));
    }
    assertThat(events).isEmpty();
    assertThat(analyzed).isEmpty();
  }

  @Test
  void flappingWithinTheClosingMinutesStaysOneIncident() {
    var events = new ArrayList<IncidentEvent>();
    events.addAll(run("acme", 0, 5, anomalous("carts")));
    events.addAll(run("acme", 5, 9, anomalous()));
    events.addAll(run("acme", 9, 10, anomalous("carts")));
    events.addAll(run("acme", 10, 14, anomalous()));
    events.addAll(run("acme", 14, 16, anomalous("carts")));
    events.addAll(run("acme", 16, 25, anomalous()));

    assertThat(count(events, IncidentEvent.Opened.class)).isEqualTo(1);
    assertThat(count(events, IncidentEvent.Closed.class)).isEqualTo(1);
    assertThat(events.stream().map(e -> e.incident().id()).distinct()).hasSize(1);
    assertThat(events.getLast().incident().window())
        .isEqualTo(new TimeWindow(minute(0), minute(16)));
    assertThat(((IncidentEvent.Closed) events.getLast()).at()).isEqualTo(minute(20));
  }

  @Test
  void aFaultAfterTheIncidentClosedIsANewIncident() {
    var events = new ArrayList<IncidentEvent>();
    events.addAll(run("acme", 0, 5, anomalous("carts")));
    events.addAll(run("acme", 5, 10, anomalous()));
    events.addAll(run("acme", 10, 15, anomalous("carts")));
    assertThat(events.stream().filter(e -> e instanceof IncidentEvent.Opened))
        .map(e -> e.incident().window().start())
        .containsExactly(minute(0), minute(10));
    assertThat(events.stream().map(e -> e.incident().id()).distinct()).hasSize(2);
  }

  @Test
  void unrelatedServicesGiveTwoIncidentsThatCloseIndependently() {
    var events = new ArrayList<IncidentEvent>();
    events.addAll(run("acme", 0, 4, anomalous("carts")));
    events.addAll(run("acme", 4, 8, anomalous("carts", "payment")));
    events.addAll(run("acme", 8, 12, anomalous("payment")));
    events.addAll(run("acme", 12, 20, anomalous()));

    var opened = events.stream().filter(e -> e instanceof IncidentEvent.Opened).toList();
    assertThat(opened)
        .extracting(e -> e.incident().services().first())
        .containsExactly("carts", "payment");
    assertThat(events.stream().filter(e -> e instanceof IncidentEvent.Closed))
        .map(e -> (IncidentEvent.Closed) e)
        .extracting(e -> e.incident().services().first(), IncidentEvent.Closed::at)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("carts", minute(12)),
            org.assertj.core.groups.Tuple.tuple("payment", minute(16)));
  }

  @Test
  void aNeighbourThatTurnsAnomalousJoinsTheOpenIncident() {
    var events = new ArrayList<IncidentEvent>();
    events.addAll(run("acme", 0, 4, anomalous("carts-db")));
    events.addAll(run("acme", 4, 8, anomalous("carts-db", "carts", "front-end")));
    events.addAll(run("acme", 8, 20, anomalous()));

    assertThat(count(events, IncidentEvent.Opened.class)).isEqualTo(1);
    assertThat(events.getLast().incident().services())
        .containsExactly("carts", "carts-db", "front-end");
  }

  @Test
  void aNeighboursOneMinuteBlipNeitherJoinsNorKeepsTheIncidentOpen() {
    var events = new ArrayList<IncidentEvent>();
    events.addAll(run("acme", 0, 4, anomalous("carts")));
    events.addAll(run("acme", 4, 6, anomalous()));
    events.addAll(run("acme", 6, 7, anomalous("front-end")));
    events.addAll(run("acme", 7, 12, anomalous()));

    assertThat(count(events, IncidentEvent.Opened.class)).isEqualTo(1);
    var closed = (IncidentEvent.Closed) events.getLast();
    assertThat(closed.at()).isEqualTo(minute(8));
    assertThat(closed.incident().services()).containsExactly("carts");
  }

  @Test
  void aResolvedMembersBlipsDoNotKeepTheIncidentOpen() {
    var events = new ArrayList<IncidentEvent>();
    events.addAll(run("acme", 0, 4, anomalous("carts", "front-end")));
    // carts recovers at minute 4; front-end stays anomalous until 19.
    events.addAll(run("acme", 4, 20, anomalous("front-end")));
    // Both quiet, but carts blips every third minute: it resolved at minute 9 and a one-minute
    // blip does not make it fire again.
    for (int m = 20; m < 40; m++) {
      Map<String, Double> scores = m % 3 == 0 ? anomalous("carts") : anomalous();
      events.addAll(tracker.observe("acme", minute(m), scores, Optional.of(SHOP)));
    }

    assertThat(count(events, IncidentEvent.Opened.class)).isEqualTo(1);
    assertThat(count(events, IncidentEvent.Closed.class)).isEqualTo(1);
    var closed = (IncidentEvent.Closed) events.getLast();
    assertThat(closed.at()).isEqualTo(minute(24));
    assertThat(closed.incident().window()).isEqualTo(new TimeWindow(minute(0), minute(20)));
    assertThat(closed.incident().services()).containsExactly("carts", "front-end");
  }

  @Test
  void aResolvedMemberFiresAgainAfterTheOpeningMinutes() {
    var events = new ArrayList<IncidentEvent>();
    events.addAll(run("acme", 0, 4, anomalous("carts", "front-end")));
    events.addAll(run("acme", 4, 12, anomalous("front-end")));
    // carts resolved at minute 9; from 12 it is anomalous again for good, front-end recovers.
    events.addAll(run("acme", 12, 30, anomalous("carts")));
    events.addAll(run("acme", 30, 40, anomalous()));

    assertThat(count(events, IncidentEvent.Opened.class)).isEqualTo(1);
    assertThat(count(events, IncidentEvent.Closed.class)).isEqualTo(1);
    var closed = (IncidentEvent.Closed) events.getLast();
    assertThat(closed.at()).isEqualTo(minute(34));
    assertThat(closed.incident().window()).isEqualTo(new TimeWindow(minute(0), minute(30)));
    // Minutes 12 and 13 (carts anomalous, not yet firing again, front-end quiet) update nothing.
    assertThat(
            events.stream()
                .filter(e -> e instanceof IncidentEvent.Updated)
                .map(e -> e.incident().window().end()))
        .doesNotContain(minute(13), minute(14))
        .contains(minute(12), minute(15));
  }

  @Test
  void aLongIncidentIsReRankedAsItGrowsNotEveryMinuteAndClosesWithAFindingOverItsWholeWindow() {
    var events = new ArrayList<IncidentEvent>();
    events.addAll(run("acme", 0, 180, anomalous("carts")));
    int duringTheIncident = analyzed.size();
    events.addAll(run("acme", 180, 190, anomalous()));

    // Every minute for the first ten, then each time the window grew by a tenth: about 30 times
    // over three hours instead of 178.
    assertThat(duringTheIncident).isBetween(20, 40);
    assertThat(count(events, IncidentEvent.Updated.class)).isEqualTo(177);
    var updates = events.stream().filter(e -> e instanceof IncidentEvent.Updated).toList();
    assertThat(updates.getLast().incident().window())
        .isEqualTo(new TimeWindow(minute(0), minute(180)));
    // The last update may carry an earlier ranking; the closing finding is over the whole window.
    var closed = (IncidentEvent.Closed) events.getLast();
    assertThat(closed.incident().window()).isEqualTo(new TimeWindow(minute(0), minute(180)));
    assertThat(closed.incident().finding().symptom().window())
        .isEqualTo(new TimeWindow(minute(0), minute(180)));
  }

  @Test
  void aNewMemberIsRankedAtOnce() {
    var events = new ArrayList<IncidentEvent>();
    events.addAll(run("acme", 0, 60, anomalous("carts")));
    events.addAll(run("acme", 60, 62, anomalous("carts", "front-end")));
    assertThat(analyzed).doesNotContain("acme:[carts, front-end]");
    // front-end joins on its third anomalous minute and is ranked in that minute.
    events.addAll(run("acme", 62, 63, anomalous("carts", "front-end")));

    assertThat(analyzed.getLast()).isEqualTo("acme:[carts, front-end]");
    assertThat(events.getLast().incident().finding().causes())
        .extracting(Finding.Cause::service)
        .containsExactly("carts", "front-end");
  }

  @Test
  void aMemberThatStopsFiringWithoutAScoreClosesTheIncidentAsUnwatched() {
    var events = new ArrayList<IncidentEvent>();
    events.addAll(run("acme", 0, 10, anomalous("carts")));
    // carts loses its detector (or its data): it is no longer in the scores at all.
    Map<String, Double> withoutCarts = anomalous();
    withoutCarts.remove("carts");
    events.addAll(run("acme", 10, 20, withoutCarts));

    var closed = (IncidentEvent.Closed) events.getLast();
    assertThat(closed.at()).isEqualTo(minute(14));
    assertThat(closed.resolution()).isEqualTo(IncidentEvent.Resolution.UNWATCHED);
  }

  @Test
  void withoutACallGraphATenantHasOneOpenIncident() {
    var events = new ArrayList<IncidentEvent>();
    for (int m = 0; m < 8; m++) {
      var scores = m < 4 ? anomalous("carts") : anomalous("carts", "payment");
      events.addAll(tracker.observe("acme", minute(m), scores, Optional.empty()));
    }
    assertThat(count(events, IncidentEvent.Opened.class)).isEqualTo(1);
    assertThat(tracker.open("acme"))
        .singleElement()
        .extracting(Incident::services)
        .isEqualTo(new TreeSet<>(Set.of("carts", "payment")));
  }

  @Test
  void tenantsNeverSeeEachOthersIncidents() {
    var acme = new ArrayList<IncidentEvent>();
    var globex = new ArrayList<IncidentEvent>();
    for (int m = 0; m < 20; m++) {
      acme.addAll(
          tracker.observe(
              "acme", minute(m), m < 10 ? anomalous("carts") : anomalous(), Optional.of(SHOP)));
      globex.addAll(tracker.observe("globex", minute(m), anomalous(), Optional.of(SHOP)));
    }
    assertThat(globex).isEmpty();
    assertThat(tracker.open("globex")).isEmpty();
    assertThat(acme).allSatisfy(e -> assertThat(e.incident().tenant()).isEqualTo("acme"));
    assertThat(analyzed).allSatisfy(a -> assertThat(a).startsWith("acme:"));

    // The same fault in both tenants at the same minutes gives two distinct incidents.
    var both = new ArrayList<IncidentEvent>();
    for (int m = 20; m < 24; m++) {
      both.addAll(tracker.observe("acme", minute(m), anomalous("carts"), Optional.of(SHOP)));
      both.addAll(tracker.observe("globex", minute(m), anomalous("carts"), Optional.of(SHOP)));
    }
    assertThat(both.stream().filter(e -> e instanceof IncidentEvent.Opened))
        .extracting(e -> e.incident().tenant())
        .containsExactly("acme", "globex");
    assertThat(both.stream().map(e -> e.incident().id()).distinct()).hasSize(2);
  }

  @Test
  void sameInputsGiveTheSameEventsAndIds() {
    var other = new IncidentTracker(POLICY, this::finding);
    for (int m = 0; m < 15; m++) {
      var scores = m < 6 ? anomalous("carts") : anomalous();
      assertThat(other.observe("acme", minute(m), scores, Optional.of(SHOP)))
          .isEqualTo(tracker.observe("acme", minute(m), scores, Optional.of(SHOP)));
    }
  }

  @Test
  void aSkippedMinuteBreaksTheOpeningStreakAndCountsTowardsClosing() {
    tracker.observe("acme", minute(0), anomalous("carts"), Optional.of(SHOP));
    tracker.observe("acme", minute(1), anomalous("carts"), Optional.of(SHOP));
    assertThat(tracker.observe("acme", minute(3), anomalous("carts"), Optional.of(SHOP))).isEmpty();
    run("acme", 4, 6, anomalous("carts"));
    assertThat(tracker.open("acme")).hasSize(1);
    assertThat(tracker.observe("acme", minute(10), anomalous(), Optional.of(SHOP)))
        .singleElement()
        .isInstanceOf(IncidentEvent.Closed.class);
  }

  @Test
  void rejectsBadInput() {
    tracker.observe("acme", minute(5), anomalous(), Optional.empty());
    assertThatThrownBy(() -> tracker.observe("acme", minute(5), anomalous(), Optional.empty()))
        .hasMessageContaining("is not after");
    assertThatThrownBy(
            () -> tracker.observe("acme", minute(6).plusSeconds(1), anomalous(), Optional.empty()))
        .hasMessageContaining("whole minute");
    assertThatThrownBy(
            () -> tracker.observe("acme", minute(7), Map.of("carts", Double.NaN), Optional.empty()))
        .hasMessageContaining("score of carts");
    assertThatThrownBy(() -> new IncidentPolicy(0.6, 0, 5)).hasMessageContaining("openAfter");
    assertThatThrownBy(() -> new IncidentPolicy(1, 2, 5, 0.9)).hasMessageContaining("openAtOnce");
    assertThatThrownBy(() -> new IncidentPolicy(1, 2, 5, Double.NaN))
        .hasMessageContaining("openAtOnce");
    assertThatThrownBy(() -> IncidentPolicy.withThreshold(1.0).withStrongMinutes(4))
        .hasMessageContaining("strongMinutes");
    assertThatThrownBy(() -> IncidentPolicy.withThreshold(1.0).withFiring(null))
        .hasMessageContaining("firing");
  }

  @Test
  void withStrongInTwoAMinuteAtTwiceTheLevelNeedsOneMoreAnomalousMinute() {
    IncidentPolicy policy = IncidentPolicy.withThreshold(1.0).withStrongMinutes(2);
    // One slow minute alone (a tail quantile's single request): nothing opens.
    assertThat(under(policy, 0.5, 3.0, 0.5, 0.5)).isEmpty();
    // With the next minute anomalous too, it opens then, from the strong minute.
    List<IncidentEvent> events = under(policy, 0.5, 3.0, 1.1);
    assertThat(events).singleElement().isInstanceOf(IncidentEvent.Opened.class);
    assertThat(events.getFirst().incident().window())
        .isEqualTo(new TimeWindow(minute(1), minute(3)));
    // Three anomalous minutes open as before, whatever their size.
    assertThat(under(policy, 1.1, 1.1, 1.1))
        .singleElement()
        .isInstanceOf(IncidentEvent.Opened.class);
  }

  @Test
  void underTheDefaultRuleAnIsolatedMinuteKeepsAFiringMemberFiring() {
    assertThat(IncidentPolicy.withThreshold(1.0).firing())
        .isEqualTo(IncidentPolicy.Firing.ANY_MINUTE);
    // Opened at once, then one anomalous minute in every four: each holds carts for five more.
    List<IncidentEvent> events =
        underDefault(2.5, 0.5, 0.5, 0.5, 1.1, 0.5, 0.5, 0.5, 1.1, 0.5, 0.5, 0.5, 0.5, 0.5);
    assertThat(events.stream().map(e -> e.getClass().getSimpleName()))
        .containsExactly("Opened", "Updated", "Updated", "Closed");
    assertThat(events.getLast().incident().window())
        .isEqualTo(new TimeWindow(minute(0), minute(9)));
  }

  @Test
  void withConfirmedMinutesOnlyASustainedAnomalyHoldsTheIncidentOpen() {
    IncidentPolicy policy =
        IncidentPolicy.withThreshold(1.0).withFiring(IncidentPolicy.Firing.CONFIRMED_MINUTES);
    // The same scores: the isolated minutes are not a confirmed streak, so carts stops firing five
    // minutes after the opening minute and the window ends there.
    List<IncidentEvent> events =
        under(policy, 2.5, 0.5, 0.5, 0.5, 1.1, 0.5, 0.5, 0.5, 1.1, 0.5, 0.5, 0.5, 0.5, 0.5);
    assertThat(events.stream().map(e -> e.getClass().getSimpleName()))
        .containsExactly("Opened", "Closed");
    assertThat(events.getLast().incident().window())
        .isEqualTo(new TimeWindow(minute(0), minute(1)));
    assertThat(((IncidentEvent.Closed) events.getLast()).at()).isEqualTo(minute(5));
    // A streak that goes on holds it: three minutes in a row, then each minute of the streak.
    events = under(policy, 2.5, 0.5, 1.1, 1.1, 1.1, 1.1, 0.5);
    assertThat(events.stream().map(e -> e.getClass().getSimpleName()))
        .containsExactly("Opened", "Updated", "Updated");
    assertThat(events.getLast().incident().window())
        .isEqualTo(new TimeWindow(minute(0), minute(6)));
  }

  @Test
  void withRefireAfterStreakOneMinuteFarAboveTheLevelDoesNotRefireAResolvedMember() {
    // carts and front-end open together at 2.5; front-end holds the incident until minute 6, carts
    // resolves at minute 5 and scores 3x in minute 7.
    double[] carts = {2.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 3.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
    double[] frontEnd = {2.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};

    // By default the 3x minute makes carts fire again: the window grows to it, the close waits.
    var closed = lastClose(IncidentPolicy.withThreshold(1.0), carts, frontEnd);
    assertThat(closed.incident().window()).isEqualTo(new TimeWindow(minute(0), minute(8)));
    assertThat(closed.at()).isEqualTo(minute(12));

    // With REFIRE_AFTER_STREAK it needs three anomalous minutes in a row: the incident closes when
    // front-end resolves.
    closed =
        lastClose(
            IncidentPolicy.withThreshold(1.0).withFiring(IncidentPolicy.Firing.REFIRE_AFTER_STREAK),
            carts,
            frontEnd);
    assertThat(closed.incident().window()).isEqualTo(new TimeWindow(minute(0), minute(7)));
    assertThat(closed.at()).isEqualTo(minute(11));
  }

  private static IncidentEvent.Closed lastClose(
      IncidentPolicy policy, double[] carts, double[] frontEnd) {
    var tracker = new IncidentTracker(policy, (t, s, w) -> finding(s, w));
    var events = new ArrayList<IncidentEvent>();
    for (int m = 0; m < carts.length; m++) {
      events.addAll(
          tracker.observe(
              "acme",
              minute(m),
              Map.of("carts", carts[m], "front-end", frontEnd[m], "catalogue", 0.5),
              Optional.of(SHOP)));
    }
    assertThat(count(events, IncidentEvent.Opened.class)).isEqualTo(1);
    return (IncidentEvent.Closed)
        events.stream()
            .filter(IncidentEvent.Closed.class::isInstance)
            .reduce((a, b) -> b)
            .orElseThrow();
  }

  /** One service's scores minute by minute under the product's default policy (threshold 1). */
  private static List<IncidentEvent> underDefault(double... carts) {
    return under(IncidentPolicy.withThreshold(1.0), carts);
  }

  /** One service's scores minute by minute under {@code policy}. */
  private static List<IncidentEvent> under(IncidentPolicy policy, double... carts) {
    var tracker = new IncidentTracker(policy, (t, s, w) -> finding(s, w));
    var events = new ArrayList<IncidentEvent>();
    for (int m = 0; m < carts.length; m++) {
      events.addAll(
          tracker.observe(
              "acme", minute(m), Map.of("carts", carts[m], "catalogue", 0.5), Optional.of(SHOP)));
    }
    return events;
  }

  private static Finding finding(Set<String> services, TimeWindow window) {
    String first = new TreeSet<>(services).first();
    return new Finding(
        new Finding.Symptom(first, "latency_p99", window),
        List.of(new Finding.Cause(first, 1, 1, List.of(), List.of())));
  }

  @Test
  void byDefaultThreeAnomalousMinutesOpenAnIncident() {
    assertThat(IncidentPolicy.withThreshold(1.0).openAfter()).isEqualTo(3);
    assertThat(underDefault(0.5, 1.5, 1.5)).isEmpty();
    List<IncidentEvent> events = underDefault(0.5, 1.5, 1.5, 1.5);
    assertThat(events).singleElement().isInstanceOf(IncidentEvent.Opened.class);
    assertThat(events.getFirst().incident().window())
        .isEqualTo(new TimeWindow(minute(1), minute(4)));
    // One minute at 1.9 times the level, then a quiet one: a blip, nothing opens.
    assertThat(underDefault(0.5, 1.9, 0.5, 0.5)).isEmpty();
  }

  @Test
  void byDefaultOneMinuteAtTwiceTheLevelOpensAtOnce() {
    List<IncidentEvent> events = underDefault(0.5, 2.0);
    assertThat(events).singleElement().isInstanceOf(IncidentEvent.Opened.class);
    assertThat(events.getFirst().incident().window())
        .isEqualTo(new TimeWindow(minute(1), minute(2)));
    // A streak that reaches twice the level in its second minute opens then, from its first.
    assertThat(underDefault(0.5, 1.2, 3.0))
        .singleElement()
        .satisfies(
            e -> assertThat(e.incident().window()).isEqualTo(new TimeWindow(minute(1), minute(3))));
  }

  @Test
  void afterAnIncidentClosedOneMinuteFarAboveTheLevelOpensTheNextAtOnce() {
    // Opened at once, closed after five quiet minutes, then one minute at 3x: a new incident.
    List<IncidentEvent> events = underDefault(2.5, 0.5, 0.5, 0.5, 0.5, 0.5, 3.0);
    assertThat(events.stream().map(e -> e.getClass().getSimpleName()))
        .containsExactly("Opened", "Closed", "Opened");
    assertThat(events.getLast().incident().window())
        .isEqualTo(new TimeWindow(minute(6), minute(7)));
    // Within the closing minutes the same minute keeps the incident: an update.
    events = underDefault(2.5, 0.5, 0.5, 0.5, 0.5, 3.0);
    assertThat(events.stream().map(e -> e.getClass().getSimpleName()))
        .containsExactly("Opened", "Updated");
  }
}
