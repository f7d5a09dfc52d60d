package io.mirador.rca.eval;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/** A numeric CSV (optionally gzip-compressed) read column by column, with bounded sizes. */
record CsvTable(List<String> header, double[][] columns, Map<String, String[]> text) {
  static final int MAX_LINE_CHARS = 1 << 20;
  static final int MAX_COLUMNS = 4096;
  static final long MAX_CELLS = 20_000_000;

  CsvTable {
    header = List.copyOf(requireNonNull(header, "header"));
    requireNonNull(columns, "columns");
    text = Map.copyOf(requireNonNull(text, "text"));
  }

  int rows() {
    return columns.length == 0 ? 0 : columns[0].length;
  }

  double[] column(String name) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new CsvFormatException("no column '" + name + "'");
    }
    return columns[i];
  }

  static CsvTable read(Path file) throws IOException {
    return read(file, Set.of());
  }

  /** Reads {@code textColumns} as strings (their numeric column is NaN), every other as numbers. */
  static CsvTable read(Path file, Set<String> textColumns) throws IOException {
    String source = file.toString();
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = source.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String first = readLine(reader, source, 1);
      if (first == null || first.isBlank()) {
        throw new CsvFormatException(source + ": empty file, expected a header line");
      }
      List<String> header = List.of(first.strip().split(",", -1));
      if (header.size() > MAX_COLUMNS) {
        throw new CsvFormatException(source + ": more than " + MAX_COLUMNS + " columns");
      }
      if (new HashSet<>(header).size() != header.size()) {
        throw new CsvFormatException(source + ": duplicate column names");
      }
      var rows = new ArrayList<double[]>();
      var texts = new ArrayList<String[]>();
      long cells = 0;
      String line;
      for (int number = 2; (line = readLine(reader, source, number)) != null; number++) {
        if (line.isBlank()) {
          continue;
        }
        String[] parts = line.strip().split(",", -1);
        if (parts.length != header.size()) {
          throw new CsvFormatException(
              source
                  + ": line "
                  + number
                  + " has "
                  + parts.length
                  + " fields, header has "
                  + header.size());
        }
        cells += parts.length;
        if (cells > MAX_CELLS) {
          throw new CsvFormatException(source + ": more than " + MAX_CELLS + " values");
        }
        double[] row = new double[parts.length];
        for (int j = 0; j < parts.length; j++) {
          row[j] =
              textColumns.contains(header.get(j))
                  ? Double.NaN
                  : parse(parts[j], source, number, header.get(j));
        }
        rows.add(row);
        texts.add(parts);
      }
      double[][] columns = new double[header.size()][rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        for (int j = 0; j < header.size(); j++) {
          columns[j][i] = rows.get(i)[j];
        }
      }
      var text = new HashMap<String, String[]>();
      for (String name : textColumns) {
        int j = header.indexOf(name);
        if (j < 0) {
          throw new CsvFormatException(source + ": no column '" + name + "'");
        }
        String[] values = new String[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
          values[i] = texts.get(i)[j];
        }
        text.put(name, values);
      }
      return new CsvTable(header, columns, text);
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw new CsvFormatException(source + ": corrupt gzip data (" + e.getMessage() + ")");
    }
  }

  private static double parse(String text, String source, int line, String column) {
    String t = text.strip();
    if (t.isEmpty() || t.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new CsvFormatException(
          source + ": line " + line + ", column " + column + ": not a number");
    }
  }

  private static String readLine(BufferedReader reader, String source, int number)
      throws IOException {
    var sb = new StringBuilder();
    int c;
    while ((c = reader.read()) != -1) {
      if (c == '\n') {
        return sb.toString();
      }
      if (sb.length() >= MAX_LINE_CHARS) {
        throw new CsvFormatException(
            source + ": line " + number + " is longer than " + MAX_LINE_CHARS + " characters");
      }
      sb.append((char) c);
    }
    return sb.isEmpty() ? null : sb.toString();
  }
}
