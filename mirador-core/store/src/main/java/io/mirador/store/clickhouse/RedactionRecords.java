package io.mirador.store.clickhouse;

import static io.mirador.store.clickhouse.JsonRows.longValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirador.store.RedactionMinute;
import io.mirador.store.RedactionQuery;
import io.mirador.store.RedactionTotal;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes and reads the redaction counts ({@link RedactionSchema}). Writes are one small JSONEachRow
 * insert per call: the ingest writer sums the counts of everything it stores together first, so a
 * write holds a few dozen rows at most, and row-binary speed does not matter here.
 */
final class RedactionRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RedactionRecords() {}

  static void write(ClickHouseTransport transport, Sql sql, List<RedactionMinute> rows) {
    write(transport, sql, rows, InsertDeduplication.off());
  }

  /** {@link #write(ClickHouseTransport, Sql, List)} deduplicated as {@code deduplication} says. */
  static void write(
      ClickHouseTransport transport,
      Sql sql,
      List<RedactionMinute> rows,
      InsertDeduplication deduplication) {
    if (rows.isEmpty()) {
      return;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(rows.size() * 128);
    for (RedactionMinute row : rows) {
      ObjectNode node = JSON.createObjectNode();
      node.put("TenantId", row.tenant().value());
      node.put("Minute", row.minute().getEpochSecond());
      node.put("Signal", row.signal());
      node.put("Location", row.location());
      node.put("Source", row.source());
      node.put("Action", row.action());
      node.put("Count", row.count());
      out.writeBytes(node.toString().getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
    transport.insert(
        sql.table(RedactionSchema.NAME),
        RedactionSchema.COLUMNS,
        InsertFormat.JSON_EACH_ROW,
        out.toByteArray(),
        deduplication);
  }

  static List<RedactionTotal> read(ClickHouseTransport transport, Sql sql, RedactionQuery query) {
    QueryParameters.Builder params =
        QueryParameters.builder()
            .add("tenant", query.tenant().value())
            .add("from", query.range().fromNanos())
            .add("to", query.range().toNanos());
    String bucket = "";
    String group = "Source, Action, Signal, Location";
    if (query.step().isPresent()) {
      params.add("step", query.step().get().toSeconds());
      bucket =
          "toUnixTimestamp(toStartOfInterval(Minute, toIntervalSecond({step:UInt32}))) AS Bucket, ";
      group = "Bucket, " + group;
    }
    byte[] out =
        transport.query(
            "SELECT "
                + bucket
                + "Source, Action, Signal, Location, sum(Count) AS Total FROM "
                + sql.table(RedactionSchema.NAME)
                + " WHERE TenantId = {tenant:String}"
                + " AND Minute >= toDateTime(intDiv({from:Int64}, 1000000000), 'UTC')"
                + " AND Minute < toDateTime(intDiv({to:Int64} + 999999999, 1000000000), 'UTC')"
                + " GROUP BY "
                + group
                + " HAVING Total > 0 ORDER BY Total DESC, "
                + group,
            params.build(),
            "JSONEachRow");
    List<RedactionTotal> totals = new ArrayList<>();
    for (JsonNode row : JsonRows.parse(out)) {
      totals.add(
          new RedactionTotal(
              row.has("Bucket")
                  ? Optional.of(Instant.ofEpochSecond(longValue(row.get("Bucket"))))
                  : Optional.empty(),
              row.get("Source").asText(),
              row.get("Action").asText(),
              row.get("Signal").asText(),
              row.get("Location").asText(),
              longValue(row.get("Total"))));
    }
    return totals;
  }
}
