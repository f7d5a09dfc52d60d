package io.mirador.core.service.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.mirador.core.ingest.OtlpRequest;
import io.mirador.crypto.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * OTLP/JSON: the protobuf JSON mapping except that trace and span ids are hex, not base64 (OTLP
 * specification, "JSON Protobuf Encoding"). Ids are rewritten to base64 on a Jackson tree, then
 * protobuf's parser reads it with unknown fields ignored (as the specification requires).
 */
final class OtlpJson {
  private static final Set<String> ID_FIELDS =
      Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id");
  private static final ObjectMapper MAPPER =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
              .build());
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();

  private OtlpJson() {}

  /** Thrown for JSON that is not an OTLP request; the message names the problem, not values. */
  static final class InvalidJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidJsonException(String message) {
      super(message);
    }
  }

  static OtlpRequest parse(Signal signal, byte[] json) throws InvalidJsonException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JacksonException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new InvalidJsonException("body is not valid JSON" + where);
    } catch (java.io.IOException e) {
      throw new InvalidJsonException("body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidJsonException("body must be a JSON object");
    }
    hexIdsToBase64(root);
    String text = root.toString();
    try {
      return switch (signal) {
        case TRACES -> {
          ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
          PARSER.merge(text, b);
          yield new OtlpRequest.Traces(b.build());
        }
        case METRICS -> {
          ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
          PARSER.merge(text, b);
          yield new OtlpRequest.Metrics(b.build());
        }
        case LOGS -> {
          ExportLogsServiceRequest.Builder b = ExportLogsServiceRequest.newBuilder();
          PARSER.merge(text, b);
          yield new OtlpRequest.Logs(b.build());
        }
        case PROFILES -> throw new InvalidJsonException("profiles are not accepted");
      };
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidJsonException(
          "body is not an OTLP " + signal.name().toLowerCase(java.util.Locale.ROOT) + " request");
    } catch (RuntimeException e) {
      // JsonFormat reports some type mismatches as unchecked exceptions.
      throw new InvalidJsonException(
          "body is not an OTLP " + signal.name().toLowerCase(java.util.Locale.ROOT) + " request");
    }
  }

  static String print(Message message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getClass().getSimpleName(), e);
    }
  }

  private static void hexIdsToBase64(JsonNode node) throws InvalidJsonException {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode value = field.getValue();
        if (ID_FIELDS.contains(field.getKey()) && value.isTextual()) {
          String hex = value.asText();
          byte[] bytes;
          try {
            bytes = HexFormat.of().parseHex(hex);
          } catch (IllegalArgumentException e) {
            throw new InvalidJsonException(field.getKey() + " must be hex encoded");
          }
          field.setValue(object.textNode(Base64.getEncoder().encodeToString(bytes)));
        } else {
          hexIdsToBase64(value);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (JsonNode element : array) {
        hexIdsToBase64(element);
      }
    }
  }
}
