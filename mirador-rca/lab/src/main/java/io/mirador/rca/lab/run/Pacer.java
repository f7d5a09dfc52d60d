package io.mirador.rca.lab.run;

import java.time.Instant;

/** The run's clock: real time in the product, compressed time in tests. */
public interface Pacer {
  Instant now();

  /** Returns at {@code at} (at once when it is past). */
  void sleepUntil(Instant at) throws InterruptedException;

  /** The wall clock. */
  Pacer REAL =
      new Pacer() {
        @Override
        public Instant now() {
          return Instant.now();
        }

        @Override
        public void sleepUntil(Instant at) throws InterruptedException {
          long millis;
          while ((millis = at.toEpochMilli() - System.currentTimeMillis()) > 0) {
            Thread.sleep(Math.min(millis, 1000));
          }
        }
      };
}
