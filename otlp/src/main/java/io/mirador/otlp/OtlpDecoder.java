package io.mirador.otlp;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.mirador.crypto.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decodes OTLP export requests, for every receiver of the agent and the core: binary protobuf, or
 * OTLP/JSON (the protobuf JSON mapping, except that trace and span ids are hex, not base64: OTLP
 * specification, "JSON Protobuf Encoding"; unknown fields are ignored, as it requires).
 *
 * <p>Input is hostile. Nesting is bounded in both formats ({@link #MAX_DEPTH}), a protobuf body
 * must end on a message boundary, and every failure is an {@link InvalidOtlpException} whose
 * message names the problem and never quotes the input.
 */
public final class OtlpDecoder {
  /**
   * Deepest nesting accepted, in protobuf messages or JSON containers. OTLP nests attribute values
   * (kvlists in arrays); real requests stay far below, and the bound keeps hostile nesting from
   * exhausting the stack.
   */
  public static final int MAX_DEPTH = 64;

  private static final Set<String> ID_FIELDS =
      Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id");
  private static final ObjectMapper MAPPER =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                  .build())
          // "{} garbage" is not one JSON document: refused, not read as its first object.
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();

  /** The wire formats of a request body. */
  public enum Format {
    PROTOBUF,
    JSON
  }

  private OtlpDecoder() {}

  /**
   * The export request of {@code signal} in {@code body}: an {@link ExportTraceServiceRequest},
   * {@link ExportMetricsServiceRequest} or {@link ExportLogsServiceRequest}.
   *
   * @throws InvalidOtlpException when the body is not one, or the signal is profiles
   */
  public static Message decode(Signal signal, Format format, byte[] body)
      throws InvalidOtlpException {
    requireNonNull(signal, "signal");
    requireNonNull(format, "format");
    requireNonNull(body, "body");
    if (signal == Signal.PROFILES) {
      throw new InvalidOtlpException("profiles are not accepted");
    }
    try {
      return format == Format.PROTOBUF ? protobuf(signal, body) : json(signal, body);
    } catch (InvalidProtocolBufferException e) {
      throw notA(signal);
    } catch (RuntimeException | StackOverflowError e) {
      // JsonFormat reports some type mismatches unchecked; nothing in a request may crash a
      // receiver.
      throw notA(signal);
    }
  }

  /** The message in the protobuf JSON mapping, without insignificant whitespace. */
  public static String printJson(MessageOrBuilder message) {
    requireNonNull(message, "message");
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getClass().getSimpleName(), e);
    }
  }

  private static Message protobuf(Signal signal, byte[] body)
      throws InvalidProtocolBufferException {
    CodedInputStream in = CodedInputStream.newInstance(body);
    in.setRecursionLimit(MAX_DEPTH);
    Message parsed =
        switch (signal) {
          case TRACES -> ExportTraceServiceRequest.parser().parseFrom(in);
          case METRICS -> ExportMetricsServiceRequest.parser().parseFrom(in);
          case LOGS -> ExportLogsServiceRequest.parser().parseFrom(in);
          case PROFILES -> throw new IllegalStateException("checked by decode");
        };
    in.checkLastTagWas(0);
    return parsed;
  }

  private static Message json(Signal signal, byte[] body)
      throws InvalidOtlpException, InvalidProtocolBufferException {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JacksonException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new InvalidOtlpException("body is not valid JSON" + where);
    } catch (IOException e) {
      throw new InvalidOtlpException("body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidOtlpException("body must be a JSON object");
    }
    hexIdsToBase64(root);
    Message.Builder builder =
        switch (signal) {
          case TRACES -> ExportTraceServiceRequest.newBuilder();
          case METRICS -> ExportMetricsServiceRequest.newBuilder();
          case LOGS -> ExportLogsServiceRequest.newBuilder();
          case PROFILES -> throw new IllegalStateException("checked by decode");
        };
    PARSER.merge(root.toString(), builder);
    return builder.build();
  }

  /** OTLP/JSON writes trace and span ids as hex; protobuf's JSON mapping expects base64. */
  private static void hexIdsToBase64(JsonNode node) throws InvalidOtlpException {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode value = field.getValue();
        if (ID_FIELDS.contains(field.getKey()) && value.isTextual()) {
          byte[] bytes;
          try {
            bytes = HexFormat.of().parseHex(value.asText());
          } catch (IllegalArgumentException e) {
            throw new InvalidOtlpException(field.getKey() + " must be hex encoded");
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

  private static InvalidOtlpException notA(Signal signal) {
    return new InvalidOtlpException(
        "body is not an OTLP " + signal.name().toLowerCase(Locale.ROOT) + " request");
  }
}
