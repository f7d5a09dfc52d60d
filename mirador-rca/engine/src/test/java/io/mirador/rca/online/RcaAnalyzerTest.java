package io.mirador.rca.online;

import static io.mirador.rca.online.SyntheticEstate.minute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.rca.Finding;
import io.mirador.rca.RobustBaseline;
import io.mirador.rca.TimeWindow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RcaAnalyzerTest {
  private static final TimeWindow FAULT = new TimeWindow(minute(240), minute(245));

  @Test
  void ranksTheFaultyServiceFirstWithEvidenceComputedFromTheData() {
    var estate = SyntheticEstate.faultBetween(240, 252);
    Finding finding = RcaAnalyzer.builder(estate).build().rank("acme", FAULT, Optional.empty());

    Finding.Cause top = finding.causes().getFirst();
    assertThat(top.service()).isEqualTo("carts-db");
    assertThat(finding.causes()).extracting(Finding.Cause::service).hasSize(4);
    assertThat(finding.symptom().window()).isEqualTo(FAULT);
    assertThat(top.confidence()).isBetween(0.0, 1.0);

    // The evidence's baseline is the hour before the window, recomputed here from the source.
    Finding.MetricEvidence worst = top.evidence().getFirst();
    FeatureTable hour =
        FeatureTable.of(
            estate.features("acme", new TimeWindow(minute(180), minute(240))).minutes());
    RobustBaseline expected = RobustBaseline.of(hour.series("carts-db", worst.metric()));
    assertThat(worst.baselineMedian()).isEqualTo(expected.median());
    assertThat(worst.baselineIqr()).isEqualTo(expected.iqr());
    FeatureTable incident = FeatureTable.of(estate.features("acme", FAULT).minutes());
    assertThat(incident.series("carts-db", worst.metric())).contains(worst.observed());
  }

  @Test
  void theCallPathRunsFromTheGivenSymptomToEachCause() {
    var estate = SyntheticEstate.faultBetween(240, 252);
    Finding finding =
        RcaAnalyzer.builder(estate).build().rank("acme", FAULT, Optional.of("front-end"));

    assertThat(finding.symptom().service()).isEqualTo("front-end");
    Finding.Cause db =
        finding.causes().stream()
            .filter(c -> c.service().equals("carts-db"))
            .findFirst()
            .orElseThrow();
    assertThat(db.callPath()).containsExactly("front-end", "carts", "carts-db");
  }

  @Test
  void theBaselineSkipsMinutesWithoutDataAndEarlierIncidents() {
    // Data only in every other minute of the hour before; an earlier incident covers 200-215.
    var gappy =
        new SyntheticEstate(
            SyntheticEstate.T0,
            m -> SyntheticEstate.within(m, 240, 252) || SyntheticEstate.within(m, 200, 215),
            m -> m.getEpochSecond() / 60 % 2 == 1);
    var earlier = new TimeWindow(minute(200), minute(215));
    Finding finding =
        RcaAnalyzer.builder(gappy)
            .excluded(t -> List.of(earlier))
            .build()
            .rank("acme", FAULT, Optional.empty());

    Finding.Cause top = finding.causes().getFirst();
    assertThat(top.service()).isEqualTo("carts-db");
    FeatureTable hour =
        FeatureTable.of(
            gappy.features("acme", new TimeWindow(minute(180), minute(240))).minutes(),
            m -> !SyntheticEstate.within(m, 200, 215));
    assertThat(hour.minutes()).hasSize(22);
    Finding.MetricEvidence worst = top.evidence().getFirst();
    assertThat(worst.baselineMedian())
        .isEqualTo(RobustBaseline.of(hour.series("carts-db", worst.metric())).median());
  }

  @Test
  void examplesComeFromTheEvidenceSourceForTheTopCauses() {
    var estate = SyntheticEstate.faultBetween(240, 252);
    var asked = new java.util.ArrayList<String>();
    EvidenceSource evidence =
        new EvidenceSource() {
          @Override
          public List<Finding.Example> errorSpans(
              String tenant, String service, TimeWindow window, int limit) {
            asked.add("spans:" + service + ":" + limit);
            return List.of(
                new Finding.Example(
                    service,
                    Finding.Example.Kind.ERROR_SPAN,
                    window.start(),
                    "0af7651916cd43dd8448eb211c80319c",
                    "GET /cart: timeout"));
          }

          @Override
          public List<Finding.Example> errorLogs(
              String tenant, String service, TimeWindow window, int limit) {
            throw new SourceException(SourceException.Reason.UNAVAILABLE, "log search down");
          }
        };
    Finding finding =
        RcaAnalyzer.builder(estate)
            .evidence(evidence)
            .examples(2, 1)
            .build()
            .rank("acme", FAULT, Optional.empty());

    assertThat(asked).hasSize(2).first().isEqualTo("spans:carts-db:1");
    assertThat(finding.examples()).hasSize(2);
    assertThat(finding.examples().getFirst().service()).isEqualTo("carts-db");
  }

  @Test
  void refusesWindowsWithoutDataOrBaseline() {
    var estate = SyntheticEstate.faultBetween(0, 0);
    RcaAnalyzer rca = RcaAnalyzer.builder(estate).build();
    Instant before = SyntheticEstate.T0.minusSeconds(3600);

    assertThatThrownBy(
            () ->
                rca.rank("acme", new TimeWindow(before, before.plusSeconds(300)), Optional.empty()))
        .isInstanceOf(NotEnoughDataException.class)
        .hasMessage("no features in the window");
    assertThatThrownBy(
            () -> rca.rank("acme", new TimeWindow(minute(2), minute(5)), Optional.empty()))
        .isInstanceOf(NotEnoughDataException.class)
        .hasMessageContaining("2 minutes with data");
    assertThatThrownBy(() -> rca.rank("acme", FAULT, Optional.of("payment")))
        .isInstanceOf(NotEnoughDataException.class);
  }

  @Test
  void aLongWindowIsRankedOnItsFirstSixHours() {
    var estate = SyntheticEstate.faultBetween(240, 252);
    var windows = new java.util.ArrayList<TimeWindow>();
    FeatureSource recording =
        (tenant, w) -> {
          windows.add(w);
          return estate.features(tenant, w);
        };
    var week = new TimeWindow(minute(240), minute(240 + 7 * 24 * 60));
    Finding finding = RcaAnalyzer.builder(recording).build().rank("acme", week, Optional.empty());

    assertThat(windows).contains(new TimeWindow(minute(240), minute(240 + 360)));
    assertThat(finding.symptom().window()).isEqualTo(week);
  }

  @Test
  void aServiceWhoseCodePathChangedRanksFirstWithTheChangeAsEvidence() {
    var estate = SyntheticEstate.faultBetween(240, 252);
    // catalogue's lookups stop finding rows in the window: the metrics barely move there
    FeatureSource withPairs =
        withPairs(
            estate,
            w -> {
              var out = new java.util.ArrayList<EventPairMinute>();
              for (Instant m = w.start(); m.isBefore(w.end()); m = m.plusSeconds(60)) {
                boolean fault = !m.isBefore(FAULT.start());
                out.add(pair("catalogue", "start GET /item", "log 9 found", m, fault ? 0 : 20));
                out.add(pair("catalogue", "start GET /item", "log 17 missing", m, fault ? 20 : 0));
                out.add(pair("carts", "start GET /cart", "end GET /cart", m, 20));
              }
              return out;
            });

    Finding finding = RcaAnalyzer.builder(withPairs).build().rank("acme", FAULT, Optional.empty());

    Finding.Cause top = finding.causes().getFirst();
    assertThat(top.service()).isEqualTo("catalogue");
    Finding.CodePathEvidence change = top.codePath().getFirst();
    assertThat(change.source()).isEqualTo("start GET /item");
    assertThat(change.baselineOccurrences()).isEqualTo(60 * 20);
    assertThat(change.windowOccurrences()).isEqualTo(5 * 20);
    assertThat(Math.abs(change.z())).isGreaterThan(10);
    // the metric ranking follows: carts-db next, and no code-path evidence where nothing changed
    assertThat(finding.causes().get(1).service()).isEqualTo("carts-db");
    assertThat(finding.causes().get(1).codePath()).isEmpty();
  }

  @Test
  void aServiceWithFewRequestsCountsWhenItsChangeIsSignificantByTheExactTest() {
    var estate = SyntheticEstate.faultBetween(240, 252);
    // catalogue served 4 lookups in the baseline hour, all found; 10 in the window, all missing:
    // below the old minimum of 5 occurrences, but Fisher's p = 1 / C(14, 4) = 0.001
    FeatureSource withPairs =
        withPairs(
            estate,
            w -> {
              var out = new java.util.ArrayList<EventPairMinute>();
              for (Instant m = w.start(); m.isBefore(w.end()); m = m.plusSeconds(60)) {
                boolean fault = !m.isBefore(FAULT.start());
                long minuteOfHour = m.getEpochSecond() / 60 % 60;
                if (fault) {
                  out.add(pair("catalogue", "start GET /item", "log 17 missing", m, 2));
                } else if (minuteOfHour % 15 == 0) {
                  out.add(pair("catalogue", "start GET /item", "log 9 found", m, 1));
                }
                out.add(pair("carts", "start GET /cart", "end GET /cart", m, 20));
              }
              return out;
            });

    Finding finding = RcaAnalyzer.builder(withPairs).build().rank("acme", FAULT, Optional.empty());

    Finding.Cause top = finding.causes().getFirst();
    assertThat(top.service()).isEqualTo("catalogue");
    Finding.CodePathEvidence change = top.codePath().getFirst();
    assertThat(change.baselineOccurrences()).isEqualTo(4);
    assertThat(change.windowOccurrences()).isEqualTo(10);
  }

  @Test
  void aServiceThatRecoveredIsNoCodePathChange() {
    var estate = SyntheticEstate.faultBetween(240, 252);
    // catalogue's lookups failed a third of the time in the hour before (an earlier incident's
    // tail), and all succeed in the window: its shares moved, but it got better
    FeatureSource withPairs =
        withPairs(
            estate,
            w -> {
              var out = new java.util.ArrayList<EventPairMinute>();
              for (Instant m = w.start(); m.isBefore(w.end()); m = m.plusSeconds(60)) {
                boolean fault = !m.isBefore(FAULT.start());
                out.add(pair("catalogue", "start GET /item", "log 9 found", m, fault ? 30 : 20));
                out.add(pair("catalogue", "start GET /item", "log 17 failed", m, fault ? 0 : 10));
              }
              return out;
            });

    Finding finding = RcaAnalyzer.builder(withPairs).build().rank("acme", FAULT, Optional.empty());

    assertThat(finding.causes().getFirst().service()).isEqualTo("carts-db");
    assertThat(finding.causes()).allSatisfy(c -> assertThat(c.codePath()).isEmpty());
  }

  @Test
  void aFailingPairSourceCostsTheCodePathEvidenceNotTheFinding() {
    var estate = SyntheticEstate.faultBetween(240, 252);
    FeatureSource failing =
        withPairs(
            estate,
            w -> {
              throw new SourceException(SourceException.Reason.UNAVAILABLE, "core down");
            });

    Finding finding =
        RcaAnalyzer.builder(failing)
            .networkScore(true)
            .build()
            .rank("acme", FAULT, Optional.empty());

    assertThat(finding.causes().getFirst().service()).isEqualTo("carts-db");
    assertThat(finding.causes()).allSatisfy(c -> assertThat(c.codePath()).isEmpty());
  }

  @Test
  void theSelfTimeOrderLeadsWithItsEvidenceFirst() {
    var estate = SyntheticEstate.faultBetween(240, 252);
    // catalogue's own time grows fivefold in the window; the features point at carts-db, whose
    // CPU rises to 0.95 in the fault
    var gapsToCaller = new java.util.ArrayList<java.util.Set<String>>();
    FeatureSource withSelfTimes =
        new FeatureSource() {
          @Override
          public FeatureData features(String tenant, TimeWindow w) {
            return estate.features(tenant, w);
          }

          @Override
          public List<SelfTimeMinute> selfTimes(
              String tenant, TimeWindow w, java.util.Set<String> toCaller) {
            gapsToCaller.add(toCaller);
            var out = new java.util.ArrayList<SelfTimeMinute>();
            for (Instant m = w.start(); m.isBefore(w.end()); m = m.plusSeconds(60)) {
              boolean fault = !m.isBefore(FAULT.start());
              int jitter = (int) (m.getEpochSecond() / 60 % 3);
              for (String s : SyntheticEstate.SERVICES) {
                double p50 = 1_000_000 + 10_000 * jitter;
                if (fault && s.equals("catalogue")) {
                  p50 *= 5;
                }
                out.add(new SelfTimeMinute(s, m, 100, p50, 2 * p50));
              }
            }
            return out;
          }
        };

    Finding finding =
        RcaAnalyzer.builder(withSelfTimes).build().rank("acme", FAULT, Optional.empty());

    Finding.Cause top = finding.causes().getFirst();
    assertThat(top.service()).isEqualTo("catalogue");
    assertThat(top.evidence().getFirst().metric()).startsWith("self_time_");
    assertThat(finding.causes()).extracting(Finding.Cause::service).contains("carts-db");
    // The window and its baseline are read with the CPU-starved caller keeping its gaps.
    assertThat(gapsToCaller).hasSize(2).containsOnly(java.util.Set.of("carts-db"));
  }

  @Test
  void aServiceWhoseOwnMemoryGrewLeadsWhenMemoryGrowthIsOn() {
    // No feature fault; in the window catalogue's own time doubles (about 50 IQRs) and carts holds
    // 300 MB more memory than its baseline's 100 MB (IQR about 1 MB).
    var quiet = new SyntheticEstate(SyntheticEstate.T0, m -> false, m -> false);
    FeatureSource source =
        new FeatureSource() {
          @Override
          public FeatureData features(String tenant, TimeWindow w) {
            FeatureData plain = quiet.features(tenant, w);
            var rows = new java.util.ArrayList<ServiceMinute>();
            for (ServiceMinute r : plain.minutes()) {
              double memory = 100e6 + 1e6 * (r.minute().getEpochSecond() / 60 % 3);
              if (r.service().equals("carts") && !r.minute().isBefore(FAULT.start())) {
                memory += 300e6;
              }
              rows.add(r.withGauges(java.util.Map.of("process.memory.usage", memory)));
            }
            return new FeatureData(rows, plain.edges());
          }

          @Override
          public List<SelfTimeMinute> selfTimes(
              String tenant, TimeWindow w, java.util.Set<String> toCaller) {
            var out = new java.util.ArrayList<SelfTimeMinute>();
            for (Instant m = w.start(); m.isBefore(w.end()); m = m.plusSeconds(60)) {
              int jitter = (int) (m.getEpochSecond() / 60 % 3);
              for (String s : SyntheticEstate.SERVICES) {
                double p50 = 1_000_000 + 10_000 * jitter;
                if (!m.isBefore(FAULT.start()) && s.equals("catalogue")) {
                  p50 *= 2;
                }
                out.add(new SelfTimeMinute(s, m, 100, p50, 2 * p50));
              }
            }
            return out;
          }
        };

    Finding with =
        RcaAnalyzer.builder(source)
            .memoryGrowth(true)
            .build()
            .rank("acme", FAULT, Optional.empty());
    Finding without =
        RcaAnalyzer.builder(source)
            .memoryGrowth(false)
            .build()
            .rank("acme", FAULT, Optional.empty());

    assertThat(with.causes()).extracting(Finding.Cause::service).startsWith("carts", "catalogue");
    assertThat(with.causes().getFirst().evidence())
        .extracting(Finding.MetricEvidence::metric)
        .contains("process.memory.usage");
    assertThat(without.causes().getFirst().service()).isEqualTo("catalogue");
  }

  @Test
  void aShiftInWhatAnOperationCallsJoinsTheSelfTimeOrder() {
    var estate = SyntheticEstate.faultBetween(240, 252);
    // Self time does not move anywhere; in the window carts' "GET /cart" stops calling carts-db.
    Finding finding =
        RcaAnalyzer.builder(withSpanEvents(estate, false))
            .build()
            .rank("acme", FAULT, Optional.empty());

    Finding.Cause top = finding.causes().getFirst();
    assertThat(top.service()).isEqualTo("carts");
    assertThat(top.score()).isGreaterThan(0);
    assertThat(finding.causes())
        .extracting(Finding.Cause::service)
        .containsAll(SyntheticEstate.SERVICES);

    Finding without =
        RcaAnalyzer.builder(withSpanEvents(estate, true))
            .build()
            .rank("acme", FAULT, Optional.empty());
    assertThat(without.causes())
        .extracting(Finding.Cause::service)
        .containsAll(SyntheticEstate.SERVICES);
    assertThat(without.causes()).allSatisfy(c -> assertThat(c.score()).isNotNaN());
  }

  /** Flat self times, and carts' span events (or a source that fails on them). */
  private static FeatureSource withSpanEvents(SyntheticEstate estate, boolean failing) {
    return new FeatureSource() {
      @Override
      public FeatureData features(String tenant, TimeWindow w) {
        return estate.features(tenant, w);
      }

      @Override
      public List<SelfTimeMinute> selfTimes(
          String tenant, TimeWindow w, java.util.Set<String> gapsToCaller) {
        var out = new java.util.ArrayList<SelfTimeMinute>();
        for (Instant m = w.start(); m.isBefore(w.end()); m = m.plusSeconds(60)) {
          for (String s : SyntheticEstate.SERVICES) {
            out.add(new SelfTimeMinute(s, m, 100, 1_000_000, 2_000_000));
          }
        }
        return out;
      }

      @Override
      public List<OperationSpansMinute> operations(String tenant, TimeWindow w) {
        var out = new java.util.ArrayList<OperationSpansMinute>();
        for (Instant m = w.start(); m.isBefore(w.end()); m = m.plusSeconds(60)) {
          out.add(new OperationSpansMinute("carts", "GET /cart", m, 50));
        }
        return out;
      }

      @Override
      public List<SpanEventMinute> spanEvents(String tenant, TimeWindow w) {
        if (failing) {
          throw new SourceException(SourceException.Reason.UNAVAILABLE, "core down");
        }
        var out = new java.util.ArrayList<SpanEventMinute>();
        for (Instant m = w.start(); m.isBefore(w.end()); m = m.plusSeconds(60)) {
          long calls = m.isBefore(FAULT.start()) ? 50 : 0;
          out.add(new SpanEventMinute("carts", "GET /cart", "call carts-db SELECT", m, calls));
        }
        return out;
      }
    };
  }

  /**
   * carts' network is slow both ways in the window: front-end waits 5 ms more on the wire to it,
   * and it waits 5 ms more on the wire to carts-db. The self-time read charges a call's gap to the
   * callee, so carts-db's self time moves most (all of its spans are the calls into it).
   */
  private static FeatureSource slowNetworkAtCarts(boolean edges) {
    var estate = SyntheticEstate.faultBetween(0, 0);
    return new FeatureSource() {
      @Override
      public FeatureData features(String tenant, TimeWindow w) {
        return estate.features(tenant, w);
      }

      @Override
      public List<SelfTimeMinute> selfTimes(
          String tenant, TimeWindow w, java.util.Set<String> gapsToCaller) {
        var out = new java.util.ArrayList<SelfTimeMinute>();
        for (Instant m = w.start(); m.isBefore(w.end()); m = m.plusSeconds(60)) {
          boolean fault = !m.isBefore(FAULT.start());
          for (String s : SyntheticEstate.SERVICES) {
            var r = new java.util.SplittableRandom(s.hashCode() * 31L + m.getEpochSecond());
            double p50 =
                (1 + SyntheticEstate.SERVICES.indexOf(s)) * 1e6 * (1 + 0.02 * r.nextGaussian());
            if (fault && s.equals("carts")) {
              p50 += 3e6;
            } else if (fault && s.equals("carts-db")) {
              p50 += 6e6;
            }
            out.add(new SelfTimeMinute(s, m, 100, p50, 2 * p50));
          }
        }
        return out;
      }

      @Override
      public List<EdgeMinute> edges(String tenant, TimeWindow w) {
        if (!edges) {
          return List.of();
        }
        var out = new java.util.ArrayList<EdgeMinute>();
        List<List<String>> calls =
            List.of(
                List.of("front-end", "carts"),
                List.of("carts", "carts-db"),
                List.of("front-end", "catalogue"));
        for (Instant m = w.start(); m.isBefore(w.end()); m = m.plusSeconds(60)) {
          boolean fault = !m.isBefore(FAULT.start());
          for (List<String> c : calls) {
            var r = new java.util.SplittableRandom(c.hashCode() * 31L + m.getEpochSecond());
            double gap = 1e6 * (1 + 0.02 * r.nextGaussian());
            if (fault && c.contains("carts")) {
              gap += 5e6;
            }
            out.add(
                new EdgeMinute(
                    c.get(0),
                    c.get(1),
                    m,
                    100,
                    0,
                    gap,
                    2 * gap,
                    4e6,
                    8e6,
                    Long.toHexString(m.getEpochSecond()) + c.get(1),
                    gap + 8e6));
          }
        }
        return out;
      }
    };
  }

  @Test
  void aServiceWhoseNetworkIsSlowRanksAheadOfTheCalleeItsGapsAreChargedTo() {
    // Without the edges the self-time order blames carts-db, which only received slower calls.
    Finding withoutEdges =
        RcaAnalyzer.builder(slowNetworkAtCarts(false))
            .build()
            .rank("acme", FAULT, Optional.empty());
    assertThat(withoutEdges.causes().getFirst().service()).isEqualTo("carts-db");
    // Without the network score (the default until session 11) the same, with the edge evidence.
    Finding notUsed =
        RcaAnalyzer.builder(slowNetworkAtCarts(true))
            .networkScore(false)
            .build()
            .rank("acme", FAULT, Optional.empty());
    assertThat(notUsed.causes().getFirst().service()).isEqualTo("carts-db");
    assertThat(notUsed.causes().getFirst().edges()).isNotEmpty();

    // The default (network score on since session 11) names carts.
    Finding finding =
        RcaAnalyzer.builder(slowNetworkAtCarts(true)).build().rank("acme", FAULT, Optional.empty());

    Finding.Cause top = finding.causes().getFirst();
    assertThat(top.service()).isEqualTo("carts");
    // The evidence: both of carts' edges added 5 ms on the wire; the callee answered as fast as
    // before. front-end's other call did not move, so its edge to carts is charged to carts;
    // carts-db has no other caller, so nothing tells whether carts' way out or carts-db's way in
    // is slow: that edge is shared evenly (a lone end is unknown, not clean).
    assertThat(top.edges())
        .extracting(Finding.EdgeEvidence::caller, Finding.EdgeEvidence::callee)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("front-end", "carts"),
            org.assertj.core.groups.Tuple.tuple("carts", "carts-db"));
    for (Finding.EdgeEvidence e : top.edges()) {
      assertThat(e.addedGapNanos()).isBetween(4.8e6, 5.2e6);
      assertThat(e.windowServerP50Nanos()).isEqualTo(e.baselineServerP50Nanos());
    }
    assertThat(top.edges().get(0).share()).isGreaterThan(0.9);
    assertThat(top.edges().get(1).share()).isBetween(0.45, 0.55);
    // Its self time against its baseline is there too.
    assertThat(top.evidence()).extracting(Finding.MetricEvidence::metric).contains("self_time_p50");
    // carts-db keeps its one edge as evidence, with its half of it.
    Finding.Cause db =
        finding.causes().stream()
            .filter(c -> c.service().equals("carts-db"))
            .findFirst()
            .orElseThrow();
    assertThat(db.edges())
        .singleElement()
        .satisfies(e -> assertThat(e.share()).isBetween(0.45, 0.55));
    // Example slow traces at the cause: the slowest calls into carts.
    assertThat(finding.examples())
        .filteredOn(x -> x.service().equals("carts"))
        .isNotEmpty()
        .allSatisfy(
            x -> {
              assertThat(x.kind()).isEqualTo(Finding.Example.Kind.SLOW_CALL);
              assertThat(x.traceId()).endsWith("carts");
              assertThat(x.time()).isBetween(FAULT.start(), FAULT.end());
            });
  }

  @Test
  void aServiceChargedWithItsOwnCallsKeepsTheirGapsSoItsCalleeSelfTimeDoesNotCarryThem() {
    // orders' network is slow both ways; db is also called by users, whose calls did not move, so
    // the move of orders -> db is orders' own. The read that charges a call's gap to the callee
    // gives db's self time orders' slower calls; with networkGaps, orders keeps them.
    var asked = new java.util.ArrayList<java.util.Set<String>>();
    FeatureSource source = slowNetworkAtOrders(asked);

    Finding without = RcaAnalyzer.builder(source).build().rank("acme", FAULT, Optional.empty());
    assertThat(asked).allSatisfy(set -> assertThat(set).isEmpty());
    assertThat(selfTimeDeviation(without, "db")).isGreaterThan(10);

    Finding scoreOnly =
        RcaAnalyzer.builder(source)
            .networkScore(true)
            .build()
            .rank("acme", FAULT, Optional.empty());
    assertThat(asked).allSatisfy(set -> assertThat(set).isEmpty());
    assertThat(selfTimeDeviation(scoreOnly, "db")).isGreaterThan(10);

    asked.clear();
    Finding with =
        RcaAnalyzer.builder(source)
            .networkScore(true)
            .networkGaps(true)
            .build()
            .rank("acme", FAULT, Optional.empty());

    assertThat(asked).isNotEmpty().allSatisfy(set -> assertThat(set).containsExactly("orders"));
    assertThat(selfTimeDeviation(with, "db")).isLessThan(3);
    assertThat(selfTimeDeviation(with, "orders")).isGreaterThan(10);
    assertThat(with.causes().getFirst().service()).isEqualTo("orders");
  }

  /** The largest self-time deviation among a cause's evidence (0 when it has none). */
  private static double selfTimeDeviation(Finding finding, String service) {
    return finding.causes().stream()
        .filter(c -> c.service().equals(service))
        .flatMap(c -> c.evidence().stream())
        .filter(e -> e.metric().startsWith("self_time"))
        .mapToDouble(Finding.MetricEvidence::deviation)
        .max()
        .orElse(0);
  }

  /**
   * front-end -> orders -> db and front-end -> users -> db; orders' network adds 5 ms to both of
   * its edges in the window. Self time as the core reads it: each service's own 2 ms, and a client
   * call's gap charged to its callee unless its caller is in {@code gapsToCaller} (every read's set
   * is recorded in {@code asked}).
   */
  private static FeatureSource slowNetworkAtOrders(List<java.util.Set<String>> asked) {
    var estate = SyntheticEstate.faultBetween(0, 0);
    List<List<String>> calls =
        List.of(
            List.of("front-end", "orders"),
            List.of("front-end", "users"),
            List.of("orders", "db"),
            List.of("users", "db"));
    java.util.function.BiFunction<List<String>, Instant, Double> gap =
        (c, m) -> {
          var r = new java.util.SplittableRandom(c.hashCode() * 31L + m.getEpochSecond());
          double g = 1e6 * (1 + 0.02 * r.nextGaussian());
          return !m.isBefore(FAULT.start()) && c.contains("orders") ? g + 5e6 : g;
        };
    return new FeatureSource() {
      @Override
      public FeatureData features(String tenant, TimeWindow w) {
        return estate.features(tenant, w);
      }

      @Override
      public List<SelfTimeMinute> selfTimes(
          String tenant, TimeWindow w, java.util.Set<String> gapsToCaller) {
        asked.add(gapsToCaller);
        var out = new java.util.ArrayList<SelfTimeMinute>();
        for (Instant m = w.start(); m.isBefore(w.end()); m = m.plusSeconds(60)) {
          var samples = new java.util.TreeMap<String, List<Double>>();
          for (String s : List.of("front-end", "orders", "users", "db")) {
            var r = new java.util.SplittableRandom(s.hashCode() * 17L + m.getEpochSecond());
            samples
                .computeIfAbsent(s, k -> new java.util.ArrayList<>())
                .add(2e6 * (1 + 0.02 * r.nextGaussian()));
          }
          for (List<String> c : calls) {
            String charged = gapsToCaller.contains(c.get(0)) ? c.get(0) : c.get(1);
            samples.get(charged).add(gap.apply(c, m));
          }
          for (var e : samples.entrySet()) {
            double mean =
                e.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(0);
            out.add(new SelfTimeMinute(e.getKey(), m, e.getValue().size(), mean, 2 * mean));
          }
        }
        return out;
      }

      @Override
      public List<EdgeMinute> edges(String tenant, TimeWindow w) {
        var out = new java.util.ArrayList<EdgeMinute>();
        for (Instant m = w.start(); m.isBefore(w.end()); m = m.plusSeconds(60)) {
          for (List<String> c : calls) {
            double g = gap.apply(c, m);
            out.add(
                new EdgeMinute(
                    c.get(0), c.get(1), m, 100, 0, g, 2 * g, 2e6, 4e6, "ab" + c.get(1), g + 4e6));
          }
        }
        return out;
      }
    };
  }

  @Test
  void aFailingEdgeSourceCostsTheNetworkScoreNotTheFinding() {
    FeatureSource failing =
        new FeatureSource() {
          final FeatureSource delegate = slowNetworkAtCarts(false);

          @Override
          public FeatureData features(String tenant, TimeWindow w) {
            return delegate.features(tenant, w);
          }

          @Override
          public List<SelfTimeMinute> selfTimes(
              String tenant, TimeWindow w, java.util.Set<String> gapsToCaller) {
            return delegate.selfTimes(tenant, w, gapsToCaller);
          }

          @Override
          public List<EdgeMinute> edges(String tenant, TimeWindow w) {
            throw new SourceException(SourceException.Reason.UNAVAILABLE, "core down");
          }
        };

    Finding finding =
        RcaAnalyzer.builder(failing)
            .networkScore(true)
            .build()
            .rank("acme", FAULT, Optional.empty());

    assertThat(finding.causes().getFirst().service()).isEqualTo("carts-db");
    assertThat(finding.causes()).allSatisfy(c -> assertThat(c.edges()).isEmpty());
  }

  private static FeatureSource withPairs(
      FeatureSource features,
      java.util.function.Function<TimeWindow, List<EventPairMinute>> pairs) {
    return new FeatureSource() {
      @Override
      public FeatureData features(String tenant, TimeWindow w) {
        return features.features(tenant, w);
      }

      @Override
      public List<EventPairMinute> eventPairs(String tenant, TimeWindow w) {
        return pairs.apply(w);
      }
    };
  }

  private static EventPairMinute pair(
      String service, String source, String target, Instant minute, long count) {
    return new EventPairMinute(service, source, target, minute, count);
  }
}
