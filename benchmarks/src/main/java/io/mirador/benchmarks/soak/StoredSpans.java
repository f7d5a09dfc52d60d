package io.mirador.benchmarks.soak;

import io.mirador.store.chdb.EmbeddedClickHouse;
import java.nio.file.Path;

/**
 * Reads every stored span id of the tenant from the store the core wrote (after the core stopped:
 * one process owns an embedded engine's directory at a time) and counts how often each span of the
 * ledger is stored. Rows are read as they are on disk, without {@code FINAL} or any deduplicating
 * read, so a span inserted twice counts twice.
 */
final class StoredSpans {
  /** Rows per query, so that a 30-minute run's tens of millions of ids are not one string. */
  private static final long ROWS_PER_CHUNK = 2_000_000;

  /** Stored copies per span number (saturating at 127), rows of other ids, and all rows. */
  record Counts(byte[] perSpan, long foreignRows, long rows) {}

  private StoredSpans() {}

  static Counts read(Path clickhouseDir, String tenant, SpanLedger ledger) {
    if (!tenant.matches("[a-z0-9-]+")) {
      throw new IllegalArgumentException("tenant: lower-case letters, digits and '-' only");
    }
    long spans = (long) ledger.requestsSent() * ledger.spansPerRequest();
    if (spans > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("more spans than one array holds: " + spans);
    }
    byte[] perSpan = new byte[(int) spans];
    long foreign = 0;
    long rows = 0;
    try (EmbeddedClickHouse engine = EmbeddedClickHouse.open(clickhouseDir)) {
      String where = " FROM mirador.otel_traces WHERE TenantId = '" + tenant + "'";
      long total = Long.parseLong(engine.query("SELECT count()" + where, "TabSeparated").strip());
      long chunks = Math.max(1, (total + ROWS_PER_CHUNK - 1) / ROWS_PER_CHUNK);
      for (long chunk = 0; chunk < chunks; chunk++) {
        String ids =
            engine.query(
                "SELECT SpanId" + where + " AND cityHash64(SpanId) % " + chunks + " = " + chunk,
                "TabSeparated");
        int from = 0;
        while (from < ids.length()) {
          int end = ids.indexOf('\n', from);
          if (end < 0) {
            end = ids.length();
          }
          if (end > from) {
            rows++;
            long id = parseId(ids, from, end);
            int request = id == 0 ? -1 : ledger.requestOf(id);
            if (request < 0) {
              foreign++;
            } else {
              int n = (int) ledger.spanNumber(id);
              if (perSpan[n] < Byte.MAX_VALUE) {
                perSpan[n]++;
              }
            }
          }
          from = end + 1;
        }
      }
      if (rows != total) {
        throw new IllegalStateException("read " + rows + " span rows of " + total);
      }
    }
    return new Counts(perSpan, foreign, rows);
  }

  /** A 16-digit hex span id, or 0 when the row holds something else. */
  private static long parseId(String text, int from, int end) {
    if (end - from != 16) {
      return 0;
    }
    try {
      return Long.parseUnsignedLong(text, from, end, 16);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
