package io.mirador.store.clickhouse;

/** Wire formats the writers can encode rows in. RowBinary is the default: see RATIONALE.md. */
public enum InsertFormat {
  ROW_BINARY("RowBinary", ""),
  // Times travel as ISO 8601 strings, which only the best-effort parser reads exactly.
  JSON_EACH_ROW("JSONEachRow", "SETTINGS date_time_input_format = 'best_effort'");

  private final String clickHouseName;
  private final String settings;

  InsertFormat(String clickHouseName, String settings) {
    this.clickHouseName = clickHouseName;
    this.settings = settings;
  }

  /**
   * An insert of {@code columns} into {@code table} in this format, without the {@code FORMAT}
   * clause: {@code INSERT INTO table (columns) [SETTINGS ...]}.
   */
  public String insertHead(String table, java.util.List<String> columns) {
    return ("INSERT INTO " + table + " (" + String.join(", ", columns) + ") " + settings).strip();
  }

  /** The full insert statement, {@link #insertHead} followed by {@code FORMAT name}. */
  public String insertStatement(String table, java.util.List<String> columns) {
    return insertHead(table, columns) + " FORMAT " + clickHouseName;
  }

  /** {@link #insertHead} with more {@code SETTINGS} items ({@code a = 1, b = 2}), if any. */
  public String insertHead(String table, java.util.List<String> columns, String moreSettings) {
    String all =
        moreSettings.isEmpty()
            ? settings
            : settings.isEmpty() ? "SETTINGS " + moreSettings : settings + ", " + moreSettings;
    return ("INSERT INTO " + table + " (" + String.join(", ", columns) + ") " + all).strip();
  }

  /** {@link #insertStatement} with more {@code SETTINGS} items, if any. */
  public String insertStatement(String table, java.util.List<String> columns, String moreSettings) {
    return insertHead(table, columns, moreSettings) + " FORMAT " + clickHouseName;
  }

  /** The name of the format in ClickHouse SQL. */
  public String clickHouseName() {
    return clickHouseName;
  }
}
