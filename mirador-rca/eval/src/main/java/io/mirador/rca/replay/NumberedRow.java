package io.mirador.rca.replay;

import java.util.List;

/** One CSV record and the line it started on. */
record NumberedRow(long line, List<String> fields) {
  NumberedRow {
    fields = List.copyOf(fields);
  }
}
