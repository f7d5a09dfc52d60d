package io.mirador.benchmarks.overload;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Senders on virtual threads. Closed loop ({@code requestsPerSecond} 0): each sender sends its next
 * request when the previous one is answered. Open loop: request {@code k} of the run is due at
 * {@code start + k / rate}; a free sender takes the next due request (sleeping until it is due), so
 * the offered rate holds as long as enough senders are free. Refused requests are not retried:
 * their spans count as not acknowledged. Request numbers (and so span ids) never repeat across runs
 * of one generator.
 */
final class LoadGenerator {
  record Result(double seconds) {}

  private final SpanTemplate template;
  private final AtomicLong nextRequest = new AtomicLong();

  LoadGenerator(SpanTemplate template) {
    this.template = template;
  }

  Result run(
      OtlpSenders.Sender sender,
      Ledger ledger,
      int senders,
      double requestsPerSecond,
      int seconds,
      ChildProcess measured)
      throws InterruptedException {
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong due = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < senders; i++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (true) {
                      if (requestsPerSecond > 0) {
                        long k = due.getAndIncrement();
                        long at = start + (long) (k * 1e9 / requestsPerSecond);
                        if (at >= end) {
                          return;
                        }
                        long wait = at - System.nanoTime();
                        if (wait > 0) {
                          LockSupport.parkNanos(wait);
                        }
                      } else if (System.nanoTime() >= end) {
                        return;
                      }
                      long r = nextRequest.getAndIncrement();
                      byte[] body = template.request(r);
                      long t0 = System.nanoTime();
                      Ledger.Answer answer;
                      try {
                        answer = sender.send(r, body);
                      } catch (InterruptedException e) {
                        return;
                      } catch (RuntimeException e) {
                        answer = new Ledger.Answer(e.getClass().getSimpleName(), false, false, 0);
                      }
                      ledger.record(r, answer, System.nanoTime() - t0);
                    }
                  }));
    }
    Thread progress =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  long lastSent = 0;
                  long lastAccepted = 0;
                  long lastThrottled = 0;
                  while (true) {
                    try {
                      Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                      return;
                    }
                    long sent = ledger.sent();
                    long accepted = ledger.accepted();
                    long throttled = ledger.throttled();
                    System.out.printf(
                        Locale.ROOT,
                        "  %3.0f s: offered %.0f spans/s, accepted %.0f spans/s, throttled %.0f"
                            + " req/s, %s RSS %d MiB (peak %d)%n",
                        (System.nanoTime() - start) / 1e9,
                        (sent - lastSent) * (double) template.spans() / 10,
                        (accepted - lastAccepted) * (double) template.spans() / 10,
                        (throttled - lastThrottled) / 10.0,
                        measured.name,
                        measured.rssBytes() >> 20,
                        measured.rssPeakBytes() >> 20);
                    lastSent = sent;
                    lastAccepted = accepted;
                    lastThrottled = throttled;
                  }
                });
    for (Thread t : threads) {
      t.join();
    }
    progress.interrupt();
    return new Result((System.nanoTime() - start) / 1e9);
  }
}
