package io.mirador.core.ingest;

import static java.util.Objects.requireNonNull;

import io.mirador.crypto.Signal;
import io.mirador.store.EncodedRows;
import io.mirador.store.Retention;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TenantId;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands the store few large inserts instead of many small ones: every insert writes a part, and
 * parts of a thousand rows drown the engine in merges (mirador-core/ingest/RATIONALE.md). Requests
 * of all callers are queued; one writer thread takes what arrived within {@code linger} of the
 * first request (up to {@code maxRows}), writes each signal's share as one insert (spans and logs
 * come encoded by their callers, so tenants share an insert; metrics go per tenant), and completes
 * each request's future only after its insert returned. A failed insert fails every request in it:
 * none of them is acknowledged, all are retried by their senders.
 */
final class CoalescingWriter implements AutoCloseable {
  private final TelemetryStore store;
  private final long lingerNanos;
  private final int maxRows;
  private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  /** {@code payload}: an {@link EncodedRows}, or the resources of a tenant's metrics. */
  private record Request(Group group, Object payload, int rows, CompletableFuture<Void> done) {}

  /** What shares an insert; tenant and retention only for metrics, which come unencoded. */
  private record Group(Signal signal, TenantId tenant, Retention retention) {}

  CoalescingWriter(TelemetryStore store, Duration linger, int maxRows) {
    this.store = requireNonNull(store, "store");
    this.lingerNanos = linger.toNanos();
    this.maxRows = maxRows;
    this.thread = Thread.ofPlatform().name("mirador-store-writer").daemon().start(this::loop);
  }

  /** Queues spans or logs encoded by the store; the future completes when they are stored. */
  CompletableFuture<Void> write(EncodedRows rows) {
    Signal signal = rows.kind() == EncodedRows.Kind.SPANS ? Signal.TRACES : Signal.LOGS;
    return enqueue(new Group(signal, null, null), rows, rows.rows());
  }

  /** Queues the metrics of one tenant; the future completes when they are stored. */
  CompletableFuture<Void> writeMetrics(
      TenantId tenant, Retention retention, List<ResourceMetrics> resources, int points) {
    return enqueue(
        new Group(
            Signal.METRICS,
            requireNonNull(tenant, "tenant"),
            requireNonNull(retention, "retention")),
        List.copyOf(resources),
        points);
  }

  private CompletableFuture<Void> enqueue(Group group, Object payload, int rows) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new IllegalStateException("the store writer is closed"));
      return done;
    }
    queue.add(new Request(group, payload, rows, done));
    return done;
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
      } finally {
        taken.clear();
      }
    }
    Request left;
    while ((left = queue.poll()) != null) {
      left.done().completeExceptionally(new IllegalStateException("the store writer is closed"));
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
        for (Request r : entry.getValue()) {
          r.done().complete(null);
        }
      } catch (RuntimeException e) {
        for (Request r : entry.getValue()) {
          r.done().completeExceptionally(e);
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
