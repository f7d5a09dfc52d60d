package io.mirador.store.chdb;

/** Shapes ClickHouse error text for exceptions and logs. */
final class ClickHouseErrors {
  static final int MAX_LENGTH = 600;

  private ClickHouseErrors() {}

  /**
   * Keeps ClickHouse's error code and message and drops what may echo row data: ClickHouse appends
   * the unparsed input ("before: ...", "Row N:") and a stack trace to some messages, and an
   * insert's input is telemetry that may not appear in logs.
   */
  static String summarize(String message) {
    String text = message.strip();
    for (String marker : new String[] {"before: ", "\nRow ", ": While executing", "Stack trace"}) {
      int at = text.indexOf(marker);
      if (at > 0) {
        text = text.substring(0, at).strip() + " [...]";
      }
    }
    int newline = text.indexOf('\n');
    if (newline > 0) {
      text = text.substring(0, newline).strip();
    }
    if (text.length() > MAX_LENGTH) {
      text = text.substring(0, MAX_LENGTH) + " [...]";
    }
    return text;
  }
}
