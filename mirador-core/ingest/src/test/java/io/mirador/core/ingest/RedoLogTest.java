package io.mirador.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.crypto.Signal;
import io.mirador.store.EncodedRows;
import io.mirador.store.InsertToken;
import io.mirador.store.RedactionMinute;
import io.mirador.store.Retention;
import io.mirador.store.TenantId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedoLogTest {
  @TempDir Path dir;

  private static RedoLog.Write spans(String token) {
    return new RedoLog.Write(
        new InsertToken(token),
        List.of(
            new BatchIdentity("t1", "agent-1", 41, Signal.TRACES),
            new BatchIdentity("t2", "agent-2", 7, Signal.TRACES)),
        new RedoLog.Encoded(
            EncodedRows.Kind.SPANS,
            List.of(new RedoLog.Batch(3, new byte[] {1, 2, 3}), new RedoLog.Batch(1, new byte[0]))),
        List.of(
            new RedactionMinute(
                TenantId.of("t1"),
                Instant.parse("2026-12-07T00:01:00Z"),
                "traces",
                "span_attribute",
                "email",
                "hash",
                2)));
  }

  @Test
  void keptWritesComeBackOldestFirstWithEverythingInThem() throws Exception {
    RedoLog log = new RedoLog(dir);
    Path first = log.keep(spans("mirador-a"));
    log.keep(
        new RedoLog.Write(
            new InsertToken("mirador-b"),
            List.of(new BatchIdentity("t1", "agent-1", 42, Signal.METRICS)),
            new RedoLog.Metrics(TenantId.of("t1"), new Retention(3, 4, 5), new byte[] {9, 9}),
            List.of()));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first)))
        .isEqualTo("rw-------");

    List<RedoLog.Pending> pending = new RedoLog(dir).pending();
    assertThat(pending).hasSize(2);
    RedoLog.Write a = pending.get(0).write();
    assertThat(a.token().value()).isEqualTo("mirador-a");
    assertThat(a.batches()).isEqualTo(spans("x").batches());
    assertThat(a.redactions()).isEqualTo(spans("x").redactions());
    RedoLog.Encoded rows = (RedoLog.Encoded) a.rows();
    assertThat(rows.kind()).isEqualTo(EncodedRows.Kind.SPANS);
    assertThat(rows.batches().get(0).rows()).isEqualTo(3);
    assertThat(rows.batches().get(0).bytes()).containsExactly(1, 2, 3);
    RedoLog.Metrics metrics = (RedoLog.Metrics) pending.get(1).write().rows();
    assertThat(metrics.retention()).isEqualTo(new Retention(3, 4, 5));
    assertThat(metrics.request()).containsExactly(9, 9);

    log.remove(pending.get(0).file());
    assertThat(new RedoLog(dir).pending()).hasSize(1);
  }

  @Test
  void aFileCutShortWasNeverInsertedAndIsRemoved() throws Exception {
    RedoLog log = new RedoLog(dir);
    Path file = log.keep(spans("mirador-c"));
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(whole, whole.length - 5));
    Path damaged = log.keep(spans("mirador-d"));
    byte[] bytes = Files.readAllBytes(damaged);
    bytes[20] ^= 1;
    Files.write(damaged, bytes);
    Path good = log.keep(spans("mirador-e"));

    List<RedoLog.Pending> pending = log.pending();
    assertThat(pending).extracting(RedoLog.Pending::file).containsExactly(good);
    assertThat(file).doesNotExist();
    assertThat(damaged).doesNotExist();
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
