package io.mirador.benchmarks.overload;

import io.mirador.store.chdb.EmbeddedClickHouse;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * Reads every span id of the tenant from the store a stopped core left (embedded ClickHouse) and
 * compares them with the requests the load generator saw accepted: lost = acknowledged and not
 * stored, duplicated = stored more than once.
 */
final class StoreAudit {
  record Result(
      long ackedSpans, long storedSpans, long lost, long duplicated, long storedUnacked) {}

  private StoreAudit() {}

  static Result audit(Path clickhouseDir, String tenant, SpanTemplate template, BitSet accepted) {
    BitSet seen = new BitSet();
    long stored = 0;
    long duplicated = 0;
    long unacked = 0;
    try (EmbeddedClickHouse engine = EmbeddedClickHouse.open(clickhouseDir)) {
      String ids =
          engine.query(
              "SELECT SpanId FROM mirador.otel_traces WHERE TenantId = '" + tenant + "'",
              "TabSeparated");
      int from = 0;
      while (from < ids.length()) {
        int nl = ids.indexOf('\n', from);
        if (nl < 0) {
          nl = ids.length();
        }
        if (nl > from) {
          long id = Long.parseUnsignedLong(ids.substring(from, nl), 16);
          stored++;
          int index = Math.toIntExact(id - SpanTemplate.BASE);
          if (seen.get(index)) {
            duplicated++;
          }
          seen.set(index);
          if (!accepted.get(Math.toIntExact(template.requestOf(id)))) {
            unacked++;
          }
        }
        from = nl + 1;
      }
    }
    long acked = 0;
    long lost = 0;
    for (int r = accepted.nextSetBit(0); r >= 0; r = accepted.nextSetBit(r + 1)) {
      for (int k = 0; k < template.spans(); k++) {
        acked++;
        if (!seen.get(Math.toIntExact(template.spanId(r, k) - SpanTemplate.BASE))) {
          lost++;
        }
      }
    }
    return new Result(acked, stored, lost, duplicated, unacked);
  }
}
