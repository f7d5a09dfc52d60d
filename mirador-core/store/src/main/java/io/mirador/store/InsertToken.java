package io.mirador.store;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * The name of one write for ClickHouse's insert deduplication ({@code insert_deduplication_token}):
 * a write repeated with the same token is dropped by the engine, whatever its rows, as long as the
 * token is still in the table's deduplication window. The caller makes it unique per write and
 * repeats it only when it repeats that write (store RATIONALE.md, exactly once).
 *
 * @param value letters, digits, {@code _ - . :}; 1 to 128 characters, so it needs no quoting
 */
public record InsertToken(String value) {
  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

  public InsertToken {
    requireNonNull(value, "value");
    if (!FORM.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "an insert token is 1-128 of [A-Za-z0-9_.:-], got " + value.length() + " characters");
    }
  }

  /** The token of one part of this write (a metric type's insert), still unique per write. */
  public InsertToken part(String name) {
    return new InsertToken(value + "." + name);
  }

  @Override
  public String toString() {
    return value;
  }
}
