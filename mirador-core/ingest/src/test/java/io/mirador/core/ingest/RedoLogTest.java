package io.mirador.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.crypto.Signal;
import io.mirador.store.EncodedRows;
import io.mirador.store.InsertToken;
import io.mirador.store.RedactionMinute;
import io.mirador.store.Retention;
import io.mirador.store.TenantId;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedoLogTest {
  @TempDir Path dir;

  private static final List<BatchIdentity> BATCHES =
      List.of(
          new BatchIdentity("t1", "agent-1", 41, Signal.TRACES),
          new BatchIdentity("t2", "agent-2", 7, Signal.TRACES));
  private static final List<RedactionMinute> REDACTIONS =
      List.of(
          new RedactionMinute(
              TenantId.of("t1"),
              Instant.parse("2026-12-07T00:01:00Z"),
              "traces",
              "span_attribute",
              "email",
              "hash",
              2));

  private static RedoLog.EncodedMember spans(int rows, int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return new RedoLog.EncodedMember(EncodedRows.Kind.SPANS, new RedoLog.Batch(rows, b));
  }

  private static RedoLog.Manifest manifest(String token, RedoLog.Member... members) {
    return new RedoLog.Manifest(
        new InsertToken(token),
        BATCHES,
        new RedoLog.EncodedTarget(EncodedRows.Kind.SPANS),
        Arrays.stream(members).map(RedoLog.Member::name).toList(),
        REDACTIONS);
  }

  private List<String> files() throws Exception {
    return files(dir);
  }

  private static List<String> files(Path in) throws Exception {
    try (Stream<Path> files = Files.list(in)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aWriteComesBackWithItsMembersRowsInTheManifestsOrder() throws Exception {
    try (RedoLog log = new RedoLog(dir)) {
      RedoLog.Member first = log.keepMember(spans(3, 1, 2, 3));
      RedoLog.Member second = log.keepMember(spans(1));
      RedoLog.Member third = log.keepMember(spans(2, 9, 8));
      // Listed in another order than they were written: the manifest's order is the insert's.
      Path manifest = log.keep(manifest("mirador-a", third, first, second));
      for (Path f : List.of(manifest, first.file(), second.file())) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
            .isEqualTo("rw-------");
      }

      List<RedoLog.Pending> pending = new RedoLog(dir).pending();
      assertThat(pending).hasSize(1);
      RedoLog.Write w = pending.get(0).write();
      assertThat(w.token().value()).isEqualTo("mirador-a");
      assertThat(w.batches()).isEqualTo(BATCHES);
      assertThat(w.redactions()).isEqualTo(REDACTIONS);
      RedoLog.Encoded rows = (RedoLog.Encoded) w.rows();
      assertThat(rows.kind()).isEqualTo(EncodedRows.Kind.SPANS);
      assertThat(rows.batches()).extracting(RedoLog.Batch::rows).containsExactly(2, 3, 1);
      assertThat(rows.batches().get(0).bytes()).containsExactly(9, 8);
      assertThat(rows.batches().get(1).bytes()).containsExactly(1, 2, 3);
      assertThat(rows.batches().get(2).bytes()).isEmpty();
      assertThat(pending.get(0).members())
          .containsExactly(third.file(), first.file(), second.file());

      new RedoLog(dir).removeRedone(pending.get(0));
      assertThat(files()).isEmpty();
    }
  }

  @Test
  void metricsMembersConcatenateIntoTheRequestOfTheWholeWrite() throws Exception {
    ResourceMetrics a =
        ResourceMetrics.newBuilder()
            .setResource(Resource.newBuilder().addAttributes(TestData.kv("service.name", "a")))
            .build();
    ResourceMetrics b =
        ResourceMetrics.newBuilder()
            .setResource(Resource.newBuilder().addAttributes(TestData.kv("service.name", "b")))
            .build();
    try (RedoLog log = new RedoLog(dir)) {
      RedoLog.Member one =
          log.keepMember(
              new RedoLog.MetricsMember(
                  ExportMetricsServiceRequest.newBuilder()
                      .addResourceMetrics(a)
                      .build()
                      .toByteArray()));
      RedoLog.Member two =
          log.keepMember(
              new RedoLog.MetricsMember(
                  ExportMetricsServiceRequest.newBuilder()
                      .addResourceMetrics(b)
                      .addResourceMetrics(a)
                      .build()
                      .toByteArray()));
      log.keep(
          new RedoLog.Manifest(
              new InsertToken("mirador-m"),
              List.of(new BatchIdentity("t1", "agent-1", 42, Signal.METRICS)),
              new RedoLog.MetricsTarget(TenantId.of("t1"), new Retention(3, 4, 5)),
              List.of(one.name(), two.name()),
              List.of()));
    }
    RedoLog.Metrics metrics = (RedoLog.Metrics) new RedoLog(dir).pending().get(0).write().rows();
    assertThat(metrics.tenant()).isEqualTo(TenantId.of("t1"));
    assertThat(metrics.retention()).isEqualTo(new Retention(3, 4, 5));
    assertThat(ExportMetricsServiceRequest.parseFrom(metrics.request()).getResourceMetricsList())
        .containsExactly(a, b, a);
  }

  @Test
  void aManifestCutShortOrDamagedWasNeverInsertedAndIsRemoved() throws Exception {
    try (RedoLog log = new RedoLog(dir)) {
      Path cut = log.keep(manifest("mirador-c", log.keepMember(spans(1, 1))));
      byte[] whole = Files.readAllBytes(cut);
      Files.write(cut, Arrays.copyOf(whole, whole.length - 5));
      Path damaged = log.keep(manifest("mirador-d", log.keepMember(spans(1, 2))));
      byte[] bytes = Files.readAllBytes(damaged);
      bytes[20] ^= 1;
      Files.write(damaged, bytes);
      Path good = log.keep(manifest("mirador-e", log.keepMember(spans(1, 3))));

      List<RedoLog.Pending> pending = log.pending();
      assertThat(pending).extracting(RedoLog.Pending::manifest).containsExactly(good);
      assertThat(cut).doesNotExist();
      assertThat(damaged).doesNotExist();
      // Their members are orphans now; the good manifest's member is not.
      assertThat(log.removeOrphans()).isEqualTo(2);
      assertThat(pending.get(0).members()).allMatch(Files::exists);
    }
  }

  @Test
  void onlyMembersThatNoManifestNamesAreOrphans() throws Exception {
    try (RedoLog log = new RedoLog(dir)) {
      RedoLog.Member named = log.keepMember(spans(1, 1));
      RedoLog.Member orphan = log.keepMember(spans(1, 2));
      Path cutMember = log.keepMember(spans(1, 3)).file();
      Files.write(cutMember, Arrays.copyOf(Files.readAllBytes(cutMember), 6));
      Path manifest = log.keep(manifest("mirador-f", named));

      assertThat(log.removeOrphans()).isEqualTo(2);
      assertThat(files())
          .containsExactlyInAnyOrder(
              manifest.getFileName().toString(), named.file().getFileName().toString());
      assertThat(orphan.file()).doesNotExist();
      assertThat(log.pending()).hasSize(1);
    }
  }

  @Test
  void aManifestWithAMissingDamagedOrForeignMemberCannotBeRedoneAndIsRemoved() throws Exception {
    Path redo = dir.resolve("redo");
    try (RedoLog log = new RedoLog(redo)) {
      RedoLog.Member gone = log.keepMember(spans(1, 1));
      Path missing = log.keep(manifest("mirador-g", log.keepMember(spans(1, 0)), gone));
      Files.delete(gone.file());
      RedoLog.Member flipped = log.keepMember(spans(2, 5, 6));
      Path damaged = log.keep(manifest("mirador-h", flipped));
      byte[] bytes = Files.readAllBytes(flipped.file());
      bytes[bytes.length - 9] ^= 1;
      Files.write(flipped.file(), bytes);
      RedoLog.Member logs =
          log.keepMember(
              new RedoLog.EncodedMember(EncodedRows.Kind.LOGS, new RedoLog.Batch(1, new byte[1])));
      Path otherKind = log.keep(manifest("mirador-i", logs));
      Files.writeString(dir.resolve("outside.member"), "x");
      Path outside =
          log.keep(
              new RedoLog.Manifest(
                  new InsertToken("mirador-j"),
                  BATCHES,
                  new RedoLog.EncodedTarget(EncodedRows.Kind.SPANS),
                  List.of("../outside.member"),
                  List.of()));

      assertThat(log.pending()).isEmpty();
      for (Path m : List.of(missing, damaged, otherKind, outside)) {
        assertThat(m).doesNotExist();
      }
      assertThat(log.removeOrphans()).isEqualTo(3);
      assertThat(files(redo)).isEmpty();
      assertThat(dir.resolve("outside.member")).exists();
    }
  }

  @Test
  void finishedMembersAreRemovedOffTheCallersThreadAndAllGoneAtClose() throws Exception {
    RedoLog.Member a;
    RedoLog.Member b;
    try (RedoLog log = new RedoLog(dir)) {
      a = log.keepMember(spans(1, 1));
      b = log.keepMember(spans(1, 2));
      Path manifest = log.keep(manifest("mirador-k", a, b));
      log.remove(manifest, List.of(a, b));
      assertThat(manifest).as("removed before remove returns").doesNotExist();
      log.discard(List.of(log.keepMember(spans(1, 3))));
    }
    assertThat(files()).isEmpty();
  }

  @Test
  void tokensAreUniquePerWriteAndOfTheInsertTokenForm() {
    List<BatchIdentity> same = List.of(new BatchIdentity("t1", "a", 1, Signal.LOGS));
    InsertToken one = InsertTokens.forWrite(same);
    InsertToken two = InsertTokens.forWrite(same);
    assertThat(one).isNotEqualTo(two);
    byte[] nonce = new byte[16];
    assertThat(InsertTokens.forWrite(same, nonce)).isEqualTo(InsertTokens.forWrite(same, nonce));
    assertThat(InsertTokens.forWrite(same, nonce))
        .isNotEqualTo(
            InsertTokens.forWrite(List.of(new BatchIdentity("t1", "a", 2, Signal.LOGS)), nonce));
    assertThat(one.value()).startsWith("mirador-").hasSize(8 + 48);
  }
}
