package io.mirador.rca.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mirador.rca.Finding;
import io.mirador.rca.PatternShift;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventPairShiftTest {
  private static final Instant T = Instant.parse("2026-11-21T08:00:00Z");

  @Test
  void theShareIsOfTheSourcesOccurrencesAndAPairSeenInOneWindowCountsZeroInTheOther() {
    List<PatternShift.Counts> counts =
        EventPairShift.counts(
            List.of(
                pair("db", "start q", "log found", 0, 30), pair("db", "start q", "end q", 0, 10)),
            List.of(pair("db", "start q", "log missing", 5, 40)));

    assertThat(counts)
        .extracting(
            PatternShift.Counts::event,
            PatternShift.Counts::baselineSpans,
            PatternShift.Counts::baselineWithEvent,
            PatternShift.Counts::incidentSpans,
            PatternShift.Counts::incidentWithEvent)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("end q", 40L, 10L, 40L, 0L),
            org.assertj.core.groups.Tuple.tuple("log found", 40L, 30L, 40L, 0L),
            org.assertj.core.groups.Tuple.tuple("log missing", 40L, 0L, 40L, 40L));
  }

  @Test
  void aMixChangeIsNotACodePathChange() {
    // the api is called three times as often; what follows each event is what it was
    var baseline = new ArrayList<EventPairMinute>();
    var window = new ArrayList<EventPairMinute>();
    for (int m = 0; m < 5; m++) {
      baseline.add(pair("api", "start GET", "log ok", m, 20));
      baseline.add(pair("api", "start GET", "log cached", m, 20));
      window.add(pair("api", "start GET", "log ok", 10 + m, 60));
      window.add(pair("api", "start GET", "log cached", 10 + m, 60));
    }

    assertThat(
            EventPairShift.changes(EventPairShift.counts(baseline, window), EventPairShift.Test.Z)
                .largest(EventPairShift.Size.Z))
        .isEmpty();
  }

  @Test
  void significantChangesAreSizedByZOrByTheChangeOfShare() {
    List<PatternShift.Counts> counts =
        EventPairShift.counts(
            List.of(
                pair("small", "a", "b", 0, 10),
                pair("small", "a", "c", 0, 0),
                pair("big", "x", "y", 0, 600),
                pair("big", "x", "z", 0, 400)),
            List.of(
                pair("small", "a", "c", 5, 10),
                pair("big", "x", "y", 5, 480),
                pair("big", "x", "z", 5, 520)));

    var byShare =
        EventPairShift.changes(counts, EventPairShift.Test.Z).largest(EventPairShift.Size.SHARE);
    var byZ = EventPairShift.changes(counts, EventPairShift.Test.Z).largest(EventPairShift.Size.Z);
    // small: every a now goes to c (share 0 -> 1); big: 0.6 -> 0.48 on many more events
    assertThat(byShare.get("small")).isCloseTo(1.0, within(1e-9));
    assertThat(byShare.get("big")).isCloseTo(0.12, within(1e-9));
    assertThat(byZ.get("big")).isGreaterThan(3.0);
    assertThat(byZ.get("small")).isGreaterThan(3.0);

    List<Finding.CodePathEvidence> evidence =
        EventPairShift.changes(counts, EventPairShift.Test.Z).evidence(3).get("small");
    assertThat(evidence).hasSize(2);
    assertThat(evidence.getFirst().baselineOccurrences()).isEqualTo(10);
    assertThat(evidence.getFirst().windowOccurrences()).isEqualTo(10);
  }

  @Test
  void fisherAndTheCorrectedZAreStricterThanZOnAHandfulOfOccurrences() {
    // five of five a -> b before, none of five now: z = 3.16, Fisher p = 2 / C(10, 5) = 0.008
    List<PatternShift.Counts> few =
        EventPairShift.counts(
            List.of(pair("small", "a", "b", 0, 5)), List.of(pair("small", "a", "c", 5, 5)));
    // the same change on 100 occurrences is significant on every test
    List<PatternShift.Counts> many =
        EventPairShift.counts(
            List.of(pair("big", "a", "b", 0, 100)), List.of(pair("big", "a", "c", 5, 100)));

    assertThat(EventPairShift.changes(few, EventPairShift.Test.Z).largest(EventPairShift.Size.Z))
        .containsOnlyKeys("small");
    assertThat(
            EventPairShift.changes(few, EventPairShift.Test.FISHER).largest(EventPairShift.Size.Z))
        .isEmpty();
    assertThat(
            EventPairShift.changes(few, EventPairShift.Test.Z_CORRECTED)
                .largest(EventPairShift.Size.Z))
        .isEmpty();
    for (EventPairShift.Test test : EventPairShift.Test.values()) {
      assertThat(EventPairShift.changes(many, test).largest(EventPairShift.Size.Z))
          .as(test.name())
          .containsOnlyKeys("big");
    }
    // Fisher's strength is -ln p
    assertThat(
            EventPairShift.changes(few, EventPairShift.Test.Z)
                .largest(EventPairShift.Size.Z)
                .get("small"))
        .isCloseTo(Math.sqrt(10), within(1e-9));
    assertThat(EventPairShift.Test.FISHER.strength(few.getFirst()))
        .isCloseTo(-Math.log(2.0 / 252), within(1e-9));
  }

  @Test
  void anEventWhoseErrorsAllStoppedRecoveredAndIsNoChange() {
    // api: 30 of 100 lookups failed in the baseline (an earlier fault's tail), none now
    List<PatternShift.Counts> counts =
        EventPairShift.counts(
            List.of(
                pair("api", "start GET", "log 17 failed", 0, 30),
                pair("api", "start GET", "log 9 ok", 0, 70),
                pair("db", "start q", "log 9 row", 0, 100)),
            List.of(
                pair("api", "start GET", "log 9 ok", 5, 50),
                pair("db", "start q", "log 9 row", 5, 20),
                pair("db", "start q", "log 17 timeout", 5, 30)));

    assertThat(EventPairShift.changes(counts, EventPairShift.Test.Z).largest(EventPairShift.Size.Z))
        .containsOnlyKeys("api", "db");
    List<PatternShift.Counts> kept = EventPairShift.withoutRecoveries(counts);
    // db gained errors: still a change; api's recovery is gone
    assertThat(kept).extracting(PatternShift.Counts::service).containsOnly("db");
    assertThat(EventPairShift.changes(kept, EventPairShift.Test.Z).largest(EventPairShift.Size.Z))
        .containsOnlyKeys("db");
  }

  @Test
  void anEventThatStillErrsSometimesHasNotRecovered() {
    List<PatternShift.Counts> counts =
        EventPairShift.counts(
            List.of(
                pair("api", "start GET", "log 17 failed", 0, 50),
                pair("api", "start GET", "log 9 ok", 0, 50)),
            List.of(
                pair("api", "start GET", "log 17 failed", 5, 1),
                pair("api", "start GET", "log 9 ok", 5, 49)));

    assertThat(EventPairShift.withoutRecoveries(counts)).isEqualTo(counts);
  }

  @Test
  void aServiceFailsWhenErrorsOrEarlyEndsRiseNotWhenItTakesAnotherNormalBranch() {
    List<PatternShift.Counts> counts =
        EventPairShift.counts(
            List.of(
                // contacts: lookups mostly found a row
                pair("contacts", "log 9 find", "log 9 found", 0, 90),
                pair("contacts", "log 9 find", "log 17 none", 0, 10),
                // travel: the price check mostly went on to the next step
                pair("travel", "log 9 price", "log 9 next", 0, 95),
                pair("travel", "log 9 price", "end GET /travel", 0, 5),
                // seat: the share of one train type's branch follows the workload
                pair("seat", "log 9 request", "log 9 branch G", 0, 80),
                pair("seat", "log 9 request", "log 9 branch Z", 0, 20),
                // order: errors fell (not a failure)
                pair("order", "start GET", "log 17 bad", 0, 50),
                pair("order", "start GET", "log 9 ok", 0, 50)),
            List.of(
                pair("contacts", "log 9 find", "log 9 found", 5, 5),
                pair("contacts", "log 9 find", "log 17 none", 5, 45),
                pair("travel", "log 9 price", "log 9 next", 5, 10),
                pair("travel", "log 9 price", "end GET /travel", 5, 40),
                pair("seat", "log 9 request", "log 9 branch G", 5, 10),
                pair("seat", "log 9 request", "log 9 branch Z", 5, 40),
                pair("order", "start GET", "log 17 bad", 5, 5),
                pair("order", "start GET", "log 9 ok", 5, 45)));

    assertThat(EventPairShift.changes(counts, EventPairShift.Test.Z).largest(EventPairShift.Size.Z))
        .containsOnlyKeys("contacts", "travel", "seat", "order");
    assertThat(EventPairShift.changes(counts, EventPairShift.Test.FISHER_ANY_COUNT).failing())
        .containsExactly("contacts", "travel");
  }

  @Test
  void aFailingServiceNamesTheCalleesItsNewErrorsNameAsWholeWords() {
    List<PatternShift.Counts> counts =
        EventPairShift.counts(
            List.of(
                pair("catalog", "start GET", "end GET", 0, 100),
                pair("catalog", "start GET", "log 17 pricing-v2 answered 503", 0, 0),
                // the route names the resource cart, not the failing dependency
                pair("catalog", "start GET /api/cart", "log 9 listed", 0, 100),
                pair("catalog", "start GET /api/cart", "end GET /api/cart", 0, 0),
                pair("catalog", "start PUT", "end PUT", 0, 100),
                pair("catalog", "start PUT", "log 17 failed: \"pricing\" answered for x", 0, 0),
                // seat takes another normal branch that mentions its callee: not a failure
                pair("seat", "log 9 request", "log 9 asked config", 0, 80),
                pair("seat", "log 9 request", "log 9 branch Z", 0, 20)),
            List.of(
                pair("catalog", "start GET", "end GET", 5, 50),
                pair("catalog", "start GET", "log 17 pricing-v2 answered 503", 5, 50),
                pair("catalog", "start GET /api/cart", "log 9 listed", 5, 50),
                pair("catalog", "start GET /api/cart", "end GET /api/cart", 5, 50),
                pair("catalog", "start PUT", "end PUT", 5, 60),
                pair("catalog", "start PUT", "log 17 failed: \"pricing\" answered for x", 5, 40),
                pair("seat", "log 9 request", "log 9 asked config", 5, 10),
                pair("seat", "log 9 request", "log 9 branch Z", 5, 40)));
    EventPairShift.Changes changes =
        EventPairShift.changes(counts, EventPairShift.Test.FISHER_ANY_COUNT);

    Map<String, Set<String>> callees =
        Map.of(
            "catalog", Set.of("pricing", "pricing-v2", "cache", "inventory", "cart"),
            "seat", Set.of("config"));
    assertThat(changes.named(s -> callees.getOrDefault(s, Set.of())))
        .containsExactly(Map.entry("catalog", Set.of("pricing", "pricing-v2")));
  }

  @Test
  void aNameIsAWholeWordOfTheText() {
    assertThat(EventPairShift.namesService("timeout calling db", "db")).isTrue();
    assertThat(EventPairShift.namesService("db: refused", "db")).isTrue();
    assertThat(EventPairShift.namesService("http://payment.svc:80/x failed", "payment")).isTrue();
    assertThat(EventPairShift.namesService("\"payment\" answered 503", "payment")).isTrue();
    assertThat(EventPairShift.namesService("dbx refused", "db")).isFalse();
    assertThat(EventPairShift.namesService("mongodb refused", "db")).isFalse();
    assertThat(EventPairShift.namesService("ts-db-service refused", "db")).isFalse();
    assertThat(EventPairShift.namesService("db_pool empty", "db")).isFalse();
    assertThat(EventPairShift.namesService("anything", "")).isFalse();
    assertThat(EventPairShift.namesService("a db and dbx", "db")).isTrue();
    assertThat(EventPairShift.namesService("dbx and db", "db")).isTrue();
  }

  @Test
  void errorsAreLogRecordsOfErrorSeverityOrMoreAndExceptionEvents() {
    assertThat(EventPairShift.isError("log 17 failed")).isTrue();
    assertThat(EventPairShift.isError("log 21 fatal")).isTrue();
    assertThat(EventPairShift.isError("log 17")).isTrue();
    assertThat(EventPairShift.isError("event exception")).isTrue();
    assertThat(EventPairShift.isError("log 13 warning")).isFalse();
    assertThat(EventPairShift.isError("log 9 error in the text")).isFalse();
    assertThat(EventPairShift.isError("log x 17")).isFalse();
    assertThat(EventPairShift.isError("end GET")).isFalse();
  }

  @Test
  void rareEventsDoNotCount() {
    List<PatternShift.Counts> counts =
        EventPairShift.counts(
            List.of(pair("db", "a", "b", 0, EventPairShift.MIN_OCCURRENCES - 1)),
            List.of(pair("db", "a", "c", 5, 100)));

    assertThat(
            EventPairShift.changes(counts, EventPairShift.Test.Z)
                .largest(EventPairShift.Size.SHARE))
        .isEmpty();
    assertThat(EventPairShift.changes(counts, EventPairShift.Test.Z).evidence(3)).isEmpty();
  }

  private static EventPairMinute pair(
      String service, String source, String target, int minute, long count) {
    return new EventPairMinute(service, source, target, T.plusSeconds(60L * minute), count);
  }
}
