package io.mirador.store.clickhouse;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Values bound to a statement's {@code {name:Type}} placeholders. ClickHouse parses a bound value
 * as a field of its escaped text format (TSV escaping), in the embedded engine and over HTTP alike,
 * so {@link #escape} is the one function every user-supplied value goes through: it is never
 * spliced into SQL text.
 */
public final class QueryParameters {
  private static final QueryParameters NONE = new QueryParameters(List.of(), List.of());
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  private final List<String> names;
  private final List<String> values;

  private QueryParameters(List<String> names, List<String> values) {
    this.names = List.copyOf(names);
    this.values = List.copyOf(values);
  }

  public static QueryParameters none() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Parameter names, in the order they were added. */
  public List<String> names() {
    return names;
  }

  /** Parameter values in escaped text form, in the order of {@link #names()}. */
  public List<String> escapedValues() {
    return values;
  }

  /**
   * Escapes {@code value} for ClickHouse's escaped text format: backslash, tab, newline, carriage
   * return, NUL, backspace, form feed and the other C0 controls become backslash escapes; every
   * other character stays as it is. The engine reads the field back to exactly {@code value}.
   */
  public static String escape(String value) {
    requireNonNull(value, "value");
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      String replacement =
          switch (c) {
            case '\\' -> "\\\\";
            case '\t' -> "\\t";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\0' -> "\\0";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            default -> c < 0x20 || c == 0x7f ? "\\x%02x".formatted((int) c) : null;
          };
      if (replacement != null) {
        if (out == null) {
          out = new StringBuilder(value.length() + 16).append(value, 0, i);
        }
        out.append(replacement);
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? value : out.toString();
  }

  /** Collects parameters; names must be identifiers and unique. */
  public static final class Builder {
    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    private Builder() {}

    /** Binds {@code value} (unescaped; escaped here) to {@code {name:Type}}. */
    public Builder add(String name, String value) {
      requireNonNull(value, "value");
      return bind(name, escape(value));
    }

    private Builder bind(String name, String escaped) {
      requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("parameter name must be an identifier");
      }
      if (names.contains(name)) {
        throw new IllegalArgumentException("parameter " + name + " bound twice");
      }
      names.add(name);
      values.add(escaped);
      return this;
    }

    public Builder add(String name, long value) {
      return add(name, Long.toString(value));
    }

    /**
     * Binds {@code values} to {@code {name:Array(String)}}. The engine reads an array parameter as
     * one literal: each element quoted, with the escaped text format's escapes and {@code \'}
     * inside the quotes, and no second escaping of the whole.
     */
    public Builder addStrings(String name, Collection<String> values) {
      requireNonNull(values, "values");
      StringBuilder array = new StringBuilder("[");
      for (String v : values) {
        if (array.length() > 1) {
          array.append(',');
        }
        array.append('\'').append(escape(requireNonNull(v, "value")).replace("'", "\\'"));
        array.append('\'');
      }
      return bind(name, array.append(']').toString());
    }

    public QueryParameters build() {
      return names.isEmpty() ? NONE : new QueryParameters(names, values);
    }
  }
}
