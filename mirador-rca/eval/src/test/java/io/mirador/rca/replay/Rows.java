package io.mirador.rca.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/** CSV text to numbered rows, as the replay reads files. */
final class Rows {
  private Rows() {}

  static List<NumberedRow> of(String csv, RowErrors errors) {
    List<NumberedRow> rows = new ArrayList<>();
    try (CsvLines lines = CsvLines.of(new BufferedReader(new StringReader(csv)))) {
      while (true) {
        try {
          List<String> fields = lines.next();
          if (fields == null) {
            return rows;
          }
          rows.add(new NumberedRow(lines.line(), fields));
        } catch (CsvLines.CsvException e) {
          errors.add("test.csv", lines.line(), e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
