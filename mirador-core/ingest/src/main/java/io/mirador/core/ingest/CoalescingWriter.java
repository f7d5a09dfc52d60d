package io.mirador.core.ingest;

import static java.util.Objects.requireNonNull;

import io.mirador.crypto.Signal;
import io.mirador.store.Retention;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TenantId;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
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
 * first request (up to {@code maxRows}), writes each tenant's and signal's share as one insert, and
 * completes each request's future only after its insert returned. A failed insert fails every
 * request in it: none of them is acknowledged, all are retried by their senders.
 */
final class CoalescingWriter implements AutoCloseable {
  private final TelemetryStore store;
  private final long lingerNanos;
  private final int maxRows;
  private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  private record Request(
      TenantId tenant,
      Retention retention,
      Signal signal,
      List<?> resources,
      int rows,
      CompletableFuture<Void> done) {}

  private record Group(TenantId tenant, Retention retention, Signal signal) {}

  CoalescingWriter(TelemetryStore store, Duration linger, int maxRows) {
    this.store = requireNonNull(store, "store");
    this.lingerNanos = linger.toNanos();
    this.maxRows = maxRows;
    this.thread = Thread.ofPlatform().name("mirador-store-writer").daemon().start(this::loop);
  }

  /** Queues resources of one signal; the future completes when they are stored. */
  CompletableFuture<Void> write(
      TenantId tenant, Retention retention, Signal signal, List<?> resources, int rows) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new IllegalStateException("the store writer is closed"));
      return done;
    }
    queue.add(new Request(tenant, retention, signal, resources, rows, done));
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
      groups
          .computeIfAbsent(new Group(r.tenant(), r.retention(), r.signal()), g -> new ArrayList<>())
          .add(r);
    }
    for (Map.Entry<Group, List<Request>> entry : groups.entrySet()) {
      Group g = entry.getKey();
      List<Object> all = new ArrayList<>();
      for (Request r : entry.getValue()) {
        all.addAll(r.resources());
      }
      try {
        switch (g.signal()) {
          case TRACES ->
              store.writeSpans(g.tenant(), g.retention(), (List<ResourceSpans>) (List<?>) all);
          case LOGS ->
              store.writeLogs(g.tenant(), g.retention(), (List<ResourceLogs>) (List<?>) all);
          case METRICS ->
              store.writeMetrics(g.tenant(), g.retention(), (List<ResourceMetrics>) (List<?>) all);
          case PROFILES -> throw new IllegalArgumentException("profiles are not stored");
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
