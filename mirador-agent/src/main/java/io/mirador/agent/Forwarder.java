package io.mirador.agent;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.mirador.agent.AgentCounters.Kind;
import io.mirador.ingest.IngestMethods;
import io.mirador.ingest.v1.PushResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Sends queued batches to the core ({@code mirador.ingest.v1.Ingest/Push}) until each is
 * acknowledged (STORED or DUPLICATE). Lane {@code i} always goes to endpoint {@code i mod n}: a
 * batch is never moved to another endpoint, so two cores never both store it.
 *
 * <p>Retryable failures (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL,
 * UNKNOWN, UNIMPLEMENTED, PERMISSION_DENIED, UNAUTHENTICATED) are retried with exponential backoff
 * and full jitter, never sooner than the core's {@code google.rpc.RetryInfo} hint.
 * PERMISSION_DENIED is retried because the usual cause is an agent not registered yet, which an
 * operator fixes. INVALID_ARGUMENT and FAILED_PRECONDITION (older than the core's replay window)
 * are permanent: the batch is dropped, counted and logged.
 */
final class Forwarder implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Forwarder.class.getName());

  /** One core endpoint and what the agent knows about reaching it. */
  static final class Endpoint {
    final String target;
    final Channel channel;
    final Semaphore inFlight;
    final AtomicInteger consecutiveFailures = new AtomicInteger();
    final AtomicLong lastSuccessMillis = new AtomicLong();
    volatile String lastError = "";

    Endpoint(String target, Channel channel, int inFlight) {
      this.target = target;
      this.channel = channel;
      this.inFlight = new Semaphore(inFlight);
    }

    boolean reachable() {
      if (consecutiveFailures.get() >= 3) {
        return false;
      }
      if (channel instanceof ManagedChannel mc) {
        // true: an idle channel starts connecting, so readiness reflects the core without traffic.
        return mc.getState(true) != ConnectivityState.TRANSIENT_FAILURE;
      }
      return true;
    }

    /**
     * grpc-java backs off reconnecting on its own (up to two minutes) and fails calls fast
     * meanwhile; the forwarder's backoff (with the core's hints) is the one that should decide.
     */
    void reconnectNow() {
      if (channel instanceof ManagedChannel mc
          && mc.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
        mc.resetConnectBackoff();
      }
    }
  }

  private final BatchQueue queue;
  private final List<Endpoint> endpoints;
  private final AgentCounters counters;
  private final ScheduledExecutorService scheduler;
  private final Executor callbacks;
  private final Duration timeout;
  private final Duration backoffInitial;
  private final Duration backoffMax;
  private final Semaphore segmentsInFlight = new Semaphore(4);
  private final Thread dispatcher;
  private volatile boolean running = true;

  Forwarder(
      BatchQueue queue,
      List<Endpoint> endpoints,
      AgentCounters counters,
      ScheduledExecutorService scheduler,
      Executor callbacks,
      Duration timeout,
      Duration backoffInitial,
      Duration backoffMax) {
    this.queue = requireNonNull(queue, "queue");
    this.endpoints = List.copyOf(endpoints);
    if (this.endpoints.isEmpty()) {
      throw new IllegalArgumentException("at least one endpoint");
    }
    this.counters = requireNonNull(counters, "counters");
    this.scheduler = requireNonNull(scheduler, "scheduler");
    this.callbacks = requireNonNull(callbacks, "callbacks");
    this.timeout = requireNonNull(timeout, "timeout");
    this.backoffInitial = requireNonNull(backoffInitial, "backoffInitial");
    this.backoffMax = requireNonNull(backoffMax, "backoffMax");
    this.dispatcher =
        Thread.ofPlatform().name("mirador-forwarder").daemon().unstarted(this::dispatchLoop);
  }

  Forwarder start() {
    dispatcher.start();
    return this;
  }

  List<Endpoint> endpoints() {
    return endpoints;
  }

  /** True when every endpoint is reachable as far as the agent can tell. */
  boolean coreReachable() {
    return endpoints.stream().allMatch(Endpoint::reachable);
  }

  private void dispatchLoop() {
    while (running) {
      try {
        segmentsInFlight.acquire();
        BatchQueue.Dispatch d = queue.takeNext(500);
        if (d == null) {
          segmentsInFlight.release();
          continue;
        }
        if (d.batches().isEmpty()) {
          queue.complete(d.segment());
          segmentsInFlight.release();
          continue;
        }
        AtomicInteger remaining = new AtomicInteger(d.batches().size());
        Runnable oneDone =
            () -> {
              if (remaining.decrementAndGet() == 0) {
                queue.complete(d.segment());
                segmentsInFlight.release();
              }
            };
        for (QueuedBatch b : d.batches()) {
          Endpoint e = endpoints.get(b.lane() % endpoints.size());
          e.inFlight.acquire();
          send(e, b, 0, oneDone);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void send(Endpoint e, QueuedBatch b, int attempt, Runnable done) {
    if (!running) {
      e.inFlight.release();
      return;
    }
    if (attempt > 0) {
      e.reconnectNow();
    }
    var call =
        e.channel.newCall(
            IngestMethods.PUSH,
            CallOptions.DEFAULT.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS));
    var future = ClientCalls.futureUnaryCall(call, b.wire());
    future.addListener(
        () -> {
          try {
            PushResponse r = future.get();
            onAck(e, b, r, done);
          } catch (java.util.concurrent.ExecutionException ex) {
            onFailure(e, b, attempt, ex.getCause(), done);
          } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException ex) {
            onFailure(e, b, attempt, ex, done);
          }
        },
        callbacks);
  }

  private void onAck(Endpoint e, QueuedBatch b, PushResponse r, Runnable done) {
    e.consecutiveFailures.set(0);
    e.lastSuccessMillis.set(System.currentTimeMillis());
    e.inFlight.release();
    counters.add(b.signal(), Kind.SENT, b.records());
    counters.exportLatency(
        TimeUnit.MILLISECONDS.toNanos(Math.max(0, System.currentTimeMillis() - b.createdMillis())));
    if (r.getResult() == PushResponse.Result.DUPLICATE) {
      LOG.fine("batch " + b.sequence() + " was already stored (duplicate)");
    }
    done.run();
  }

  private void onFailure(Endpoint e, QueuedBatch b, int attempt, Throwable t, Runnable done) {
    Status status = Status.fromThrowable(t);
    e.lastError =
        status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
    switch (status.getCode()) {
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE, ALREADY_EXISTS -> {
        e.inFlight.release();
        counters.add(b.signal(), Kind.DROPPED, b.records());
        counters.droppedBatch();
        LOG.severe(
            "core "
                + e.target
                + " refused batch "
                + b.sequence()
                + " permanently ("
                + e.lastError
                + "); "
                + b.records()
                + " "
                + b.signal().name().toLowerCase(Locale.ROOT)
                + " records dropped");
        done.run();
        return;
      }
      default -> {}
    }
    int failures = e.consecutiveFailures.incrementAndGet();
    long delay = backoffMillis(attempt, retryHintMillis(t));
    if (failures == 1 || failures % 20 == 0) {
      LOG.warning(
          "core "
              + e.target
              + " did not take batch "
              + b.sequence()
              + " ("
              + e.lastError
              + "); retrying in "
              + delay
              + " ms");
    }
    scheduler.schedule(() -> send(e, b, attempt + 1, done), delay, TimeUnit.MILLISECONDS);
  }

  /** Full-jitter exponential backoff, never below the server's hint. */
  long backoffMillis(int attempt, long hintMillis) {
    long cap = backoffMax.toMillis();
    long exp = backoffInitial.toMillis() << Math.min(attempt, 20);
    long ceiling = Math.max(1, Math.min(cap, exp));
    long jittered = ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
    if (hintMillis > 0) {
      return Math.max(
          jittered, hintMillis + ThreadLocalRandom.current().nextLong(hintMillis / 10 + 1));
    }
    return jittered;
  }

  /** The delay of a {@code google.rpc.RetryInfo} in the status details, or 0. */
  static long retryHintMillis(Throwable t) {
    com.google.rpc.Status s = StatusProto.fromThrowable(t);
    if (s == null) {
      return 0;
    }
    for (Any a : s.getDetailsList()) {
      if (a.is(RetryInfo.class)) {
        try {
          com.google.protobuf.Duration d = a.unpack(RetryInfo.class).getRetryDelay();
          long ms = d.getSeconds() * 1000 + d.getNanos() / 1_000_000;
          return Math.min(Math.max(ms, 0), 3_600_000);
        } catch (InvalidProtocolBufferException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  @Override
  public void close() {
    running = false;
    dispatcher.interrupt();
    try {
      dispatcher.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
