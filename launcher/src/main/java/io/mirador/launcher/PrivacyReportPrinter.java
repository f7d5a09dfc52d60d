package io.mirador.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Prints the core's privacy answers for a terminal: the redaction counts grouped by detector and
 * action, by signal and by location, then every row; then the scan's verdict with where matches
 * were found (detector, signal, location, attribute key, count, example trace/span ids). Only what
 * the core sent is printed, and every string of it goes through {@link Printable}: the answers
 * carry no value by contract, and a hostile key cannot drive the terminal.
 */
final class PrivacyReportPrinter {
  static final int EXAMPLES_SHOWN = 2;
  private final PrintStream out;

  PrivacyReportPrinter(PrintStream out) {
    this.out = out;
  }

  void report(JsonNode body) {
    List<JsonNode> rows = new ArrayList<>();
    body.path("redactions").forEach(rows::add);
    long total = body.path("total").asLong(sum(rows));
    out.println(
        "Redactions of tenant "
            + text(body, "tenant")
            + " from "
            + text(body, "from")
            + " to "
            + text(body, "to")
            + ": "
            + count(total)
            + " in total");
    if (rows.isEmpty()) {
      out.println("  no redaction recorded in this range");
      return;
    }
    out.println();
    out.println("By detector and action");
    grouped(rows, r -> List.of(text(r, "detector"), text(r, "action")), "DETECTOR", "ACTION");
    out.println("By signal");
    grouped(rows, r -> List.of(text(r, "signal")), "SIGNAL");
    out.println("By location");
    grouped(rows, r -> List.of(text(r, "location")), "LOCATION");
    out.println("Every count");
    Table all = new Table("DETECTOR", "ACTION", "SIGNAL", "LOCATION", "COUNT");
    for (JsonNode r : rows) {
      all.row(
          text(r, "detector"),
          text(r, "action"),
          text(r, "signal"),
          text(r, "location"),
          count(r.path("count").asLong()));
    }
    all.print(out);
  }

  /** Prints the scan result; returns true when it is clean. */
  boolean scan(JsonNode body) {
    JsonNode scanned = body.path("scanned");
    out.println(
        "Scan of the stored telemetry of tenant "
            + text(body, "tenant")
            + " from "
            + text(body, "from")
            + " to "
            + text(body, "to")
            + ": "
            + count(scanned.path("spans").asLong())
            + " spans, "
            + count(scanned.path("logs").asLong())
            + " logs, "
            + count(scanned.path("dataPoints").asLong())
            + " data points, "
            + count(scanned.path("values").asLong())
            + " values read");
    if (body.path("truncated").asBoolean(false)) {
      out.println(
          "  WARNING: the scan stopped at its value limit: the rest of the range was not read"
              + " (narrow --from/--to or raise --limit)");
    }
    List<JsonNode> matches = new ArrayList<>();
    body.path("matches").forEach(matches::add);
    boolean clean = body.path("clean").asBoolean(matches.isEmpty()) && matches.isEmpty();
    if (clean) {
      out.println("  CLEAN: no stored value matches a detector that the tenant's policy enables");
      return true;
    }
    out.println(
        "  NOT CLEAN: "
            + count(sum(matches))
            + " stored values match a detector (where they are, never what they are):");
    Table table = new Table("DETECTOR", "SIGNAL", "LOCATION", "KEY", "COUNT", "EXAMPLES");
    for (JsonNode m : matches) {
      // Two places are enough to start looking; the rest is in --json.
      List<String> examples = new ArrayList<>();
      JsonNode all = m.path("examples");
      for (int i = 0; i < Math.min(EXAMPLES_SHOWN, all.size()); i++) {
        examples.add(example(all.get(i)));
      }
      if (all.size() > EXAMPLES_SHOWN) {
        examples.add("+" + (all.size() - EXAMPLES_SHOWN) + " more");
      }
      table.row(
          text(m, "detector"),
          text(m, "signal"),
          text(m, "location"),
          keyOf(m.path("key")),
          count(m.path("count").asLong()),
          String.join(", ", examples));
    }
    table.print(out);
    return false;
  }

  private void grouped(List<JsonNode> rows, Function<JsonNode, List<String>> key, String... names) {
    Map<List<String>, Long> sums = new LinkedHashMap<>();
    for (JsonNode r : rows) {
      sums.merge(key.apply(r), r.path("count").asLong(), Long::sum);
    }
    String[] headers = new String[names.length + 1];
    System.arraycopy(names, 0, headers, 0, names.length);
    headers[names.length] = "COUNT";
    Table table = new Table(headers);
    sums.entrySet().stream()
        .sorted(
            Map.Entry.<List<String>, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(e -> String.join("\u0000", e.getKey())))
        .forEach(
            e -> {
              List<String> cells = new ArrayList<>(e.getKey());
              cells.add(count(e.getValue()));
              table.row(cells.toArray(String[]::new));
            });
    table.print(out);
  }

  /** null: a span or event name, status message or log body; "*": the core's overflow row. */
  static String keyOf(JsonNode key) {
    if (!key.isTextual()) {
      return "(name/message/body)";
    }
    return key.asText().equals("*") ? "(further keys)" : Printable.of(key.asText());
  }

  static String example(JsonNode e) {
    if (e.hasNonNull("traceId")) {
      return "trace "
          + Printable.of(e.path("traceId").asText())
          + (e.hasNonNull("spanId") ? " span " + Printable.of(e.path("spanId").asText()) : "");
    }
    if (e.hasNonNull("timestamp")) {
      return "at " + Printable.of(e.path("timestamp").asText());
    }
    return "?";
  }

  private static long sum(List<JsonNode> rows) {
    long s = 0;
    for (JsonNode r : rows) {
      s += r.path("count").asLong();
    }
    return s;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isMissingNode() || v.isNull() ? "-" : Printable.of(v.asText());
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Left-aligned text columns, the COUNT column right-aligned, two spaces of indent. */
  private static final class Table {
    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... headers) {
      this.headers = headers;
    }

    void row(String... cells) {
      rows.add(cells);
    }

    void print(PrintStream out) {
      int[] widths = new int[headers.length];
      for (int c = 0; c < headers.length; c++) {
        widths[c] = headers[c].length();
        for (String[] r : rows) {
          widths[c] = Math.max(widths[c], r[c].length());
        }
      }
      line(out, headers, widths);
      for (String[] r : rows) {
        line(out, r, widths);
      }
      out.println();
    }

    private void line(PrintStream out, String[] cells, int[] widths) {
      StringBuilder b = new StringBuilder(" ");
      for (int c = 0; c < cells.length; c++) {
        b.append(' ');
        boolean last = c == cells.length - 1;
        if (headers[c].equals("COUNT")) {
          b.append(" ".repeat(widths[c] - cells[c].length())).append(cells[c]);
        } else {
          b.append(cells[c]);
          if (!last) {
            b.append(" ".repeat(widths[c] - cells[c].length()));
          }
        }
        if (!last) {
          b.append(' ');
        }
      }
      out.println(b.toString().stripTrailing());
    }
  }
}
