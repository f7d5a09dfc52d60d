package io.mirador.rca.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AnalysisSlotsTest {
  @Test
  void aRequestOverTheLimitIsRefusedAtOnceAndASlotIsFreedAfterAFailure() throws Exception {
    AnalysisSlots slots = new AnalysisSlots(1);
    var running = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<String> first =
          pool.submit(
              () ->
                  slots.run(
                      () -> {
                        running.countDown();
                        try {
                          release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        return "first";
                      }));
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> slots.run(() -> "second")).isInstanceOf(AnalysisSlots.Busy.class);
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
    } finally {
      pool.shutdownNow();
    }
    assertThatThrownBy(
            () ->
                slots.run(
                    () -> {
                      throw new IllegalStateException("analysis failed");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(slots.run(() -> "after")).isEqualTo("after");
  }
}
