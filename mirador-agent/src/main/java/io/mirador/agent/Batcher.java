package io.mirador.agent;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Message;
import io.mirador.crypto.BatchHeader;
import io.mirador.crypto.BatchSealer;
import io.mirador.crypto.SealedBatch;
import io.mirador.crypto.Signal;
import io.mirador.ingest.WireBatches;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Collects resource-level items per signal and lane into batches, closed by size or by age, then
 * seals each batch for the core (HPKE, its own sequence number) and hands it to the queue. The
 * future of an added request completes when every batch holding part of it is durably queued.
 */
final class Batcher implements AutoCloseable {
  private final String tenant;
  private final String agentId;
  private final Supplier<BatchSealer> sealer;
  private final SequenceAllocator sequences;
  private final BatchQueue queue;
  private final int maxBytes;
  private final long maxDelayNanos;
  private final Clock clock;
  private final Open[][] open;
  private final ScheduledFuture<?> ticker;

  /** A batch being filled. */
  private static final class Open {
    final List<Message> items = new ArrayList<>();
    long bytes;
    int records;
    long openedNanos;
    CompletableFuture<Void> queued = new CompletableFuture<>();
  }

  private record Closed(
      Signal signal, int lane, List<Message> items, int records, CompletableFuture<Void> queued) {}

  Batcher(
      String tenant,
      String agentId,
      Supplier<BatchSealer> sealer,
      SequenceAllocator sequences,
      BatchQueue queue,
      int lanes,
      int maxBytes,
      Duration maxDelay,
      Clock clock,
      ScheduledExecutorService timer) {
    this.tenant = requireNonNull(tenant, "tenant");
    this.agentId = requireNonNull(agentId, "agentId");
    this.sealer = requireNonNull(sealer, "sealer");
    this.sequences = requireNonNull(sequences, "sequences");
    this.queue = requireNonNull(queue, "queue");
    this.maxBytes = maxBytes;
    this.maxDelayNanos = maxDelay.toNanos();
    this.clock = requireNonNull(clock, "clock");
    this.open = new Open[Signal.values().length][lanes];
    for (Open[] row : open) {
      for (int i = 0; i < lanes; i++) {
        row[i] = new Open();
      }
    }
    long tick = Math.max(1, maxDelay.toMillis() / 4);
    this.ticker = timer.scheduleWithFixedDelay(this::flushAged, tick, tick, TimeUnit.MILLISECONDS);
  }

  /** Adds one request's items (per lane); completes when all of them are durably queued. */
  CompletableFuture<Void> add(Signal signal, List<List<Message>> perLane) {
    List<CompletableFuture<Void>> parts = new ArrayList<>(2);
    List<Closed> full = new ArrayList<>(1);
    for (int lane = 0; lane < perLane.size(); lane++) {
      List<Message> items = perLane.get(lane);
      if (items.isEmpty()) {
        continue;
      }
      Open o = open[signal.ordinal()][lane];
      synchronized (o) {
        if (o.items.isEmpty()) {
          o.openedNanos = System.nanoTime();
        }
        for (Message m : items) {
          o.items.add(m);
          o.bytes += m.getSerializedSize();
          o.records += Shaper.records(m);
        }
        parts.add(o.queued);
        if (o.bytes >= maxBytes) {
          full.add(take(signal, lane, o));
        }
      }
    }
    if (!full.isEmpty()) {
      sealAndQueue(full);
    }
    if (parts.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return parts.size() == 1
        ? parts.get(0)
        : CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new));
  }

  private static Closed take(Signal signal, int lane, Open o) {
    Closed c = new Closed(signal, lane, List.copyOf(o.items), o.records, o.queued);
    o.items.clear();
    o.bytes = 0;
    o.records = 0;
    o.queued = new CompletableFuture<>();
    return c;
  }

  /** Closes every batch older than the delay (all of them when {@code all}). */
  void flush(boolean all) {
    List<Closed> due = new ArrayList<>();
    long now = System.nanoTime();
    for (Signal s : Signal.values()) {
      Open[] row = open[s.ordinal()];
      for (int lane = 0; lane < row.length; lane++) {
        Open o = row[lane];
        synchronized (o) {
          if (!o.items.isEmpty() && (all || now - o.openedNanos >= maxDelayNanos)) {
            due.add(take(s, lane, o));
          }
        }
      }
    }
    if (!due.isEmpty()) {
      sealAndQueue(due);
    }
  }

  private void flushAged() {
    try {
      flush(false);
    } catch (RuntimeException e) {
      java.util.logging.Logger.getLogger(Batcher.class.getName())
          .severe("batch flush failed: " + e);
    }
  }

  private void sealAndQueue(List<Closed> batches) {
    List<QueuedBatch> sealed = new ArrayList<>(batches.size());
    try {
      BatchSealer s = sealer.get();
      long now = clock.millis();
      for (Closed c : batches) {
        byte[] plaintext = Shaper.merge(c.signal(), c.items()).toByteArray();
        long seq = sequences.next();
        SealedBatch b =
            s.seal(
                new BatchHeader(tenant, agentId, s.recipientKeyId(), seq, c.signal()), plaintext);
        byte[] wire = WireBatches.toWire(b).toByteArray();
        sealed.add(new QueuedBatch(seq, c.signal(), c.lane(), c.records(), now, wire));
      }
    } catch (IOException | RuntimeException e) {
      for (Closed c : batches) {
        c.queued()
            .completeExceptionally(e instanceof IOException io ? new UncheckedIOException(io) : e);
      }
      return;
    }
    queue
        .append(sealed)
        .whenComplete(
            (ok, err) -> {
              for (Closed c : batches) {
                if (err == null) {
                  c.queued().complete(null);
                } else {
                  c.queued().completeExceptionally(err);
                }
              }
            });
  }

  @Override
  public void close() {
    ticker.cancel(false);
    flush(true);
  }
}
