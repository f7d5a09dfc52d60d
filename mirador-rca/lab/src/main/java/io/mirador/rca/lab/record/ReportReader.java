package io.mirador.rca.lab.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirador.rca.lab.schedule.FaultType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a finished run directory back: {@code run.json} and the figures {@code report.md} holds
 * ({@code ReportWriter}'s format: its test round-trips through this reader). Reports written before
 * the "shown" figure existed (10 case columns, not 12) are read too, with that figure unknown. A
 * directory that is not a finished run, or a report that does not parse, is refused with the file
 * and line named.
 */
final class ReportReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FALSE_FINDINGS =
      Pattern.compile(
          "^- False findings \\(incident began in quiet time\\): (\\d+) in ([0-9.]+) quiet hours");
  private static final Pattern FIRST_SCORED =
      Pattern.compile("^- First scored minute .*after traffic started: (?:(\\d+) s|never)$");
  private static final Pattern CASE_ROW = Pattern.compile("^\\| \\d+ \\|.*\\|$");
  private static final Pattern CELL_SEPARATOR = Pattern.compile("(?<!\\\\)\\|");

  /** Reports written before the "shown" figure existed: 10 columns, shown unknown. */
  private static final int CASE_COLUMNS_BEFORE_SHOWN = 10;

  /** Since: the shown delay and rank appended as the last two columns. */
  private static final int CASE_COLUMNS = 12;

  private ReportReader() {}

  static RecordedRun read(Path dir) throws IOException {
    Path runJson = dir.resolve("run.json");
    Path report = dir.resolve("report.md");
    if (!Files.isRegularFile(runJson) || !Files.isRegularFile(report)) {
      throw new IllegalArgumentException(
          dir + ": not a finished lab run (run.json and report.md are written at its end)");
    }
    JsonNode run = JSON.readTree(runJson.toFile());
    String name = dir.getFileName().toString();
    if (!run.path("seed").canConvertToLong()) {
      throw new IllegalArgumentException(runJson + ": no seed");
    }
    List<String> lines = Files.readAllLines(report, StandardCharsets.UTF_8);
    Integer falseFindings = null;
    Double quietHours = null;
    Long firstScored = null;
    boolean firstScoredSeen = false;
    boolean inCases = false;
    List<RecordedCase> cases = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher m = FALSE_FINDINGS.matcher(line);
      if (m.find()) {
        falseFindings = Integer.parseInt(m.group(1));
        quietHours = Double.parseDouble(m.group(2));
        continue;
      }
      m = FIRST_SCORED.matcher(line);
      if (m.matches()) {
        firstScoredSeen = true;
        firstScored = m.group(1) == null ? null : Long.parseLong(m.group(1));
        continue;
      }
      if (line.startsWith("## ")) {
        inCases = line.equals("## Cases");
        continue;
      }
      if (inCases && CASE_ROW.matcher(line).matches()) {
        cases.add(caseRow(name, report, i + 1, line));
      }
    }
    if (cases.stream().map(RecordedCase::shownRecorded).distinct().count() > 1) {
      throw new IllegalArgumentException(
          report + ": case rows with and without the shown columns (an edited report?)");
    }
    if (falseFindings == null || !firstScoredSeen) {
      throw new IllegalArgumentException(
          report + ": no false-findings or first-scored-minute line (not a lab report?)");
    }
    int expected = run.path("cases").asInt(-1);
    if (expected >= 0 && expected != cases.size()) {
      throw new IllegalArgumentException(
          report + ": " + cases.size() + " case rows, run.json says " + expected);
    }
    return new RecordedRun(
        name,
        run.get("seed").asLong(),
        run.path("info").path("commit").asText("unknown"),
        settings(run.path("settings")),
        cases,
        falseFindings,
        quietHours,
        firstScored);
  }

  private static RecordedCase caseRow(String run, Path report, int lineNumber, String line) {
    String inner = line.substring(1, line.length() - 1);
    String[] cells = CELL_SEPARATOR.split(inner, -1);
    if (cells.length != CASE_COLUMNS && cells.length != CASE_COLUMNS_BEFORE_SHOWN) {
      throw new IllegalArgumentException(
          report
              + " line "
              + lineNumber
              + ": "
              + cells.length
              + " cells, expected "
              + CASE_COLUMNS
              + " (or "
              + CASE_COLUMNS_BEFORE_SHOWN
              + " in a report written before the shown figure)");
    }
    for (int c = 0; c < cells.length; c++) {
      cells[c] = cells[c].trim();
    }
    try {
      String rca = cells[8];
      boolean failed = rca.startsWith("failed");
      boolean shownRecorded = cells.length == CASE_COLUMNS;
      return new RecordedCase(
          run,
          Integer.parseInt(cells[0]),
          FaultType.fromWire(cells[1]),
          cells[2],
          cells[3],
          cells[4],
          seconds(cells[6]),
          rank(cells[7]),
          failed ? 0 : rank(rca),
          failed,
          shownRecorded,
          shownRecorded ? seconds(cells[10]) : null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(report + " line " + lineNumber + ": " + e.getMessage(), e);
    }
  }

  /** A delay cell: seconds, or {@code no}; null for {@code no}. */
  private static Long seconds(String cell) {
    return cell.equals("no") ? null : Long.valueOf(cell);
  }

  private static int rank(String cell) {
    return cell.equals("-") ? 0 : Integer.parseInt(cell);
  }

  private static String settings(JsonNode s) {
    return "faults "
        + s.path("faultSeconds").asText("?")
        + " s, gaps "
        + s.path("gapSeconds").asText("?")
        + " s, "
        + s.path("rps").asText("?")
        + " journeys/s, warm-up "
        + s.path("warmupMinutes").asText("?")
        + " min, cool-down "
        + s.path("cooldownMinutes").asText("?")
        + " min";
  }
}
