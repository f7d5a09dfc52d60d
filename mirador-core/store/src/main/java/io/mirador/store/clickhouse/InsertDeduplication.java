package io.mirador.store.clickhouse;

import io.mirador.store.InsertToken;
import java.util.Optional;

/**
 * Whether an insert is deduplicated: by a token the caller chose, or not at all. The telemetry
 * tables keep a deduplication window (migration 7), which would otherwise also drop an untokened
 * insert whose rows hash like one in the window; the embedded engine is told not to, so that it
 * deduplicates only where the store named the write (store RATIONALE.md, exactly once).
 */
public record InsertDeduplication(Optional<InsertToken> token) {
  private static final InsertDeduplication OFF = new InsertDeduplication(Optional.empty());

  public static InsertDeduplication off() {
    return OFF;
  }

  public static InsertDeduplication by(InsertToken token) {
    return new InsertDeduplication(Optional.of(token));
  }

  /**
   * The {@code SETTINGS} items for the embedded engine, whose version is pinned: ClickHouse 26
   * spells "no deduplication" {@code deduplicate_insert = 'disable'} (it ignores the older {@code
   * insert_deduplicate = 0}, measured in {@code InsertDeduplicationIT}).
   */
  public String embeddedSettings() {
    return token.isPresent() ? serverSettings() : "deduplicate_insert = 'disable'";
  }

  /**
   * The items for a ClickHouse server of any version since 22: only the token, which every one
   * knows; an untokened insert keeps the server's default, which for a replicated table has always
   * been to drop a block whose rows hash like one in the window.
   */
  public String serverSettings() {
    return token.map(t -> "insert_deduplication_token = '" + t.value() + "'").orElse("");
  }
}
