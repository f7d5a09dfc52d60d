package io.mirador.rca.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * One injected fault of {@code fault_list.json}. The injection time is {@code inject_time} read as
 * UTC: it matches the trace and log times, while {@code inject_timestamp} is a minute or more off
 * in some entries (two Train Ticket entries even share one).
 */
record NezhaFault(String id, Instant injected, String pod, String type) {
  static final long MAX_FILE_BYTES = 10 << 20;
  private static final DateTimeFormatter WALL_CLOCK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  String service() {
    return Pods.service(pod);
  }

  /** The faults of {@code fault_list.json} ({@code {"HH": [ {...}, ... ]}}), in time order. */
  static List<NezhaFault> read(Path file) throws IOException {
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new IllegalArgumentException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
    }
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + ": not a JSON object of hours");
    }
    List<NezhaFault> faults = new ArrayList<>();
    for (Iterator<JsonNode> hours = root.elements(); hours.hasNext(); ) {
      JsonNode hour = hours.next();
      if (!hour.isArray()) {
        throw new IllegalArgumentException(file + ": an hour's entry is not a list");
      }
      for (JsonNode entry : hour) {
        String time = text(file, entry, "inject_time");
        String pod = text(file, entry, "inject_pod");
        String type = text(file, entry, "inject_type");
        Instant injected;
        try {
          injected = LocalDateTime.parse(time, WALL_CLOCK).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException(
              file + ": inject_time '" + Hex.clip(time) + "' is not yyyy-MM-dd HH:mm:ss", e);
        }
        faults.add(new NezhaFault(time.replace(' ', 'T'), injected, pod, type));
      }
    }
    if (faults.isEmpty()) {
      throw new IllegalArgumentException(file + ": no faults");
    }
    faults.sort(Comparator.comparing(NezhaFault::injected));
    return List.copyOf(faults);
  }

  private static String text(Path file, JsonNode entry, String field) {
    JsonNode value = entry.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(file + ": a fault lacks " + field);
    }
    return value.asText();
  }
}
