package io.mirador.rca.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mirador.rca.IncidentPolicy;
import io.mirador.rca.TimeWindow;
import io.mirador.rca.online.BaselineTolerance;
import io.mirador.rca.online.DetectionLoop;
import io.mirador.rca.online.FeatureSource;
import io.mirador.rca.online.SettledReadCache;
import io.mirador.rca.online.SourceException;
import io.mirador.rca.online.Tick;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Runs the {@link DetectionLoop} for every configured tenant once a minute, a few seconds after the
 * minute turns, on one dedicated thread that starts and stops with the application. Counts what it
 * does on {@code /q/metrics}; the readiness check reads {@link #status}.
 */
@Singleton
public class DetectionService {
  private static final Logger LOG = Logger.getLogger(DetectionService.class);

  /** The run starts this long after a minute's settle time has passed. */
  private static final Duration OFFSET = Duration.ofSeconds(5);

  private final RcaConfig config;
  private final MeterRegistry registry;

  /** Remembered baseline reads: five per open incident, so about 50 incidents' worth. */
  private static final int CACHED_READS = 256;

  private final Clock clock = Clock.systemUTC();
  private final List<String> tenants;
  private final DetectionLoop loop;
  private final CoreFindingSink sink;
  private final Map<String, Instant> lastSuccess = new ConcurrentHashMap<>();
  private final Map<String, String> lastFailure = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastRun = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> pending = new ConcurrentHashMap<>();
  private final Instant started;
  private ScheduledExecutorService executor;

  DetectionService(
      RcaConfig config,
      CoreClient core,
      RcaRuntime.LoopCredentials credentials,
      ObjectMapper json,
      MeterRegistry registry) {
    this.config = config;
    this.registry = registry;
    this.tenants =
        config.detection().tenants().orElse(List.of()).stream()
            .map(String::strip)
            .filter(t -> !t.isEmpty())
            .map(Tenants::require)
            .distinct()
            .toList();
    var source = new CoreSource(core, credentials.source());
    this.sink = new CoreFindingSink(core, credentials.source(), json);
    // An open incident is analysed again every minute over the same baseline hour: read it once.
    FeatureSource settledOnce =
        SettledReadCache.of(source, clock, config.detection().settle(), CACHED_READS);
    this.loop =
        DetectionLoop.builder(settledOnce, sink)
            .evidence(source)
            .policy(IncidentPolicy.withThreshold(1.0))
            .baseline(config.detection().baseline())
            .refitEvery(config.detection().refitEvery())
            .settle(config.detection().settle())
            .minBaselineMinutes(config.detection().minBaselineMinutes())
            .fullBaselineMinutes(config.detection().fullBaselineMinutes())
            .build();
    sink.baselineNotes(loop::baselineNote);
    this.started = clock.instant();
    for (String tenant : tenants) {
      AtomicInteger p = new AtomicInteger();
      pending.put(tenant, p);
      registry.gauge(
          "mirador.rca.findings.pending",
          io.micrometer.core.instrument.Tags.of("tenant", tenant),
          p);
    }
  }

  void start(@Observes StartupEvent event) {
    if (!config.detection().enabled() || tenants.isEmpty()) {
      LOG.info("detection loop off (no tenants configured or disabled)");
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mirador-rca-detection");
              t.setDaemon(true);
              return t;
            });
    Instant now = clock.instant();
    Instant next = firstRun(now, config.detection().settle());
    executor.scheduleAtFixedRate(
        this::runOnce, Duration.between(now, next).toMillis(), 60_000, TimeUnit.MILLISECONDS);
    LOG.infof("detection loop: %d tenant(s), every minute", tenants.size());
  }

  /**
   * The first run after {@code now}: each minute's run falls {@code settle} (within a minute) and
   * {@link #OFFSET} after the minute turns, so a minute is scored as soon as it has settled (20 s
   * settle: at :25, the minute that ended 25 s before).
   */
  static Instant firstRun(Instant now, Duration settle) {
    Duration offset = Duration.ofMillis(settle.toMillis() % 60_000).plus(OFFSET);
    Instant next = now.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plus(offset);
    return next.isAfter(now) ? next : next.plus(Duration.ofMinutes(1));
  }

  void stop(@Observes ShutdownEvent event) {
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One run over every tenant; a failing tenant does not stop the others. */
  void runOnce() {
    for (String tenant : tenants) {
      runTenant(tenant, clock.instant());
    }
  }

  /** One run of one tenant at {@code now}; public to the package for tests. */
  Optional<Tick> runTenant(String tenant, Instant now) {
    Timer.Sample sample = Timer.start(registry);
    lastRun.put(tenant, now);
    sink.tickAt(now);
    try {
      Tick tick = loop.tick(tenant, now);
      sample.stop(registry.timer("mirador.rca.tick", "tenant", tenant, "outcome", "ok"));
      count("mirador.rca.minutes.evaluated", tenant, tick.minutes());
      count("mirador.rca.service.minutes.scored", tenant, tick.scored());
      count("mirador.rca.service.minutes.anomalous", tenant, tick.anomalous());
      count("mirador.rca.incidents.opened", tenant, tick.opened());
      count("mirador.rca.incidents.updated", tenant, tick.updated());
      count("mirador.rca.incidents.closed", tenant, tick.closed());
      count("mirador.rca.findings.fallback", tenant, tick.fallbacks());
      count("mirador.rca.service.minutes.held_back", tenant, tick.heldBack());
      if (tick.refitted()) {
        count("mirador.rca.refits", tenant, 1);
      }
      pending.computeIfAbsent(tenant, t -> new AtomicInteger()).set(tick.pending());
      lastSuccess.put(tenant, now);
      lastFailure.remove(tenant);
      return Optional.of(tick);
    } catch (SourceException e) {
      sample.stop(registry.timer("mirador.rca.tick", "tenant", tenant, "outcome", "failed"));
      lastFailure.put(tenant, e.reason().name().toLowerCase(java.util.Locale.ROOT));
      LOG.warnf("detection run failed for a tenant (%s): %s", e.reason(), e.getMessage());
      return Optional.empty();
    } catch (RuntimeException e) {
      sample.stop(registry.timer("mirador.rca.tick", "tenant", tenant, "outcome", "error"));
      lastFailure.put(tenant, "error");
      LOG.errorf(e, "detection run failed for a tenant");
      return Optional.empty();
    }
  }

  /** Windows of recent incidents: kept out of on-demand RCA baselines too. */
  List<TimeWindow> incidentWindows(String tenant) {
    return loop.incidentWindows(tenant);
  }

  List<String> tenants() {
    return tenants;
  }

  /**
   * Where a tenant's detection stands, for the API and the health check.
   *
   * @param tolerance how much the alarm level of the service with the shortest baseline is widened
   *     (1 from {@code fullMinutes} on; 0 while nothing is scored)
   * @param description {@code learning the baseline: 3 of 5 minutes}, {@code watching (short
   *     baseline: 7 of 30 minutes, tolerance widened x2.07)}, {@code watching}, {@code off}
   */
  record TenantStatus(
      String tenant,
      String state,
      int baselineMinutes,
      int requiredMinutes,
      int fullMinutes,
      double tolerance,
      String description,
      int openIncidents,
      Instant lastRunAt,
      String lastError) {}

  /**
   * {@code off} (the loop is off, or not configured for the tenant), {@code learning} (no service
   * has a baseline of {@code requiredMinutes} minutes with data yet; {@code baselineMinutes} is
   * what the latest fit found) or {@code watching} (on a widened level while the shortest baseline
   * is under {@code fullMinutes}: the description says how far).
   */
  TenantStatus status(String tenant) {
    int required = config.detection().minBaselineMinutes();
    int full = config.detection().fullBaselineMinutes();
    // Off: nothing evaluates the tenant (not configured, or the loop is off and never ran it).
    if (!tenants.contains(tenant) || (!running() && !lastRun.containsKey(tenant))) {
      return new TenantStatus(tenant, "off", 0, required, full, 0, "off", 0, null, null);
    }
    DetectionLoop.Status s = loop.status(tenant);
    boolean watching = s.services() > 0;
    return new TenantStatus(
        tenant,
        watching ? "watching" : "learning",
        s.baselineMinutes(),
        required,
        full,
        s.tolerance().map(BaselineTolerance::factor).orElse(0.0),
        describe(s, required),
        s.openIncidents(),
        lastRun.get(tenant),
        lastFailure.get(tenant));
  }

  /**
   * The state for a person: {@code learning the baseline: 3 of 5 minutes} while no service is
   * scored, {@code watching (short baseline: 7 of 30 minutes, tolerance widened x2.07)} while the
   * shortest baseline of a scored service is short, else {@code watching}.
   */
  static String describe(DetectionLoop.Status s, int requiredMinutes) {
    if (s.services() == 0) {
      return "learning the baseline: "
          + Math.min(s.baselineMinutes(), requiredMinutes)
          + " of "
          + requiredMinutes
          + " minutes";
    }
    return s.tolerance()
        .filter(BaselineTolerance::isShort)
        .map(t -> "watching (" + t.describe() + ")")
        .orElse("watching");
  }

  boolean running() {
    return executor != null;
  }

  Instant started() {
    return started;
  }

  Map<String, Instant> lastSuccess() {
    return Map.copyOf(lastSuccess);
  }

  Map<String, String> lastFailure() {
    return Map.copyOf(lastFailure);
  }

  private void count(String name, String tenant, int n) {
    if (n > 0) {
      Counter.builder(name).tag("tenant", tenant).register(registry).increment(n);
    }
  }
}
