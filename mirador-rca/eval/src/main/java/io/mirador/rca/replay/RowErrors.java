package io.mirador.rca.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * Malformed input rows: every one is counted, the first {@link #KEPT} are kept with their file,
 * line and reason so that a bad data set says what is wrong with it instead of crashing the run.
 */
final class RowErrors {
  static final int KEPT = 20;

  record RowError(String file, long line, String reason) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + reason;
    }
  }

  private final List<RowError> first = new ArrayList<>();
  private long count;

  void add(String file, long line, String reason) {
    count++;
    if (first.size() < KEPT) {
      first.add(new RowError(file, line, reason));
    }
  }

  long count() {
    return count;
  }

  List<RowError> first() {
    return List.copyOf(first);
  }
}
