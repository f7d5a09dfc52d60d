package io.mirador.rca.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A bounded RFC 4180 reader for the Nezha CSVs: quoted fields with doubled quotes (the log column
 * holds JSON), at most {@link #MAX_RECORD_CHARS} per record and {@link #MAX_FIELDS} fields. A
 * record that breaks the format is reported to the callback's caller as a {@link CsvException}
 * naming its line; reading goes on with the next line.
 */
final class CsvLines implements AutoCloseable {
  static final int MAX_RECORD_CHARS = 1 << 20;
  static final int MAX_FIELDS = 256;

  static final class CsvException extends Exception {
    private static final long serialVersionUID = 1L;

    CsvException(String message) {
      super(message);
    }
  }

  private final BufferedReader reader;
  private long line;
  private long recordLine;

  private CsvLines(BufferedReader reader) {
    this.reader = reader;
  }

  static CsvLines open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    try {
      if (file.getFileName().toString().endsWith(".gz")) {
        in = new GZIPInputStream(in, 1 << 16);
      }
    } catch (IOException e) {
      in.close();
      throw e;
    }
    return new CsvLines(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
  }

  static CsvLines of(BufferedReader reader) {
    return new CsvLines(reader);
  }

  /** The line number (1-based) where the last record returned by {@link #next} started. */
  long line() {
    return recordLine;
  }

  /**
   * The next record's fields, or null at the end.
   *
   * @throws CsvException for a record that breaks the format (the reader stays usable)
   */
  List<String> next() throws IOException, CsvException {
    String text = reader.readLine();
    if (text == null) {
      return null;
    }
    line++;
    recordLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int chars = 0;
    while (true) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"') {
            if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
              field.append('"');
              i++;
            } else {
              quoted = false;
            }
          } else {
            field.append(c);
          }
        } else if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
          if (fields.size() >= MAX_FIELDS) {
            throw new CsvException("more than " + MAX_FIELDS + " fields");
          }
        } else if (c == '"' && field.isEmpty()) {
          quoted = true;
        } else {
          field.append(c);
        }
      }
      chars += text.length();
      if (!quoted) {
        break;
      }
      // A quoted field goes on over the line break.
      String more = chars > MAX_RECORD_CHARS ? null : reader.readLine();
      if (more == null) {
        throw new CsvException(
            chars > MAX_RECORD_CHARS
                ? "record longer than " + MAX_RECORD_CHARS + " characters"
                : "unterminated quoted field");
      }
      line++;
      field.append('\n');
      text = more;
    }
    fields.add(field.toString());
    return fields;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
