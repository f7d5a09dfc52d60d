package io.mirador.store.clickhouse;

import io.mirador.store.TenantId;
import io.mirador.store.TimeRange;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@code WHERE} clause of a tenant-scoped read and binds its values. Every clause starts
 * with the tenant and the time range, so no read can leave them out; each further condition names
 * its value as a {@code {name:Type}} placeholder and binds it in the same call.
 */
final class WhereClause {
  private final StringBuilder sql = new StringBuilder();
  private final QueryParameters.Builder params = QueryParameters.builder();
  private int attributeFilters;

  private WhereClause() {}

  /** {@code TenantId = tenant AND timeColumn in [from, to)}. */
  static WhereClause tenantAndRange(TenantId tenant, TimeRange range, String timeColumn) {
    WhereClause where = new WhereClause();
    where.sql.append("TenantId = {tenant:String} AND ").append(Sql.timeFilter(timeColumn));
    where
        .params
        .add("tenant", tenant.value())
        .add("from", range.fromNanos())
        .add("to", range.toNanos());
    return where;
  }

  /** Adds {@code AND condition} binding {@code value} to {@code name} when the value is present. */
  <T> WhereClause and(Optional<T> value, String condition, String name) {
    value.ifPresent(v -> and(condition).bind(name, v.toString()));
    return this;
  }

  /** Adds {@code AND condition}; its placeholders are bound with {@link #bind}. */
  WhereClause and(String condition) {
    sql.append(" AND ").append(condition);
    return this;
  }

  WhereClause bind(String name, String value) {
    params.add(name, value);
    return this;
  }

  WhereClause bind(String name, long value) {
    params.add(name, value);
    return this;
  }

  /** Adds {@code mapColumn[key] = value} for each entry. */
  WhereClause attributes(String mapColumn, Map<String, String> attributes) {
    for (Map.Entry<String, String> attribute : attributes.entrySet()) {
      int i = attributeFilters++;
      and("%s[{ak%d:String}] = {av%d:String}".formatted(mapColumn, i, i))
          .bind("ak" + i, attribute.getKey())
          .bind("av" + i, attribute.getValue());
    }
    return this;
  }

  /**
   * Continues a newest-first keyset page after {@code cursor}: rows whose {@code (timeColumn,
   * keyExpression)} sorts below the cursor's.
   */
  WhereClause after(Optional<String> cursor, String timeColumn, String keyExpression) {
    cursor.ifPresent(c -> and(keysetBelow(c, timeColumn, keyExpression)));
    return this;
  }

  /**
   * The condition of {@link #after} with the cursor's values bound here, for a caller that pages
   * over aggregates and needs it in a {@code HAVING} clause instead.
   *
   * @throws IllegalArgumentException for a malformed cursor
   */
  String keysetBelow(String cursor, String timeExpression, String keyExpression) {
    Cursors.Position position = Cursors.decode(cursor);
    bind("cursorTime", position.timeNanos()).bind("cursorKey", position.tieBreak());
    return "(%s, %s) < (fromUnixTimestamp64Nano({cursorTime:Int64}), {cursorKey:String})"
        .formatted(timeExpression, keyExpression);
  }

  String sql() {
    return sql.toString();
  }

  QueryParameters.Builder params() {
    return params;
  }
}
