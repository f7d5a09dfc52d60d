package io.mirador.store.clickhouse;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;

/**
 * Turns OTLP values into the strings the exporter's {@code Map(String, String)} columns hold, as
 * the Collector's {@code pcommon.Value.AsString()} does: strings as they are, numbers in plain
 * decimal, booleans as {@code true}/{@code false}, bytes in base64, arrays and key-value lists as
 * JSON.
 */
final class AttributeValues {
  private AttributeValues() {}

  static String asString(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> plain(value.getDoubleValue());
      case BYTES_VALUE -> base64(value.getBytesValue());
      case ARRAY_VALUE, KVLIST_VALUE -> {
        StringBuilder json = new StringBuilder();
        appendJson(json, value);
        yield json.toString();
      }
      // A string-table index only means something inside a profiles message.
      case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> "";
    };
  }

  /** Writes OTLP id bytes as a lower-case hex String column; empty for an absent id. */
  static void writeHexId(RowSink sink, ByteString id) {
    sink.hexString(id.toByteArray());
  }

  /** Writes {@code attributes} as a Map(String, String) value. */
  static void writeMap(RowSink sink, List<KeyValue> attributes) {
    sink.beginMap(attributes.size());
    for (KeyValue attribute : attributes) {
      sink.string(attribute.getKey());
      sink.string(asString(attribute.getValue()));
    }
    sink.endMap();
  }

  /** The value of the string attribute {@code key}, or {@code fallback}. */
  static String find(List<KeyValue> attributes, String key, String fallback) {
    for (KeyValue attribute : attributes) {
      if (attribute.getKey().equals(key)) {
        return asString(attribute.getValue());
      }
    }
    return fallback;
  }

  private static String plain(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  private static String base64(ByteString bytes) {
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  private static void appendJson(StringBuilder json, AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE -> quote(json, value.getStringValue());
      case BOOL_VALUE -> json.append(value.getBoolValue());
      case INT_VALUE -> json.append(value.getIntValue());
      case DOUBLE_VALUE -> {
        double d = value.getDoubleValue();
        if (Double.isFinite(d)) {
          json.append(plain(d));
        } else {
          quote(json, plain(d));
        }
      }
      case BYTES_VALUE -> quote(json, base64(value.getBytesValue()));
      case ARRAY_VALUE -> {
        json.append('[');
        List<AnyValue> values = value.getArrayValue().getValuesList();
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            json.append(',');
          }
          appendJson(json, values.get(i));
        }
        json.append(']');
      }
      case KVLIST_VALUE -> {
        json.append('{');
        List<KeyValue> values = value.getKvlistValue().getValuesList();
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            json.append(',');
          }
          quote(json, values.get(i).getKey());
          json.append(':');
          appendJson(json, values.get(i).getValue());
        }
        json.append('}');
      }
      case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> json.append("null");
    }
  }

  /** Appends {@code s} as a JSON string literal. */
  static void quote(StringBuilder json, String s) {
    json.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append("\\u%04x".formatted((int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
