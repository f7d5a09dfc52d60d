package io.mirador.store.clickhouse;

import static io.mirador.store.clickhouse.JsonRows.longValue;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirador.store.AuditQuery;
import io.mirador.store.AuditRecord;
import io.mirador.store.AuditStore;
import io.mirador.store.Page;
import io.mirador.store.StoreException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link AuditStore} on the tables of a {@link ClickHouseTelemetryStore}, through its transport.
 * One insert per record: audited actions arrive at human or RCA-loop rates, not telemetry rates.
 */
public final class ClickHouseAuditStore implements AuditStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ClickHouseTransport transport;
  private final Sql sql;

  private ClickHouseAuditStore(ClickHouseTransport transport, Sql sql) {
    this.transport = transport;
    this.sql = sql;
  }

  /** The audit trail kept beside {@code store}'s telemetry. */
  public static ClickHouseAuditStore on(ClickHouseTelemetryStore store) {
    requireNonNull(store, "store");
    return new ClickHouseAuditStore(store.transport(), store.sql());
  }

  @Override
  public void append(AuditRecord record) {
    requireNonNull(record, "record");
    ObjectNode parameters = JSON.createObjectNode();
    record.parameters().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> parameters.put(e.getKey(), e.getValue()));
    byte[] id = new byte[8];
    RANDOM.nextBytes(id);
    transport.query(
        "INSERT INTO "
            + sql.table(RecordSchema.AUDIT)
            + " (TenantId, Time, EventId, Actor, Action, Parameters, Outcome, ResultCount) VALUES"
            + " ({tenant:String}, fromUnixTimestamp64Nano({time:Int64}), {id:String},"
            + " {actor:String}, {action:String}, {params:String}, {outcome:String},"
            + " {count:Int64})",
        QueryParameters.builder()
            .add("tenant", record.tenant())
            .add("time", nanos(record.time()))
            .add("id", HexFormat.of().formatHex(id))
            .add("actor", record.actor())
            .add("action", record.action())
            .add("params", parameters.toString())
            .add("outcome", record.outcome())
            .add("count", record.resultCount())
            .build(),
        "TabSeparated");
  }

  @Override
  public Page<AuditRecord> search(AuditQuery query) {
    requireNonNull(query, "query");
    StringBuilder where =
        new StringBuilder("TenantId = {tenant:String} AND ").append(Sql.timeFilter("Time"));
    QueryParameters.Builder params =
        QueryParameters.builder()
            .add("tenant", query.tenant())
            .add("from", query.range().fromNanos())
            .add("to", query.range().toNanos())
            .add("limit", query.limit() + 1);
    query.actor().ifPresent(a -> where.append(" AND Actor = {actor:String}"));
    query.actor().ifPresent(a -> params.add("actor", a));
    query.action().ifPresent(a -> where.append(" AND Action = {action:String}"));
    query.action().ifPresent(a -> params.add("action", a));
    query
        .cursor()
        .ifPresent(
            c -> {
              Cursors.Position position = Cursors.decode(c);
              where.append(
                  " AND (Time, EventId) < (fromUnixTimestamp64Nano({cursorTime:Int64}),"
                      + " {cursorKey:String})");
              params.add("cursorTime", position.timeNanos()).add("cursorKey", position.tieBreak());
            });
    byte[] out =
        transport.query(
            "SELECT toUnixTimestamp64Nano(Time) AS ts, EventId, Actor, Action, Parameters,"
                + " Outcome, ResultCount FROM "
                + sql.table(RecordSchema.AUDIT)
                + " WHERE "
                + where
                + " ORDER BY Time DESC, EventId DESC LIMIT {limit:UInt32}",
            params.build(),
            "JSONEachRow");
    List<JsonNode> rows = JsonRows.parse(out);
    List<AuditRecord> records = new ArrayList<>();
    for (JsonNode row : rows.subList(0, Math.min(rows.size(), query.limit()))) {
      records.add(record(query.tenant(), row));
    }
    Optional<String> next = Optional.empty();
    if (rows.size() > query.limit()) {
      JsonNode last = rows.get(query.limit() - 1);
      next = Optional.of(Cursors.encode(longValue(last.get("ts")), last.get("EventId").asText()));
    }
    return new Page<>(records, next);
  }

  private static AuditRecord record(String tenant, JsonNode row) {
    Map<String, String> parameters = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, JsonNode> e :
          JSON.readTree(row.get("Parameters").asText()).properties()) {
        parameters.put(e.getKey(), e.getValue().asText());
      }
    } catch (JsonProcessingException e) {
      throw new StoreException("unreadable audit parameters");
    }
    long ts = longValue(row.get("ts"));
    return new AuditRecord(
        Instant.ofEpochSecond(Math.floorDiv(ts, 1_000_000_000L), Math.floorMod(ts, 1_000_000_000L)),
        row.get("Actor").asText(),
        tenant,
        row.get("Action").asText(),
        parameters,
        row.get("Outcome").asText(),
        longValue(row.get("ResultCount")));
  }

  private static long nanos(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }
}
