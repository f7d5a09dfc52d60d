package io.mirador.core.ingest;

import static java.util.Objects.requireNonNull;

import io.mirador.crypto.ReplayGuard;
import io.mirador.crypto.Signal;
import io.mirador.store.EncodedRows;
import io.mirador.store.InsertToken;
import io.mirador.store.RedactionMinute;
import io.mirador.store.Retention;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TenantId;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the store few large inserts instead of many small ones: every insert writes a part, and
 * parts of a thousand rows drown the engine in merges (mirador-core/ingest/RATIONALE.md). Requests
 * of all callers are queued; one writer thread takes what arrived within {@code linger} of the
 * first request (up to {@code maxRows}), writes each signal's share as one insert (spans and logs
 * come encoded by their callers, so tenants share an insert; metrics go per tenant), and completes
 * each request's future only after its insert returned. A failed insert fails every request in it:
 * none of them is acknowledged, all are retried by their senders. The redaction counts of the
 * requests of an insert are summed and written right after it, before any of them is acknowledged:
 * a failure there fails them too, so no stored batch goes uncounted.
 *
 * <p>Sealed batches of agents, when the store deduplicates, are written exactly once: each
 * request's rows are kept in a {@link RedoLog} member by the caller's thread before it is queued
 * (so that the one writer thread never copies rows); their share is an insert of its own, named by
 * an insert token, whose manifest (token, batches, members) the writer keeps before the insert
 * starts; their redaction counts go under the same token; and the writer itself accepts the batches
 * in the replay window and persists it before it removes the manifest and completes their futures.
 * A core that stops anywhere in between redoes the write at start ({@link #recover}) with the same
 * token, and the engine drops what was stored (ingest RATIONALE.md, exactly once).
 */
final class CoalescingWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CoalescingWriter.class);

  private final TelemetryStore store;
  private final Optional<ExactlyOnce> exactlyOnce;
  private final long lingerNanos;
  private final int maxRows;
  private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  /**
   * {@code payload}: an {@link EncodedRows}, or the resources of a tenant's metrics; {@code
   * member}: the request's rows in the redo log, for exactly-once writes; {@code done} completes
   * with true when the writer also accepted the request's sealed batch in the replay window.
   */
  private record Request(
      Group group,
      Object payload,
      int rows,
      List<RedactionMinute> redactions,
      Optional<BatchIdentity> batch,
      Optional<RedoLog.Member> member,
      CompletableFuture<Boolean> done) {}

  /**
   * What shares an insert; tenant and retention only for metrics, which come unencoded. Sealed
   * batches written exactly once never share an insert with plain requests.
   */
  private record Group(Signal signal, TenantId tenant, Retention retention, boolean exactlyOnce) {}

  /** What exactly-once writes of sealed batches need; see the class comment. */
  record ExactlyOnce(RedoLog redo, ReplayJournal journal, CrashPoint crash) {
    ExactlyOnce {
      requireNonNull(redo, "redo");
      requireNonNull(journal, "journal");
      requireNonNull(crash, "crash");
    }
  }

  CoalescingWriter(TelemetryStore store, Duration linger, int maxRows) {
    this(store, linger, maxRows, Optional.empty());
  }

  CoalescingWriter(
      TelemetryStore store, Duration linger, int maxRows, Optional<ExactlyOnce> exactlyOnce) {
    this.store = requireNonNull(store, "store");
    this.exactlyOnce = requireNonNull(exactlyOnce, "exactlyOnce");
    if (exactlyOnce.isPresent() && !store.deduplicates()) {
      throw new IllegalArgumentException("exactly-once writes need a store that deduplicates");
    }
    this.lingerNanos = linger.toNanos();
    this.maxRows = maxRows;
    this.thread = Thread.ofPlatform().name("mirador-store-writer").daemon().start(this::loop);
  }

  /**
   * Queues spans or logs encoded by the store; the future completes when they are stored. Called on
   * the caller's thread, which also keeps a sealed batch's rows in the redo log.
   */
  CompletableFuture<Void> write(EncodedRows rows) {
    return write(rows, List.of());
  }

  /** {@link #write(EncodedRows)} with the redaction counts of the rows. */
  CompletableFuture<Void> write(EncodedRows rows, List<RedactionMinute> redactions) {
    return write(rows, redactions, Optional.empty()).thenApply(accepted -> null);
  }

  /**
   * {@link #write(EncodedRows, List)} of the sealed {@code batch}, if any; the future completes
   * with true if the writer also accepted the batch in the replay window.
   */
  CompletableFuture<Boolean> write(
      EncodedRows rows, List<RedactionMinute> redactions, Optional<BatchIdentity> batch) {
    Signal signal = rows.kind() == EncodedRows.Kind.SPANS ? Signal.TRACES : Signal.LOGS;
    Group group = new Group(signal, null, null, exactlyOnce(batch));
    return enqueue(
        group,
        rows,
        rows.rows(),
        redactions,
        batch,
        () ->
            new RedoLog.EncodedMember(
                rows.kind(),
                new RedoLog.Batch(
                    rows.rows(),
                    store
                        .persistable(rows)
                        .orElseThrow(
                            () -> new IllegalStateException("rows not encoded by this store")))));
  }

  /** Queues the metrics of one tenant; the future completes when they are stored. */
  CompletableFuture<Void> writeMetrics(
      TenantId tenant, Retention retention, List<ResourceMetrics> resources, int points) {
    return writeMetrics(tenant, retention, resources, points, List.of());
  }

  /** {@link #writeMetrics(TenantId, Retention, List, int)} with the points' redaction counts. */
  CompletableFuture<Void> writeMetrics(
      TenantId tenant,
      Retention retention,
      List<ResourceMetrics> resources,
      int points,
      List<RedactionMinute> redactions) {
    return writeMetrics(tenant, retention, resources, points, redactions, Optional.empty())
        .thenApply(accepted -> null);
  }

  /** {@link #writeMetrics(TenantId, Retention, List, int, List)} of the sealed batch, if any. */
  CompletableFuture<Boolean> writeMetrics(
      TenantId tenant,
      Retention retention,
      List<ResourceMetrics> resources,
      int points,
      List<RedactionMinute> redactions,
      Optional<BatchIdentity> batch) {
    List<ResourceMetrics> copy = List.copyOf(resources);
    return enqueue(
        new Group(
            Signal.METRICS,
            requireNonNull(tenant, "tenant"),
            requireNonNull(retention, "retention"),
            exactlyOnce(batch)),
        copy,
        points,
        redactions,
        batch,
        () ->
            new RedoLog.MetricsMember(
                ExportMetricsServiceRequest.newBuilder()
                    .addAllResourceMetrics(copy)
                    .build()
                    .toByteArray()));
  }

  /** What a request keeps in the redo log, computed only for exactly-once writes. */
  private interface MemberSource {
    RedoLog.MemberRows rows();
  }

  private boolean exactlyOnce(Optional<BatchIdentity> batch) {
    return batch.isPresent() && exactlyOnce.isPresent();
  }

  private CompletableFuture<Boolean> enqueue(
      Group group,
      Object payload,
      int rows,
      List<RedactionMinute> redactions,
      Optional<BatchIdentity> batch,
      MemberSource member) {
    requireNonNull(batch, "batch");
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new IllegalStateException("the store writer is closed"));
      return done;
    }
    Optional<RedoLog.Member> kept = Optional.empty();
    if (group.exactlyOnce()) {
      try {
        kept = Optional.of(exactlyOnce.orElseThrow().redo().keepMember(member.rows()));
      } catch (IOException | RuntimeException e) {
        // Not queued, not acknowledged: the sender retries.
        done.completeExceptionally(e);
        return done;
      }
    }
    queue.add(new Request(group, payload, rows, List.copyOf(redactions), batch, kept, done));
    return done;
  }

  private void discard(List<Request> requests) {
    List<RedoLog.Member> members = new ArrayList<>();
    for (Request r : requests) {
      r.member().ifPresent(members::add);
    }
    exactlyOnce.ifPresent(eo -> eo.redo().discard(members));
  }

  private void loop() {
    List<Request> taken = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Request first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        taken.add(first);
        int rows = first.rows();
        long deadline = System.nanoTime() + lingerNanos;
        while (rows < maxRows) {
          long left = deadline - System.nanoTime();
          Request next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
          if (next == null) {
            break;
          }
          taken.add(next);
          rows += next.rows();
        }
        writeAll(taken);
      } catch (InterruptedException e) {
        if (closed) {
          break;
        }
      } catch (RuntimeException e) {
        for (Request r : taken) {
          r.done().completeExceptionally(e);
        }
        // Members are left: one may be named by a manifest that a restart must redo; the others
        // are removed at the next start.
      } finally {
        taken.clear();
      }
    }
    Request left;
    while ((left = queue.poll()) != null) {
      left.done().completeExceptionally(new IllegalStateException("the store writer is closed"));
      discard(List.of(left));
    }
  }

  @SuppressWarnings("unchecked")
  private void writeAll(List<Request> requests) {
    Map<Group, List<Request>> groups = new LinkedHashMap<>();
    for (Request r : requests) {
      groups.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<Group, List<Request>> entry : groups.entrySet()) {
      Group g = entry.getKey();
      if (g.exactlyOnce()) {
        writeExactlyOnce(g, entry.getValue(), exactlyOnce.orElseThrow());
        continue;
      }
      try {
        if (g.signal() == Signal.METRICS) {
          List<ResourceMetrics> all = new ArrayList<>();
          for (Request r : entry.getValue()) {
            all.addAll((List<ResourceMetrics>) r.payload());
          }
          store.writeMetrics(g.tenant(), g.retention(), all);
        } else {
          List<EncodedRows> all = new ArrayList<>(entry.getValue().size());
          for (Request r : entry.getValue()) {
            all.add((EncodedRows) r.payload());
          }
          store.writeEncoded(all);
        }
        List<List<RedactionMinute>> counted = new ArrayList<>();
        for (Request r : entry.getValue()) {
          if (!r.redactions().isEmpty()) {
            counted.add(r.redactions());
          }
        }
        if (!counted.isEmpty()) {
          store.writeRedactions(RedactionRows.merge(counted));
        }
        for (Request r : entry.getValue()) {
          r.done().complete(false);
        }
      } catch (RuntimeException e) {
        for (Request r : entry.getValue()) {
          r.done().completeExceptionally(e);
        }
      }
    }
  }

  /**
   * Writes sealed batches as one named insert: manifest (the rows are in the requests' members
   * already), insert, redaction counts, replay window, then the answer. A batch already accepted (a
   * copy stored while this one waited) or twice in the group is answered without being written
   * again.
   */
  @SuppressWarnings("unchecked")
  private void writeExactlyOnce(Group g, List<Request> requests, ExactlyOnce eo) {
    List<Request> fresh = new ArrayList<>();
    List<Request> copies = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Request r : requests) {
      BatchIdentity id = r.batch().orElseThrow();
      if (!seen.add(id.agentId() + "\u0000" + id.sequence())
          || eo.journal().guard().check(id.agentId(), id.sequence())
              == ReplayGuard.Verdict.DUPLICATE) {
        copies.add(r);
        r.done().complete(true);
      } else {
        fresh.add(r);
      }
    }
    discard(copies);
    if (fresh.isEmpty()) {
      return;
    }
    List<BatchIdentity> ids = fresh.stream().map(r -> r.batch().orElseThrow()).toList();
    List<RedoLog.Member> members = fresh.stream().map(r -> r.member().orElseThrow()).toList();
    InsertToken token = InsertTokens.forWrite(ids);
    Path manifest;
    try {
      List<List<RedactionMinute>> counted = new ArrayList<>();
      for (Request r : fresh) {
        if (!r.redactions().isEmpty()) {
          counted.add(r.redactions());
        }
      }
      List<RedactionMinute> redactions =
          counted.isEmpty() ? List.of() : RedactionRows.merge(counted);
      List<ResourceMetrics> metrics = new ArrayList<>();
      List<EncodedRows> encoded = new ArrayList<>();
      RedoLog.Target target;
      if (g.signal() == Signal.METRICS) {
        for (Request r : fresh) {
          metrics.addAll((List<ResourceMetrics>) r.payload());
        }
        target = new RedoLog.MetricsTarget(g.tenant(), g.retention());
      } else {
        for (Request r : fresh) {
          encoded.add((EncodedRows) r.payload());
        }
        target = new RedoLog.EncodedTarget(encoded.get(0).kind());
      }
      eo.crash().reached(CrashPoint.Point.BEFORE_MANIFEST);
      manifest =
          eo.redo()
              .keep(
                  new RedoLog.Manifest(
                      token,
                      ids,
                      target,
                      members.stream().map(RedoLog.Member::name).toList(),
                      redactions));
      eo.crash().reached(CrashPoint.Point.BEFORE_STORE_WRITE);
      try {
        if (g.signal() == Signal.METRICS) {
          store.writeMetrics(g.tenant(), g.retention(), metrics, token);
        } else {
          store.writeEncoded(encoded, token);
        }
        if (!redactions.isEmpty()) {
          store.writeRedactions(redactions, redactionToken(token));
        }
      } catch (RuntimeException e) {
        // Not acknowledged: the senders retry, in other writes; nothing is to be redone.
        removeQuietly(eo.redo(), manifest, List.of()); // the members go with the catch below
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      discard(fresh);
      for (Request r : fresh) {
        r.done().completeExceptionally(e);
      }
      return;
    }
    eo.crash().reached(CrashPoint.Point.AFTER_STORE_WRITE);
    try {
      accept(eo.journal(), ids);
      eo.redo().remove(manifest, members);
    } catch (IOException | RuntimeException e) {
      // The rows are stored: acknowledging is right. The manifest and its members stay, so that a
      // restart accepts these batches before their retries can be stored again.
      LOG.error("cannot persist the replay window: {}", e.getMessage());
    }
    for (Request r : fresh) {
      r.done().complete(true);
    }
  }

  private static InsertToken redactionToken(InsertToken token) {
    return token.part("redactions");
  }

  private static void accept(ReplayJournal journal, List<BatchIdentity> ids) throws IOException {
    long ticket = 0;
    for (BatchIdentity id : ids) {
      ticket = journal.accept(id.agentId(), id.sequence());
    }
    journal.flush(ticket);
  }

  private static void removeQuietly(RedoLog redo, Path manifest, List<RedoLog.Member> members) {
    try {
      redo.remove(manifest, members);
    } catch (IOException e) {
      LOG.warn("cannot remove redo manifest {}: {}", manifest.getFileName(), e.getMessage());
    }
  }

  /**
   * Redoes the writes that a stopped core left in the redo log, with their tokens, and accepts
   * their batches in the replay window; then removes the members that no manifest names (requests
   * that never reached an insert and were never acknowledged: not inserted, their senders retry).
   * Call it before the first request. Returns the writes redone.
   *
   * @throws IOException if the redo log or the replay window cannot be read or written
   * @throws io.mirador.store.StoreException if the store refuses a write: the start must stop, for
   *     the batches' retries would otherwise be stored again
   */
  int recover() throws IOException {
    if (exactlyOnce.isEmpty()) {
      return 0;
    }
    ExactlyOnce eo = exactlyOnce.get();
    List<RedoLog.Pending> pending = eo.redo().pending();
    int batches = 0;
    for (RedoLog.Pending p : pending) {
      RedoLog.Write w = p.write();
      switch (w.rows()) {
        case RedoLog.Encoded e -> {
          List<EncodedRows> rows = new ArrayList<>(e.batches().size());
          for (RedoLog.Batch b : e.batches()) {
            rows.add(store.restore(e.kind(), b.rows(), b.bytes()));
          }
          store.writeEncoded(rows, w.token());
        }
        case RedoLog.Metrics m ->
            store.writeMetrics(
                m.tenant(),
                m.retention(),
                ExportMetricsServiceRequest.parseFrom(m.request()).getResourceMetricsList(),
                w.token());
      }
      if (!w.redactions().isEmpty()) {
        store.writeRedactions(w.redactions(), redactionToken(w.token()));
      }
      accept(eo.journal(), w.batches());
      eo.redo().removeRedone(p);
      batches += w.batches().size();
    }
    if (!pending.isEmpty()) {
      LOG.warn(
          "redid {} store writes ({} sealed batches) that a stopped core left unfinished: the"
              + " engine stored what they had not stored and dropped what they had; the retries"
              + " of these batches will be answered DUPLICATE",
          pending.size(),
          batches);
    }
    int orphans = eo.redo().removeOrphans();
    if (orphans > 0) {
      LOG.warn(
          "removed {} redo members that no write named: their requests never reached an insert"
              + " and were not acknowledged, so their senders retry them",
          orphans);
    }
    return pending.size();
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    exactlyOnce.ifPresent(eo -> eo.redo().close());
  }
}
