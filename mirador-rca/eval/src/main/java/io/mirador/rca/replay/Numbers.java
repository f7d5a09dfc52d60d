package io.mirador.rca.replay;

/** Strict number parsing with messages that name the column. */
final class Numbers {
  private Numbers() {}

  /** A non-negative Unix time in nanoseconds. */
  static long nanos(String text, String column) {
    try {
      long value = Long.parseLong(text.strip());
      if (value < 0) {
        throw new IllegalArgumentException(column + " is negative");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          column + " '" + Hex.clip(text) + "' is not a whole number", e);
    }
  }

  /** A finite decimal; empty or non-finite text is not a value. */
  static double decimal(String text, String column) {
    try {
      double value = Double.parseDouble(text.strip());
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(column + " is not finite");
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(column + " '" + Hex.clip(text) + "' is not a number", e);
    }
  }
}
