package io.mirador.rca.online;

import io.mirador.rca.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * A seeded three-tier shop (front-end -> carts -> carts-db, front-end -> catalogue) whose features
 * are a function of service and minute only, so every read of a window returns the same data.
 * During the fault window carts-db is slow, failing and busy; its callers slow down a little.
 */
final class SyntheticEstate implements FeatureSource {
  static final List<String> SERVICES = List.of("front-end", "carts", "carts-db", "catalogue");
  static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");

  private final Instant dataFrom;
  private final Predicate<Instant> faulty;
  private final Predicate<Instant> gap;
  int reads;

  SyntheticEstate(Instant dataFrom, Predicate<Instant> faulty, Predicate<Instant> gap) {
    this.dataFrom = dataFrom;
    this.faulty = faulty;
    this.gap = gap;
  }

  /** Data from {@link #T0}, faulty in minutes [from, to) after T0, no gaps. */
  static SyntheticEstate faultBetween(int from, int to) {
    return new SyntheticEstate(T0, m -> within(m, from, to), m -> false);
  }

  static Instant minute(int m) {
    return T0.plus(Duration.ofMinutes(m));
  }

  static boolean within(Instant minute, int from, int to) {
    return !minute.isBefore(minute(from)) && minute.isBefore(minute(to));
  }

  @Override
  public FeatureData features(String tenant, TimeWindow window) {
    reads++;
    var rows = new ArrayList<ServiceMinute>();
    var edges = new ArrayList<CallEdge>();
    for (Instant m = window.start(); m.isBefore(window.end()); m = m.plus(Duration.ofMinutes(1))) {
      if (m.isBefore(dataFrom) || gap.test(m)) {
        continue;
      }
      for (String s : SERVICES) {
        rows.add(row(s, m));
      }
    }
    if (!rows.isEmpty()) {
      edges.add(new CallEdge("front-end", "carts", 10, 0, 1e6, 2e6, 3e6));
      edges.add(new CallEdge("carts", "carts-db", 10, 0, 1e6, 2e6, 3e6));
      edges.add(new CallEdge("front-end", "catalogue", 10, 0, 1e6, 2e6, 3e6));
    }
    return new FeatureData(rows, edges);
  }

  private ServiceMinute row(String service, Instant minute) {
    var r = new SplittableRandom(service.hashCode() * 31L + minute.getEpochSecond());
    boolean fault = faulty.test(minute);
    double base = 1e6 * (1 + SERVICES.indexOf(service));
    double p50 = base * (1 + 0.05 * r.nextGaussian());
    long requests = Math.round(100 + 5 * r.nextGaussian());
    long errors = r.nextInt(3);
    long errorLogs = r.nextInt(2);
    double cpu = 0.3 + 0.02 * r.nextGaussian();
    if (fault && service.equals("carts-db")) {
      p50 *= 8;
      errors = requests / 2;
      errorLogs += 40;
      cpu = 0.95;
    } else if (fault && (service.equals("carts") || service.equals("front-end"))) {
      p50 *= 1.3;
      errors += 2;
    }
    return new ServiceMinute(
        service,
        minute,
        requests,
        errors,
        p50,
        p50 * 2,
        p50 * 3,
        errorLogs,
        Map.of("container.cpu.utilization", cpu));
  }
}
