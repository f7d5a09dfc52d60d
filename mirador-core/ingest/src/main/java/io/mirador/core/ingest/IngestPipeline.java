package io.mirador.core.ingest;

import static java.util.Objects.requireNonNull;

import io.mirador.core.config.CoreConfig;
import io.mirador.core.config.TenantConfig;
import io.mirador.core.ingest.IngestResult.Refusal;
import io.mirador.core.ingest.IngestResult.Retry;
import io.mirador.crypto.BatchHeader;
import io.mirador.crypto.BatchOpener;
import io.mirador.crypto.OpenResult;
import io.mirador.crypto.ReplayGuard;
import io.mirador.crypto.SealedBatch;
import io.mirador.crypto.Signal;
import io.mirador.ingest.WireBatches;
import io.mirador.otlp.InvalidOtlpException;
import io.mirador.otlp.OtlpDecoder;
import io.mirador.pii.OtlpRedactor;
import io.mirador.pii.PolicyException;
import io.mirador.pii.PolicyLoader;
import io.mirador.pii.RedactionMetrics;
import io.mirador.pii.RedactionPolicy;
import io.mirador.store.RedactionMinute;
import io.mirador.store.Retention;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TenantId;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's ingest: sealed batches of agents and plain OTLP requests, through the same checks to
 * the store of this core's region.
 *
 * <p>Sealed: decode -> known tenant -> tenant's region is this core's -> agent registered for the
 * tenant -> memory budget -> replay window (an exact duplicate is acknowledged, not stored) -> open
 * (HPKE auth mode with the agent's key) -> parse the OTLP request -> redact with the tenant's
 * policy -> leave out invalid items -> store with the tenant's retention (and the resources'
 * redaction counts, per minute, in the same writer pass) -> mark the sequence number accepted and
 * persist the window -> STORED. Plain OTLP joins after the open step.
 *
 * <p>With a store that deduplicates, the writer stores sealed batches exactly once, even across a
 * crash between the store write and the window: it keeps each write in a redo log under an insert
 * token, accepts the batches itself, and a restart repeats what is left ({@code
 * CoalescingWriter.recover}; ingest RATIONALE.md, exactly once).
 *
 * <p>Every outcome is a {@link IngestResult} and one {@link IngestEvent} to the listener.
 */
