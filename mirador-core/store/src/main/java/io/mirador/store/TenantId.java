package io.mirador.store;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A tenant's id: 1 to 64 characters of lower-case letters, digits, {@code -} and {@code _},
 * starting with a letter or digit. The strict form keeps ids safe in paths, metric labels and logs.
 */
public record TenantId(String value) {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  public TenantId {
    requireNonNull(value, "value");
    if (!VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "tenant id must be 1-64 characters of [a-z0-9_-] starting with a letter or digit");
    }
  }

  public static TenantId of(String value) {
    return new TenantId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
