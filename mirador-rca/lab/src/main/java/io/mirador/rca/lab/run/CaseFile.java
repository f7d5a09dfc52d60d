package io.mirador.rca.lab.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirador.rca.lab.estate.StartedFault;
import io.mirador.rca.lab.schedule.FaultType;
import io.mirador.rca.lab.schedule.PlannedFault;
import io.mirador.rca.lab.score.LabCase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cases.jsonl}: one line per fault as the estate answered ({@code id, service, type, params,
 * start, end}) plus the lab's {@code truth} (the service a person must find) and {@code index} (its
 * place in the schedule). A line is written when the fault starts; when the estate's real end
 * differs from the planned one the file is rewritten (temp + rename), so an interrupted run keeps
 * every fault that began.
 */
final class CaseFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final List<ObjectNode> lines = new ArrayList<>();

  CaseFile(Path file) {
    this.file = file;
  }

  synchronized LabCase started(PlannedFault planned, StartedFault fault) throws IOException {
    ObjectNode line = JSON.createObjectNode();
    line.put("id", fault.id());
    line.put("service", fault.service());
    line.put("type", fault.type());
    JsonNode params = fault.answer().get("params");
    line.set("params", params != null ? params : JSON.valueToTree(planned.params()));
    line.put("start", fault.start().toString());
    line.put("end", fault.end().toString());
    line.put("truth", planned.truth());
    line.put("index", planned.index());
    lines.add(line);
    Files.writeString(
        file,
        line + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    return labCase(line);
  }

  /** Sets the real end of fault {@code id}; returns the case as it now stands. */
  synchronized LabCase ended(String id, Instant end) throws IOException {
    for (ObjectNode line : lines) {
      if (line.get("id").asText().equals(id)) {
        if (!line.get("end").asText().equals(end.toString())) {
          line.put("end", end.toString());
          rewrite();
        }
        return labCase(line);
      }
    }
    throw new IllegalArgumentException("no case " + id);
  }

  private void rewrite() throws IOException {
    StringBuilder text = new StringBuilder();
    lines.forEach(l -> text.append(l).append('\n'));
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, text, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads a case file back (the scoring of a finished or interrupted run). */
  static List<LabCase> read(Path file) throws IOException {
    List<LabCase> cases = new ArrayList<>();
    for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!text.isBlank()) {
        cases.add(labCase(JSON.readTree(text)));
      }
    }
    return cases;
  }

  private static LabCase labCase(JsonNode line) {
    return new LabCase(
        line.path("index").asInt(),
        line.path("id").asText(),
        FaultType.fromWire(line.path("type").asText()),
        line.path("service").asText(),
        line.path("truth").asText(),
        Instant.parse(line.path("start").asText()),
        Instant.parse(line.path("end").asText()));
  }
}
