package io.mirador.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.crypto.ReplayGuard;
import io.mirador.crypto.Signal;
import io.mirador.store.EncodedRows;
import io.mirador.store.RedactionMinute;
import io.mirador.store.Retention;
import io.mirador.store.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's exactly-once path with a crash simulated at each crash point: the writer thread dies
 * there (as the process would), a new writer over the same redo log and replay state recovers, and
 * every span is stored once and the batch is accepted. The real engine and a real process kill are
 * in the store's {@code InsertTokensIT} and the service's {@code CoreCrashExactlyOnceIT}.
 */
class ExactlyOnceWriterTest {
  @TempDir Path dir;
  private final DeduplicatingStore store = new DeduplicatingStore();
  private final TenantId tenant = TenantId.of("t1");

  /** What a crash point does here: stops the writer thread like a kill stops the process. */
  private static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash() {
      super("simulated crash", null, false, false);
    }
  }

  private CoalescingWriter writer(ReplayJournal journal, CrashPoint crash) throws IOException {
    return writer(journal, crash, Duration.ofMillis(10));
  }

  private CoalescingWriter writer(ReplayJournal journal, CrashPoint crash, Duration linger)
      throws IOException {
    return new CoalescingWriter(
        store,
        linger,
        10_000,
        Optional.of(
            new CoalescingWriter.ExactlyOnce(new RedoLog(dir.resolve("redo")), journal, crash)));
  }

  private ReplayJournal journal() throws IOException {
    return new ReplayJournal(ReplayGuard.persistent(dir.resolve("replay.state"), 1024));
  }

  private static CrashPoint crashAt(CrashPoint.Point point) {
    return new CrashPoint(
        Optional.of(point),
        () -> {
          throw new SimulatedCrash();
        });
  }

  private EncodedRows spans(int n) {
    return store.encodeSpans(
        tenant, Retention.DEFAULT, TestData.traces("svc", n).getResourceSpansList());
  }

  private static BatchIdentity batch(long sequence) {
    return new BatchIdentity("t1", "agent-1", sequence, Signal.TRACES);
  }

  private List<Path> redoFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("redo"))) {
      return files.toList();
    }
  }

  @Test
  void aCrashAfterTheStoreWriteIsRedoneWithoutAStoredCopyAndTheBatchIsAccepted() throws Exception {
    EncodedRows rows = spans(25);
    CompletableFuture<Boolean> lost;
    try (CoalescingWriter first = writer(journal(), crashAt(CrashPoint.Point.AFTER_STORE_WRITE))) {
      lost = first.write(rows, List.of(), Optional.of(batch(7)));
      Thread.sleep(300);
    }
    assertThat(lost).as("no answer: the core died").isNotDone();
    assertThat(store.spanIds).hasSize(25);
    assertThat(redoFiles()).as("the manifest and the request's member").hasSize(2);

    ReplayJournal restarted = journal();
    assertThat(restarted.guard().check("agent-1", 7)).isEqualTo(ReplayGuard.Verdict.ACCEPTED);
    try (CoalescingWriter second = writer(restarted, CrashPoint.NONE)) {
      assertThat(second.recover()).isEqualTo(1);
    }
    assertThat(store.spanIds).as("the redo was dropped by its token").hasSize(25);
    assertThat(store.droppedWrites).isEqualTo(1);
    assertThat(redoFiles()).isEmpty();
    // Persisted: a third start, and the agent's retry, see the batch as stored.
    assertThat(journal().guard().check("agent-1", 7)).isEqualTo(ReplayGuard.Verdict.DUPLICATE);
  }

  @Test
  void aCrashBeforeTheStoreWriteIsRedoneAndStoresTheRowsOnce() throws Exception {
    try (CoalescingWriter first = writer(journal(), crashAt(CrashPoint.Point.BEFORE_STORE_WRITE))) {
      first.write(spans(12), List.of(), Optional.of(batch(3)));
      Thread.sleep(300);
    }
    assertThat(store.spanIds).isEmpty();
    try (CoalescingWriter second = writer(journal(), CrashPoint.NONE)) {
      assertThat(second.recover()).isEqualTo(1);
    }
    assertThat(store.spanIds).hasSize(12).doesNotHaveDuplicates();
    assertThat(journal().guard().check("agent-1", 3)).isEqualTo(ReplayGuard.Verdict.DUPLICATE);
    assertThat(redoFiles()).isEmpty();
    // A second start finds nothing to redo: the write is not repeated again.
    try (CoalescingWriter third = writer(journal(), CrashPoint.NONE)) {
      assertThat(third.recover()).isZero();
    }
    assertThat(store.droppedWrites).as("no repeat reached the store").isZero();
    assertThat(store.spanIds).hasSize(12);
  }

  @Test
  void aWriteOfSeveralRequestsIsRedoneWithEveryMemberInItsOrder() throws Exception {
    List<EncodedRows> rows = List.of(spans(4), spans(5), spans(6));
    DeduplicatingStore reference = new DeduplicatingStore();
    reference.writeEncoded(rows, new io.mirador.store.InsertToken("mirador-reference"));
    try (CoalescingWriter first =
        writer(journal(), crashAt(CrashPoint.Point.BEFORE_STORE_WRITE), Duration.ofMillis(500))) {
      for (int i = 0; i < rows.size(); i++) {
        first.write(rows.get(i), List.of(), Optional.of(batch(20 + i)));
      }
      Thread.sleep(900);
    }
    assertThat(store.spanIds).isEmpty();
    assertThat(redoFiles()).as("one manifest, three members").hasSize(4);
    try (CoalescingWriter second = writer(journal(), CrashPoint.NONE)) {
      assertThat(second.recover()).isEqualTo(1);
    }
    assertThat(store.spanIds)
        .as("every member of the write, in the order of the requests")
        .containsExactlyElementsOf(reference.spanIds);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(journal().guard().check("agent-1", 20 + i))
          .isEqualTo(ReplayGuard.Verdict.DUPLICATE);
    }
    assertThat(redoFiles()).isEmpty();
  }

  @Test
  void aCrashBeforeTheManifestInsertsNothingAndTheRetryIsStoredOnce() throws Exception {
    EncodedRows rows = spans(9);
    try (CoalescingWriter first = writer(journal(), crashAt(CrashPoint.Point.BEFORE_MANIFEST))) {
      first.write(rows, List.of(), Optional.of(batch(5)));
      Thread.sleep(300);
    }
    assertThat(redoFiles()).as("the request's member, named by no manifest").hasSize(1);
    try (CoalescingWriter second = writer(journal(), CrashPoint.NONE)) {
      assertThat(second.recover()).isZero();
      assertThat(store.spanIds).as("never acknowledged: not inserted at start").isEmpty();
      assertThat(redoFiles()).as("the orphan is removed at start").isEmpty();
      assertThat(journal().guard().check("agent-1", 5))
          .as("not accepted: the agent's retry is stored")
          .isEqualTo(ReplayGuard.Verdict.ACCEPTED);
      assertThat(second.write(rows, List.of(), Optional.of(batch(5))).get(5, TimeUnit.SECONDS))
          .isTrue();
    }
    assertThat(store.spanIds).hasSize(9).doesNotHaveDuplicates();
  }

  @Test
  void anOrphanNextToAPendingWriteIsRemovedAndOnlyTheWriteIsRedone() throws Exception {
    try (CoalescingWriter first = writer(journal(), crashAt(CrashPoint.Point.BEFORE_STORE_WRITE))) {
      first.write(spans(3), List.of(), Optional.of(batch(30)));
      Thread.sleep(300);
    }
    try (RedoLog log = new RedoLog(dir.resolve("redo"))) {
      // A request that was queued behind the write when the core died.
      log.keepMember(
          new RedoLog.EncodedMember(
              EncodedRows.Kind.SPANS,
              new RedoLog.Batch(7, store.persistable(spans(7)).orElseThrow())));
    }
    assertThat(redoFiles()).hasSize(3);
    try (CoalescingWriter second = writer(journal(), CrashPoint.NONE)) {
      assertThat(second.recover()).isEqualTo(1);
    }
    assertThat(store.spanIds).hasSize(3);
    assertThat(redoFiles()).isEmpty();
  }

  @Test
  void aManifestWhoseMemberIsLostIsNeitherRedoneNorAccepted() throws Exception {
    try (CoalescingWriter first = writer(journal(), crashAt(CrashPoint.Point.BEFORE_STORE_WRITE))) {
      first.write(spans(3), List.of(), Optional.of(batch(40)));
      Thread.sleep(300);
    }
    for (Path f : redoFiles()) {
      if (f.getFileName().toString().endsWith(".member")) {
        Files.delete(f);
      }
    }
    try (CoalescingWriter second = writer(journal(), CrashPoint.NONE)) {
      assertThat(second.recover()).isZero();
    }
    assertThat(store.spanIds).isEmpty();
    assertThat(redoFiles()).isEmpty();
    assertThat(journal().guard().check("agent-1", 40))
        .as("not accepted: the agent's retry is stored, nothing is lost")
        .isEqualTo(ReplayGuard.Verdict.ACCEPTED);
  }

  @Test
  void redactionCountsAreRedoneUnderTheirOwnTokenAndCountedOnce() throws Exception {
    Instant minute = Instant.parse("2026-12-07T00:00:00Z");
    List<RedactionMinute> counts =
        List.of(
            new RedactionMinute(tenant, minute, "traces", "span_attribute", "email", "hash", 4));
    try (CoalescingWriter first = writer(journal(), crashAt(CrashPoint.Point.AFTER_STORE_WRITE))) {
      first.write(spans(5), counts, Optional.of(batch(9)));
      Thread.sleep(300);
    }
    try (CoalescingWriter second = writer(journal(), CrashPoint.NONE)) {
      second.recover();
    }
    assertThat(store.redactions).containsExactlyElementsOf(counts);
    assertThat(store.spanIds).hasSize(5);
  }

  @Test
  void metricsAreRedoneOnce() throws Exception {
    var metrics = List.of(io.opentelemetry.proto.metrics.v1.ResourceMetrics.getDefaultInstance());
    try (CoalescingWriter first = writer(journal(), crashAt(CrashPoint.Point.AFTER_STORE_WRITE))) {
      first.writeMetrics(
          tenant,
          Retention.DEFAULT,
          metrics,
          1,
          List.of(),
          Optional.of(new BatchIdentity("t1", "agent-1", 4, Signal.METRICS)));
      Thread.sleep(300);
    }
    try (CoalescingWriter second = writer(journal(), CrashPoint.NONE)) {
      assertThat(second.recover()).isEqualTo(1);
    }
    assertThat(store.metricWrites).isEqualTo(1);
    assertThat(journal().guard().check("agent-1", 4)).isEqualTo(ReplayGuard.Verdict.DUPLICATE);
  }

  @Test
  void copiesOfABatchAreWrittenOnceAndAllAnsweredStored() throws Exception {
    ReplayJournal journal = journal();
    EncodedRows rows = spans(8);
    try (CoalescingWriter writer = writer(journal, CrashPoint.NONE)) {
      CompletableFuture<Boolean> one = writer.write(rows, List.of(), Optional.of(batch(1)));
      CompletableFuture<Boolean> two = writer.write(rows, List.of(), Optional.of(batch(1)));
      assertThat(one.get(5, TimeUnit.SECONDS)).isTrue();
      assertThat(two.get(5, TimeUnit.SECONDS)).isTrue();
      // A copy that arrives after the first was accepted is not written either.
      assertThat(writer.write(rows, List.of(), Optional.of(batch(1))).get(5, TimeUnit.SECONDS))
          .isTrue();
    }
    assertThat(store.spanIds).hasSize(8);
    assertThat(redoFiles()).isEmpty();
  }

  @Test
  void aFailedWriteIsNeitherAcceptedNorKeptForRedo() throws Exception {
    store.failing = true;
    ReplayJournal journal = journal();
    try (CoalescingWriter writer = writer(journal, CrashPoint.NONE)) {
      CompletableFuture<Boolean> failed = writer.write(spans(3), List.of(), Optional.of(batch(2)));
      assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
    }
    assertThat(journal.guard().check("agent-1", 2)).isEqualTo(ReplayGuard.Verdict.ACCEPTED);
    assertThat(redoFiles()).isEmpty();
  }

  @Test
  void plainRequestsAreNeitherTokenedNorAccepted() throws Exception {
    RecordingStore plain = new RecordingStore();
    assertThatThrownBy(
            () ->
                new CoalescingWriter(
                    plain,
                    Duration.ofMillis(10),
                    100,
                    Optional.of(
                        new CoalescingWriter.ExactlyOnce(
                            new RedoLog(dir.resolve("r2")), journal(), CrashPoint.NONE))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deduplicates");
  }

  @Test
  void theCrashPointIsOffUnlessItsPropertyNamesAPoint() {
    assertThat(CrashPoint.fromSystemProperty().armed()).isEmpty();
    System.setProperty(CrashPoint.PROPERTY, "after-store-write");
    try {
      assertThat(CrashPoint.fromSystemProperty().armed())
          .contains(CrashPoint.Point.AFTER_STORE_WRITE);
      System.setProperty(CrashPoint.PROPERTY, "sometimes");
      assertThatThrownBy(CrashPoint::fromSystemProperty)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("before-manifest, before-store-write or after-store-write");
      System.setProperty(CrashPoint.PROPERTY, "before-manifest");
      assertThat(CrashPoint.fromSystemProperty().armed())
          .contains(CrashPoint.Point.BEFORE_MANIFEST);
    } finally {
      System.clearProperty(CrashPoint.PROPERTY);
    }
  }
}
