package io.mirador.store.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.mirador.store.StoreException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads ClickHouse JSONEachRow output, the format every read asks for. */
final class JsonRows {
  private static final ObjectReader READER = new ObjectMapper().readerFor(JsonNode.class);

  private JsonRows() {}

  static List<JsonNode> parse(byte[] output) {
    List<JsonNode> rows = new ArrayList<>();
    if (output.length == 0) {
      return rows;
    }
    try (MappingIterator<JsonNode> it = READER.readValues(output)) {
      while (it.hasNext()) {
        rows.add(it.next());
      }
    } catch (IOException | RuntimeException e) {
      throw new StoreException(
          "unreadable result from ClickHouse: " + e.getClass().getSimpleName());
    }
    return rows;
  }

  /** A Map(String, String) column. */
  static Map<String, String> stringMap(JsonNode node) {
    Map<String, String> map = new LinkedHashMap<>();
    if (node != null) {
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        map.put(entry.getKey(), entry.getValue().asText());
      }
    }
    return map;
  }

  /** An integer column; 64-bit integers may arrive quoted. */
  static long longValue(JsonNode node) {
    return node.isNumber() ? node.longValue() : Long.parseLong(node.asText());
  }

  /** A Float64 column; non-finite values arrive as null or quoted. */
  static double doubleValue(JsonNode node) {
    if (node == null || node.isNull()) {
      return Double.NaN;
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    String text = node.asText();
    return switch (text) {
      case "nan", "NaN" -> Double.NaN;
      case "inf", "+inf", "Infinity" -> Double.POSITIVE_INFINITY;
      case "-inf", "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }
}
