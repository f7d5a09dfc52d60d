package io.mirador.core.service.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IngestExecutorTest {
  @Test
  void tasksThatWaitedTooLongWithABacklogAreAnsweredLateTheLastOneRuns() throws Exception {
    IngestExecutor executor = new IngestExecutor(1, 10, 100);
    try {
      CountDownLatch hold = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(4);
      List<String> outcomes = new CopyOnWriteArrayList<>();
      assertThat(executor.submit(() -> await(hold))).isTrue();
      for (int i = 0; i < 3; i++) {
        int n = i;
        assertThat(
                executor.submit(
                    () -> {
                      outcomes.add("ran " + n);
                      done.countDown();
                    },
                    () -> {
                      outcomes.add("late " + n);
                      done.countDown();
                    }))
            .isTrue();
      }
      executor.submit(
          () -> {
            outcomes.add("last");
            done.countDown();
          },
          () -> {
            outcomes.add("last late");
            done.countDown();
          });
      Thread.sleep(250);
      hold.countDown();
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      // Every task waited 250 ms; those with a backlog behind them are answered late, the last one
      // (nothing behind it) runs.
      assertThat(outcomes).containsExactly("late 0", "late 1", "late 2", "last");
    } finally {
      executor.stop();
    }
  }

  @Test
  void aLongWaitWithNothingQueuedBehindIsASlowHostAndRuns() throws Exception {
    IngestExecutor executor = new IngestExecutor(1, 10, 100);
    try {
      CountDownLatch hold = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(1);
      List<String> outcomes = new CopyOnWriteArrayList<>();
      executor.submit(() -> await(hold));
      executor.submit(
          () -> {
            outcomes.add("ran");
            done.countDown();
          },
          () -> {
            outcomes.add("late");
            done.countDown();
          });
      Thread.sleep(250);
      hold.countDown();
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(outcomes).containsExactly("ran");
    } finally {
      executor.stop();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