public final class IngestPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  /** Sources, as they appear in events. */
  public static final String SEALED = "sealed";

  private final String region;
  private final TelemetryStore store;
  private final CoalescingWriter writer;
  private final Duration storeTimeout;
  private final IngestListener listener;
  private final BatchOpener opener;
  private final ReplayGuard replay;
  private final ReplayJournal journal;
  private final AgentRegistry agents;
  private final InflightBudget budget;
  private final int maxBatchBytes;
  private final Duration storeRetryDelay;
  private final Duration busyRetryDelay;
  private final Map<String, Tenant> tenants;
  private final Set<String> inProgress = ConcurrentHashMap.newKeySet();
  private final RedactionMetrics redactionMetrics = new RedactionMetrics();
  private final LongAdder rejectedRedactionCounters = new LongAdder();
  private final Clock clock;
  private volatile boolean storeFailing;

  private record Tenant(TenantConfig config, boolean local, OtlpRedactor redactor) {}

  private IngestPipeline(Builder b) throws IOException {
    CoreConfig config = b.config;
    this.region = config.region();
    this.clock = b.clock;
    this.store = b.store;
    this.storeTimeout = b.storeTimeout;
    this.listener = b.listener;
    this.agents = b.agents;
    this.budget = new InflightBudget(config.limits().memoryBudgetBytes());
    this.maxBatchBytes = config.limits().maxBatchBytes();
    this.storeRetryDelay = b.storeRetryDelay;
    this.busyRetryDelay = b.busyRetryDelay;
    this.opener =
        BatchOpener.builder()
            .recipientKeys(b.keys.recipientKeys())
            .maxPlaintextBytes(config.limits().maxPlaintextBytes())
            .build();
    this.replay =
        ReplayGuard.persistent(
            b.replayState.orElse(config.dataDir().resolve("replay.state")),
            replayWindow(config.limits().replayWindow()));
    this.journal = new ReplayJournal(replay);
    this.writer =
        new CoalescingWriter(b.store, b.linger, b.maxRowsPerWrite, exactlyOnce(b, journal));
    Map<String, Tenant> map = new HashMap<>();
    for (TenantConfig tenant : config.tenants()) {
      boolean local = tenant.region().equals(region);
      OtlpRedactor redactor = null;
      if (local) {
        RedactionPolicy policy = policy(tenant);
        redactor =
            OtlpRedactor.create(
                policy,
                b.keys
                    .pseudonymizationKey(tenant.id())
                    .orElseThrow(
                        () ->
                            new IllegalStateException(
                                "no pseudonymisation key for tenant " + tenant.id().value())),
                redactionMetrics);
      }
      map.put(tenant.id().value(), new Tenant(tenant, local, redactor));
    }
    this.tenants = Map.copyOf(map);
    writer.recover();
  }

  /**
   * Sealed batches are stored exactly once when the store deduplicates (ingest RATIONALE.md,
   * exactly once); a store that does not (test doubles) is written at least once.
   */
  private static Optional<CoalescingWriter.ExactlyOnce> exactlyOnce(
      Builder b, ReplayJournal journal) throws IOException {
    if (!b.store.deduplicates()) {
      return Optional.empty();
    }
    CrashPoint crash = b.crashPoint.orElseGet(CrashPoint::fromSystemProperty);
    crash
        .armed()
        .ifPresent(
            point ->
                LOG.warn(
                    "TEST HOOK ARMED: {}={}: this core halts at its next store write of sealed"
                        + " batches; never set it outside a test",
                    CrashPoint.PROPERTY,
                    point.propertyValue()));
    RedoLog redo = new RedoLog(b.redoLog.orElse(b.config.dataDir().resolve("ingest-redo")));
    return Optional.of(new CoalescingWriter.ExactlyOnce(redo, journal, crash));
  }

  /** The replay guard needs a multiple of 64 up to 65536. */
  static int replayWindow(int configured) {
    int rounded = (configured + 63) / 64 * 64;
    return Math.min(Math.max(rounded, 64), 1 << 16);
  }

  private static RedactionPolicy policy(TenantConfig tenant) {
    if (tenant.redactionPolicy().isEmpty()) {
      return RedactionPolicy.defaults(tenant.id().value());
    }
    Path file = tenant.redactionPolicy().get();
    try {
      RedactionPolicy policy = PolicyLoader.load(file);
      if (!policy.tenant().equals(tenant.id().value())
          && !policy.tenant().equals(RedactionPolicy.DEFAULT_TENANT)) {
        throw new IllegalStateException(
            file
                + ": policy of tenant '"
                + policy.tenant()
                + "' configured for tenant '"
                + tenant.id().value()
                + "'");
      }
      return policy;
    } catch (PolicyException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------------------------------------
  // Sealed batches

  /** Ingests one sealed batch of an agent. */
  public IngestResult push(io.mirador.ingest.v1.SealedBatch wire) {
    requireNonNull(wire, "wire");
    String tenantLabel = knownTenantLabel(wire.getTenantId());
    Optional<Signal> signal = Optional.ofNullable(Signal.byCode(wire.getSignalValue()));
    String actor = actor("agent:", wire.getAgentId());
    long sequence = wire.getSequence();
    if (wire.getPayload().size() > maxBatchBytes) {
      return emit(
          SEALED,
          actor,
          tenantLabel,
          signal,
          sequence,
          new IngestResult.Refused(
              Refusal.TOO_LARGE, "payload exceeds limits.maxBatchBytes (" + maxBatchBytes + ")"),
          0);
    }
    WireBatches.Decoded decoded = WireBatches.fromWire(wire, maxBatchBytes);
    if (decoded instanceof WireBatches.Decoded.Invalid invalid) {
      return emit(
          SEALED,
          actor,
          tenantLabel,
          signal,
          sequence,
          new IngestResult.Refused(Refusal.MALFORMED, "malformed batch: " + invalid.reason()),
          0);
    }
    SealedBatch batch = ((WireBatches.Decoded.Valid) decoded).batch();
    BatchHeader header = batch.header();
    Tenant tenant = tenants.get(header.tenant());
    if (tenant == null) {
      return emit(
          SEALED,
          actor,
          tenantLabel,
          signal,
          sequence,
          new IngestResult.Refused(Refusal.UNKNOWN_TENANT, "tenant is not configured on this core"),
          0);
    }
    if (!tenant.local()) {
      return emit(SEALED, actor, tenantLabel, signal, sequence, residencyRefusal(tenant), 0);
    }
    Optional<AgentRegistry.Agent> agent = agents.find(header.agentId());
    if (agent.isEmpty() || !agent.get().tenant().equals(tenant.config().id())) {
      return emit(
          SEALED,
          actor,
          tenantLabel,
          signal,
          sequence,
          new IngestResult.Refused(
              Refusal.UNKNOWN_AGENT, "agent is not registered for tenant " + tenantLabel),
          0);
    }
    if (header.signal() == Signal.PROFILES) {
      return emit(
          SEALED,
          actor,
          tenantLabel,
          signal,
          sequence,
          new IngestResult.Refused(
              Refusal.UNSUPPORTED_SIGNAL, "signal PROFILES is not stored by this core"),
          0);
    }
    long reserved = batch.payloadLength();
    if (!budget.tryAcquire(reserved)) {
      return emit(SEALED, actor, tenantLabel, signal, sequence, overBudget(), 0);
    }
    String replayKey = header.agentId();
    String inProgressKey = replayKey + "\u0000" + header.sequence();
    if (!inProgress.add(inProgressKey)) {
      budget.release(reserved);
      return emit(
          SEALED,
          actor,
          tenantLabel,
          signal,
          sequence,
          new IngestResult.RetryLater(
              Retry.IN_PROGRESS, busyRetryDelay, "this batch is being stored; retry"),
          0);
    }
    try {
      switch (replay.check(replayKey, header.sequence())) {
        case DUPLICATE -> {
          return emit(
              SEALED, actor, tenantLabel, signal, sequence, new IngestResult.Duplicate(), 0);
        }
        case TOO_OLD -> {
          return emit(
              SEALED,
              actor,
              tenantLabel,
              signal,
              sequence,
              new IngestResult.Refused(
                  Refusal.TOO_OLD,
                  "sequence number is older than the replay window (highest accepted "
                      + replay.highWaterMark(replayKey)
                      + ")"),
              0);
        }
        case ACCEPTED -> {}
      }
      OpenResult opened = opener.open(batch, agent.get().publicKey());
      if (opened instanceof OpenResult.Rejected rejected) {
        Refusal kind =
            rejected.reason() == OpenResult.Reason.TOO_LARGE
                ? Refusal.TOO_LARGE
                : Refusal.NOT_OPENED;
        String hint =
            rejected.reason() == OpenResult.Reason.UNKNOWN_RECIPIENT_KEY
                ? "; re-read the core's public keys"
                : "";
        return emit(
            SEALED,
            actor,
            tenantLabel,
            signal,
            sequence,
            new IngestResult.Refused(
                kind,
                "batch does not open: "
                    + rejected.reason().name().toLowerCase(java.util.Locale.ROOT)
                    + " ("
                    + rejected.detail()
                    + ")"
                    + hint),
            0);
      }
      byte[] plaintext = ((OpenResult.Opened) opened).plaintext();
      if (!budget.tryAcquire(plaintext.length)) {
        return emit(SEALED, actor, tenantLabel, signal, sequence, overBudget(), 0);
      }
      reserved += plaintext.length;
      OtlpRequest request;
      try {
        request = OtlpRequest.decode(header.signal(), OtlpDecoder.Format.PROTOBUF, plaintext);
      } catch (InvalidOtlpException e) {
        return emit(
            SEALED,
            actor,
            tenantLabel,
            signal,
            sequence,
            new IngestResult.Refused(
                Refusal.INVALID_OTLP,
                "payload is not a valid OTLP export request for signal " + header.signal()),
            0);
      }
      plaintext = null;
      Write write =
          store(
              tenant,
              request,
              Optional.of(
                  new BatchIdentity(
                      header.tenant(), header.agentId(), header.sequence(), header.signal())));
      IngestResult result = write.result();
      long storeNanos = write.storeNanos();
      if (result instanceof IngestResult.Stored && !write.accepted()) {
        long ticket = journal.accept(replayKey, header.sequence());
        try {
          journal.flush(ticket);
        } catch (IOException e) {
          // The rows are stored: acknowledging is right. Only a restart before the next
          // successful flush could let a retry of this batch be stored again.
          LOG.error("cannot persist the replay window: {}", e.getMessage());
        }
      }
      return emit(SEALED, actor, tenantLabel, signal, sequence, result, storeNanos);
    } finally {
      inProgress.remove(inProgressKey);
      budget.release(reserved);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Plain OTLP

  /**
   * Ingests a plain OTLP request of an authenticated caller (API key). {@code wireBytes} is the
   * request's size as received, held against the memory budget while the request is processed.
   */
  public IngestResult export(
      String source, ApiKeys.Match caller, OtlpRequest request, long wireBytes) {
    requireNonNull(source, "source");
    requireNonNull(caller, "caller");
    requireNonNull(request, "request");
    String actor = actor("apikey:", caller.name());
    Optional<Signal> signal = Optional.of(request.signal());
    Tenant tenant = tenants.get(caller.tenant().value());
    String tenantLabel = caller.tenant().value();
    if (tenant == null) {
      return emit(
          source,
          actor,
          "unknown",
          signal,
          -1,
          new IngestResult.Refused(Refusal.UNKNOWN_TENANT, "tenant is not configured"),
          0);
    }
    if (!tenant.local()) {
      return emit(source, actor, tenantLabel, signal, -1, residencyRefusal(tenant), 0);
    }
    long reserved = Math.max(wireBytes, 0);
    if (!budget.tryAcquire(reserved)) {
      return emit(source, actor, tenantLabel, signal, -1, overBudget(), 0);
    }
    try {
      Write write = store(tenant, request, Optional.empty());
      return emit(source, actor, tenantLabel, signal, -1, write.result(), write.storeNanos());
    } finally {
      budget.release(reserved);
    }
  }

  /** Reports a refusal decided before the pipeline (authentication, size, parsing) for counting. */
  public IngestResult refuse(
      String source, String actor, String tenant, Optional<Signal> signal, IngestResult result) {
    return emit(source, actor, knownTenantLabel(tenant), signal, -1, result, 0);
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * A store outcome, the time spent waiting for the store write, and whether the writer accepted
   * the sealed batch in the replay window already.
   */
  private record Write(IngestResult result, long storeNanos, boolean accepted) {
    Write(IngestResult result, long storeNanos) {
      this(result, storeNanos, false);
    }
  }

  private Write store(Tenant tenant, OtlpRequest request, Optional<BatchIdentity> batch) {
    TenantId id = tenant.config().id();
    OtlpValidation.Checked<?> checked =
        switch (request) {
          case OtlpRequest.Traces t ->
              OtlpValidation.spans(
                  tenant.redactor().redact(t.request()).message().getResourceSpansList());
          case OtlpRequest.Logs l ->
              OtlpValidation.logs(
                  tenant.redactor().redact(l.request()).message().getResourceLogsList());
          case OtlpRequest.Metrics m ->
              OtlpValidation.metrics(
                  tenant.redactor().redact(m.request()).message().getResourceMetricsList());
        };
    if (checked.valid().isEmpty()) {
      return new Write(stored(0, checked), 0);
    }
    RedactionRows.Rows redactions = RedactionRows.of(id, checked.valid(), clock.instant());
    if (redactions.rejected() > 0) {
      // The keys are the sender's and may carry anything: only their number is reported.
      rejectedRedactionCounters.add(redactions.rejected());
    }
    long start = System.nanoTime();
    try {
      boolean accepted =
          enqueue(
                  id,
                  tenant.config().retention(),
                  request.signal(),
                  checked,
                  redactions.rows(),
                  batch)
              .get(storeTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return new Write(stored(checked.accepted(), checked), System.nanoTime() - start, accepted);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // StoreException carries the engine's text, never telemetry values.
      storeFailing = true;
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      LOG.warn(
          "store write failed for tenant {} ({}): {}",
          id.value(),
          request.signal(),
          cause == null ? e.toString() : cause.getMessage());
      return new Write(
          new IngestResult.RetryLater(
              Retry.STORE_UNAVAILABLE, storeRetryDelay, "the store is unavailable; retry"),
          System.nanoTime() - start);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Write(
          new IngestResult.RetryLater(
              Retry.STORE_UNAVAILABLE, storeRetryDelay, "the core is stopping; retry"),
          System.nanoTime() - start);
    }
  }

  /**
   * Spans and logs are encoded here, on the ingest worker, while the parsed request is fresh: the
   * writer then holds bytes, not object graphs, and the encoding runs on every worker rather than
   * on the one writer thread (benchmarks/README.md, core ingest).
   */
  @SuppressWarnings("unchecked")
  private CompletableFuture<Boolean> enqueue(
      TenantId id,
      Retention retention,
      Signal signal,
      OtlpValidation.Checked<?> checked,
      List<RedactionMinute> redactions,
      Optional<BatchIdentity> batch) {
    return switch (signal) {
      case TRACES ->
          writer.write(
              store.encodeSpans(id, retention, (List<ResourceSpans>) checked.valid()),
              redactions,
              batch);
      case LOGS ->
          writer.write(
              store.encodeLogs(id, retention, (List<ResourceLogs>) checked.valid()),
              redactions,
              batch);
      case METRICS ->
          writer.writeMetrics(
              id,
              retention,
              (List<ResourceMetrics>) checked.valid(),
              checked.accepted(),
              redactions,
              batch);
      case PROFILES -> throw new IllegalArgumentException("profiles are not stored");
    };
  }

  private IngestResult stored(int rows, OtlpValidation.Checked<?> checked) {
    storeFailing = false;
    return new IngestResult.Stored(rows, checked.rejected(), checked.message());
  }

  private IngestResult residencyRefusal(Tenant tenant) {
    return new IngestResult.Refused(
        Refusal.WRONG_REGION,
        "tenant's residency region is "
            + tenant.config().region()
            + ", this core serves region "
            + region
            + "; nothing was stored");
  }

  private IngestResult overBudget() {
    return new IngestResult.RetryLater(
        Retry.OVER_MEMORY_BUDGET, busyRetryDelay, "the core is over its memory budget; retry");
  }

  private IngestResult emit(
      String source,
      String actor,
      String tenant,
      Optional<Signal> signal,
      long sequence,
      IngestResult result,
      long storeNanos) {
    try {
      listener.onEvent(
          new IngestEvent(source, actor, tenant, signal, result, storeNanos, sequence));
    } catch (RuntimeException e) {
      LOG.warn("ingest listener failed: {}", e.toString());
    }
    return result;
  }

  private String knownTenantLabel(String tenant) {
    return tenant != null && tenants.containsKey(tenant) ? tenant : "unknown";
  }

  private static String actor(String prefix, String id) {
    return id != null && LABEL.matcher(id).matches() ? prefix + id : prefix + "invalid";
  }

  /** Bytes held by requests in progress. */
  public long inflightBytes() {
    return budget.used();
  }

  /** False after a store write failed, until one succeeds. */
  public boolean storeFailing() {
    return storeFailing;
  }

  /**
   * The tenant's redactor (its policy with its pseudonymisation key), for the privacy scan of the
   * stored telemetry; empty for a tenant this core does not serve.
   */
  public Optional<OtlpRedactor> redactor(TenantId tenant) {
    Tenant t = tenants.get(tenant.value());
    return t == null || !t.local() ? Optional.empty() : Optional.of(t.redactor());
  }

  /**
   * {@code mirador.redaction.*} counters on stored resources that named no known source, action or
   * location, or held no count, and were therefore not stored.
   */
  public long rejectedRedactionCounters() {
    return rejectedRedactionCounters.sum();
  }

  /** Redactions made by the core's second pass, all tenants. */
  public RedactionMetrics redactionMetrics() {
    return redactionMetrics;
  }

  /** Persists the replay window. */
  @Override
  public void close() {
    writer.close();
    try {
      replay.flush();
    } catch (IOException e) {
      LOG.error("cannot persist the replay window at close: {}", e.getMessage());
    }
  }

  /** Configures an {@link IngestPipeline}. */
  public static final class Builder {
    private CoreConfig config;
    private CoreKeys keys;
    private AgentRegistry agents;
    private TelemetryStore store;
    private IngestListener listener = IngestListener.NONE;
    private Optional<Path> replayState = Optional.empty();
    private Optional<Path> redoLog = Optional.empty();
    private Optional<CrashPoint> crashPoint = Optional.empty();
    private Duration storeRetryDelay = Duration.ofSeconds(2);
    private Duration busyRetryDelay = Duration.ofSeconds(1);
    private Duration linger = Duration.ofMillis(20);
    private int maxRowsPerWrite = 50_000;
    private Duration storeTimeout = Duration.ofMinutes(2);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The clock that stamps the minute of stored redaction counts (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How long the store writer waits for more requests after the first before it writes (default
     * 20 ms), and the most rows it gathers (default 50,000): few large inserts, not many small.
     */
    public Builder coalescing(Duration linger, int maxRowsPerWrite) {
      this.linger = requireNonNull(linger, "linger");
      if (maxRowsPerWrite < 1) {
        throw new IllegalArgumentException("maxRowsPerWrite must be positive");
      }
      this.maxRowsPerWrite = maxRowsPerWrite;
      return this;
    }

    /** How long a request waits for its store write before it answers retry (default 2 min). */
    public Builder storeTimeout(Duration timeout) {
      this.storeTimeout = requireNonNull(timeout, "timeout");
      return this;
    }

    public Builder config(CoreConfig config) {
      this.config = requireNonNull(config, "config");
      return this;
    }

    public Builder keys(CoreKeys keys) {
      this.keys = requireNonNull(keys, "keys");
      return this;
    }

    public Builder agents(AgentRegistry agents) {
      this.agents = requireNonNull(agents, "agents");
      return this;
    }

    public Builder store(TelemetryStore store) {
      this.store = requireNonNull(store, "store");
      return this;
    }

    public Builder listener(IngestListener listener) {
      this.listener = requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Where store writes of sealed batches wait for the replay window (default {@code
     * <dataDir>/ingest-redo}); see {@link RedoLog}.
     */
    public Builder redoLog(Path dir) {
      this.redoLog = Optional.of(requireNonNull(dir, "dir"));
      return this;
    }

    /** A crash point for tests; default: the system property {@value CrashPoint#PROPERTY}. */
    Builder crashPoint(CrashPoint crashPoint) {
      this.crashPoint = Optional.of(requireNonNull(crashPoint, "crashPoint"));
      return this;
    }

    /** Where the replay window is persisted (default {@code <dataDir>/replay.state}). */
    public Builder replayState(Path file) {
      this.replayState = Optional.of(requireNonNull(file, "file"));
      return this;
    }

    public Builder storeRetryDelay(Duration delay) {
      this.storeRetryDelay = requireNonNull(delay, "delay");
      return this;
    }

    public Builder busyRetryDelay(Duration delay) {
      this.busyRetryDelay = requireNonNull(delay, "delay");
      return this;
    }

    /**
     * Builds the pipeline: loads every local tenant's redaction policy and the replay state.
     *
     * @throws IOException if the replay state cannot be read (a corrupt state stops the start)
     * @throws IllegalStateException if a redaction policy is invalid or a key is missing
     */
    public IngestPipeline build() throws IOException {
      requireNonNull(config, "config");
      requireNonNull(keys, "keys");
      requireNonNull(agents, "agents");
      requireNonNull(store, "store");
      return new IngestPipeline(this);
    }
  }
}
