package io.mirador.store.clickhouse;

import static io.mirador.store.clickhouse.JsonRows.doubleValue;
import static io.mirador.store.clickhouse.JsonRows.longValue;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.mirador.store.FindingQuery;
import io.mirador.store.FindingStore;
import io.mirador.store.Page;
import io.mirador.store.StoreException;
import io.mirador.store.StoredFinding;
import io.mirador.store.TenantId;
import io.mirador.store.TimeRange;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link FindingStore} on the tables of a {@link ClickHouseTelemetryStore}, through its transport.
 * Each {@link #put} appends a version; reads take the latest version of each finding ({@code LIMIT
 * 1 BY}), so an update never rewrites parts.
 */
public final class ClickHouseFindingStore implements FindingStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS =
      "FindingId, toUnixTimestamp64Nano(OpenedAt) AS opened,"
          + " toUnixTimestamp64Nano(UpdatedAt) AS updated, toUnixTimestamp64Nano(ClosedAt) AS"
          + " closed, Status, SymptomService, SymptomMetric, toUnixTimestamp64Nano(WindowStart) AS"
          + " wstart, toUnixTimestamp64Nano(WindowEnd) AS wend, Causes, Evidence,"
          + " toUnixTimestamp64Nano(DetectedAt) AS detected";

  private final ClickHouseTransport transport;
  private final Sql sql;
  private final AtomicLong lastWrite = new AtomicLong();

  private ClickHouseFindingStore(ClickHouseTransport transport, Sql sql) {
    this.transport = transport;
    this.sql = sql;
  }

  /** The findings kept beside {@code store}'s telemetry. */
  public static ClickHouseFindingStore on(ClickHouseTelemetryStore store) {
    requireNonNull(store, "store");
    return new ClickHouseFindingStore(store.transport(), store.sql());
  }

  @Override
  public void put(StoredFinding finding) {
    requireNonNull(finding, "finding");
    QueryParameters params =
        QueryParameters.builder()
            .add("tenant", finding.tenant().value())
            .add("id", finding.id())
            .add("written", nextWriteNanos())
            .add("opened", nanos(finding.openedAt()))
            .add("updated", nanos(finding.updatedAt()))
            .add("closed", finding.closedAt().map(ClickHouseFindingStore::nanos).orElse(0L))
            .add("status", finding.status().name())
            .add("service", finding.symptom().service())
            .add("metric", finding.symptom().metric())
            .add("wstart", finding.symptom().window().fromNanos())
            .add("wend", finding.symptom().window().toNanos())
            .add("causes", causesJson(finding.causes()))
            .add("evidence", finding.evidenceJson())
            .add("detected", finding.detectedAt().map(ClickHouseFindingStore::nanos).orElse(0L))
            .build();
    transport.query(
        "INSERT INTO "
            + sql.table(RecordSchema.FINDINGS)
            + " (TenantId, FindingId, WrittenAt, OpenedAt, UpdatedAt, ClosedAt, Status,"
            + " SymptomService, SymptomMetric, WindowStart, WindowEnd, Causes, Evidence,"
            + " DetectedAt) VALUES"
            + " ({tenant:String}, {id:String}, fromUnixTimestamp64Nano({written:Int64}),"
            + " fromUnixTimestamp64Nano({opened:Int64}), fromUnixTimestamp64Nano({updated:Int64}),"
            + " fromUnixTimestamp64Nano({closed:Int64}), {status:String}, {service:String},"
            + " {metric:String}, fromUnixTimestamp64Nano({wstart:Int64}),"
            + " fromUnixTimestamp64Nano({wend:Int64}), {causes:String}, {evidence:String},"
            + " if({detected:Int64} = 0, NULL, fromUnixTimestamp64Nano({detected:Int64})))",
        params,
        "TabSeparated");
  }

  @Override
  public Optional<StoredFinding> get(TenantId tenant, String id) {
    requireNonNull(tenant, "tenant");
    StoredFinding.requireId(id);
    byte[] out =
        transport.query(
            "SELECT "
                + COLUMNS
                + " FROM "
                + sql.table(RecordSchema.FINDINGS)
                + " WHERE TenantId = {tenant:String} AND FindingId = {id:String}"
                + " ORDER BY WrittenAt DESC LIMIT 1",
            QueryParameters.builder().add("tenant", tenant.value()).add("id", id).build(),
            "JSONEachRow");
    return JsonRows.parse(out).stream().findFirst().map(row -> finding(tenant, row));
  }

  @Override
  public Page<StoredFinding> list(FindingQuery query) {
    requireNonNull(query, "query");
    WhereClause where =
        WhereClause.tenantAndRange(query.tenant(), query.range(), "OpenedAt")
            .and(query.status().map(Enum::name), "Status = {status:String}", "status")
            .after(query.cursor(), "OpenedAt", "FindingId")
            .bind("limit", query.limit() + 1);
    byte[] out =
        transport.query(
            "SELECT "
                + COLUMNS
                + " FROM (SELECT * FROM "
                + sql.table(RecordSchema.FINDINGS)
                + " WHERE TenantId = {tenant:String} ORDER BY WrittenAt DESC LIMIT 1 BY FindingId)"
                + " WHERE "
                + where.sql()
                + " ORDER BY OpenedAt DESC, FindingId DESC LIMIT {limit:UInt32}",
            where.params().build(),
            "JSONEachRow");
    List<JsonNode> rows = JsonRows.parse(out);
    List<StoredFinding> items = new ArrayList<>();
    for (JsonNode row : rows.subList(0, Math.min(rows.size(), query.limit()))) {
      items.add(finding(query.tenant(), row));
    }
    Optional<String> next = Optional.empty();
    if (rows.size() > query.limit()) {
      StoredFinding last = items.getLast();
      next = Optional.of(Cursors.encode(nanos(last.openedAt()), last.id()));
    }
    return new Page<>(items, next);
  }

  @Override
  public long eraseTenant(TenantId tenant) {
    requireNonNull(tenant, "tenant");
    QueryParameters params = QueryParameters.builder().add("tenant", tenant.value()).build();
    byte[] out =
        transport.query(
            "SELECT uniqExact(FindingId) FROM "
                + sql.table(RecordSchema.FINDINGS)
                + " WHERE TenantId = {tenant:String}",
            params,
            "TabSeparated");
    long findings = Long.parseLong(new String(out, StandardCharsets.US_ASCII).strip());
    transport.query(
        "ALTER TABLE "
            + sql.storageTable(RecordSchema.FINDINGS)
            + sql.onCluster()
            + " DELETE WHERE TenantId = {tenant:String} SETTINGS mutations_sync = 2",
        params,
        "TabSeparated");
    return findings;
  }

  /** Strictly increasing within this process, so that two puts in one instant keep their order. */
  private long nextWriteNanos() {
    long now = nanos(Instant.now());
    return lastWrite.updateAndGet(last -> Math.max(last + 1, now));
  }

  private static long nanos(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }

  private static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  private static String causesJson(List<StoredFinding.Cause> causes) {
    ArrayNode array = JSON.createArrayNode();
    for (StoredFinding.Cause cause : causes) {
      array
          .addObject()
          .put("service", cause.service())
          .put("score", cause.score())
          .put("confidence", cause.confidence());
    }
    return array.toString();
  }

  private static StoredFinding finding(TenantId tenant, JsonNode row) {
    List<StoredFinding.Cause> causes = new ArrayList<>();
    try {
      for (JsonNode cause : JSON.readTree(row.get("Causes").asText())) {
        causes.add(
            new StoredFinding.Cause(
                cause.get("service").asText(),
                doubleValue(cause.get("score")),
                doubleValue(cause.get("confidence"))));
      }
    } catch (JsonProcessingException e) {
      throw new StoreException("unreadable finding causes");
    }
    StoredFinding.Status status = StoredFinding.Status.valueOf(row.get("Status").asText());
    return new StoredFinding(
        row.get("FindingId").asText(),
        tenant,
        instant(longValue(row.get("opened"))),
        instant(longValue(row.get("updated"))),
        status == StoredFinding.Status.CLOSED
            ? Optional.of(instant(longValue(row.get("closed"))))
            : Optional.empty(),
        status,
        new StoredFinding.Symptom(
            row.get("SymptomService").asText(),
            row.get("SymptomMetric").asText(),
            TimeRange.of(
                instant(longValue(row.get("wstart"))), instant(longValue(row.get("wend"))))),
        causes,
        row.get("Evidence").asText(),
        row.hasNonNull("detected")
            ? Optional.of(instant(longValue(row.get("detected"))))
            : Optional.empty());
  }
}
