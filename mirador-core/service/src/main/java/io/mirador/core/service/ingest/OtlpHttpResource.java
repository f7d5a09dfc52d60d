package io.mirador.core.service.ingest;

import com.google.protobuf.Message;
import io.mirador.core.config.CoreConfig;
import io.mirador.core.ingest.ApiKeys;
import io.mirador.core.ingest.IngestPipeline;
import io.mirador.core.ingest.IngestResult;
import io.mirador.core.ingest.OtlpRequest;
import io.mirador.crypto.Signal;
import io.mirador.otlp.InvalidOtlpException;
import io.mirador.otlp.OtlpDecoder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * OTLP/HTTP receiver ({@code /v1/traces}, {@code /v1/metrics}, {@code /v1/logs}) for trusted
 * networks: protobuf or JSON, optionally gzip; authenticated by the {@code X-Mirador-Api-Key}
 * header. Answers follow the OTLP specification: 200 with partial success, 400 with a {@code
 * google.rpc.Status} body, 401/403, 413, 415, 429 and 503 with {@code Retry-After}.
 */
@Path("/v1")
@PermitAll
public final class OtlpHttpResource {
  static final String SOURCE = "otlp_http";
  private static final String PROTOBUF = "application/x-protobuf";

  private final IngestPipeline pipeline;
  private final ApiKeys keys;
  private final int maxBodyBytes;
  private final int maxPlaintextBytes;
  private final OtlpHttpGate gate;

  OtlpHttpResource(IngestPipeline pipeline, ApiKeys keys, CoreConfig config, OtlpHttpGate gate) {
    this.pipeline = pipeline;
    this.keys = keys;
    this.gate = gate;
    this.maxBodyBytes = config.limits().maxBatchBytes();
    this.maxPlaintextBytes = config.limits().maxPlaintextBytes();
  }

  @POST
  @Path("traces")
  @Consumes(MediaType.WILDCARD)
  @Operation(summary = "OTLP/HTTP traces (API key)")
  public Response traces(
      @HeaderParam("Content-Type") String contentType,
      @HeaderParam("Content-Encoding") String encoding,
      @HeaderParam(OtlpCaller.API_KEY_HEADER) String apiKey,
      @HeaderParam(OtlpCaller.TENANT_HEADER) String tenant,
      @Context HttpServerRequest client,
      InputStream body) {
    return handle(Signal.TRACES, contentType, encoding, apiKey, tenant, client, body);
  }

  @POST
  @Path("metrics")
  @Consumes(MediaType.WILDCARD)
  @Operation(summary = "OTLP/HTTP metrics (API key)")
  public Response metrics(
      @HeaderParam("Content-Type") String contentType,
      @HeaderParam("Content-Encoding") String encoding,
      @HeaderParam(OtlpCaller.API_KEY_HEADER) String apiKey,
      @HeaderParam(OtlpCaller.TENANT_HEADER) String tenant,
      @Context HttpServerRequest client,
      InputStream body) {
    return handle(Signal.METRICS, contentType, encoding, apiKey, tenant, client, body);
  }

  @POST
  @Path("logs")
  @Consumes(MediaType.WILDCARD)
  @Operation(summary = "OTLP/HTTP logs (API key)")
  public Response logs(
      @HeaderParam("Content-Type") String contentType,
      @HeaderParam("Content-Encoding") String encoding,
      @HeaderParam(OtlpCaller.API_KEY_HEADER) String apiKey,
      @HeaderParam(OtlpCaller.TENANT_HEADER) String tenant,
      @Context HttpServerRequest client,
      InputStream body) {
    return handle(Signal.LOGS, contentType, encoding, apiKey, tenant, client, body);
  }

  private Response handle(
      Signal signal,
      String contentType,
      String encoding,
      String apiKey,
      String tenantHeader,
      HttpServerRequest client,
      InputStream body) {
    if (!gate.enter()) {
      return error(
          pipeline.refuse(
              SOURCE,
              "unknown",
              "unknown",
              Optional.of(signal),
              new IngestResult.RetryLater(
                  IngestResult.Retry.BUSY, Duration.ofSeconds(1), "the core is busy; retry")),
          isJson(contentType));
    }
    try {
      return handleAdmitted(signal, contentType, encoding, apiKey, tenantHeader, client, body);
    } finally {
      gate.leave();
    }
  }

  private Response handleAdmitted(
      Signal signal,
      String contentType,
      String encoding,
      String apiKey,
      String tenantHeader,
      HttpServerRequest client,
      InputStream body) {
    boolean json = isJson(contentType);
    Optional<Signal> sig = Optional.of(signal);
    OtlpCaller.Outcome caller = OtlpCaller.authenticate(keys, apiKey, tenantHeader);
    if (caller instanceof OtlpCaller.Outcome.Denied denied) {
      IngestResult result =
          pipeline.refuse(
              SOURCE,
              "apikey:unknown",
              OtlpCaller.label(denied.tenantLabel()),
              sig,
              denied.refusal());
      return error(result, json);
    }
    ApiKeys.Match match = ((OtlpCaller.Outcome.Caller) caller).match();
    String actor = "apikey:" + match.name();
    String tenant = match.tenant().value();
    if (!json && !isProtobuf(contentType)) {
      pipeline.refuse(
          SOURCE,
          actor,
          tenant,
          sig,
          new IngestResult.Refused(IngestResult.Refusal.MALFORMED, "unsupported content type"));
      return status(
          415,
          "content type must be application/x-protobuf or application/json",
          json,
          Optional.empty());
    }
    boolean gzip;
    if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
      gzip = false;
    } else if (encoding.trim().equalsIgnoreCase("gzip")) {
      gzip = true;
    } else {
      return error(
          pipeline.refuse(
              SOURCE,
              actor,
              tenant,
              sig,
              new IngestResult.Refused(
                  IngestResult.Refusal.MALFORMED,
                  "unsupported Content-Encoding (gzip or identity)")),
          json);
    }
    byte[] bytes;
    try {
      bytes = readBounded(body, maxBodyBytes);
      if (bytes != null && gzip) {
        bytes = gunzipBounded(bytes, maxPlaintextBytes);
      }
    } catch (ZipException | java.io.EOFException e) {
      return error(
          pipeline.refuse(
              SOURCE,
              actor,
              tenant,
              sig,
              new IngestResult.Refused(
                  IngestResult.Refusal.MALFORMED, "body is not valid gzip (corrupt or truncated)")),
          json);
    } catch (IOException e) {
      return error(
          pipeline.refuse(
              SOURCE,
              actor,
              tenant,
              sig,
              new IngestResult.Refused(IngestResult.Refusal.MALFORMED, "cannot read the body")),
          json);
    }
    if (bytes == null) {
      OversizeWarning.refused(
          "OTLP/HTTP",
          signal,
          client == null || client.remoteAddress() == null
              ? null
              : client.remoteAddress().toString(),
          match.name(),
          client == null ? null : client.getHeader("User-Agent"),
          "limits.maxBatchBytes "
              + maxBodyBytes
              + " on the body, limits.maxPlaintextBytes "
              + maxPlaintextBytes
              + " after decompression");
      return error(
          pipeline.refuse(
              SOURCE,
              actor,
              tenant,
              sig,
              new IngestResult.Refused(
                  IngestResult.Refusal.TOO_LARGE,
                  gzip
                      ? "body exceeds the limits (limits.maxBatchBytes "
                          + maxBodyBytes
                          + " compressed, limits.maxPlaintextBytes "
                          + maxPlaintextBytes
                          + " uncompressed)"
                      : "body exceeds limits.maxBatchBytes (" + maxBodyBytes + ")")),
          json);
    }
    OtlpRequest request;
    try {
      request =
          OtlpRequest.decode(
              signal, json ? OtlpDecoder.Format.JSON : OtlpDecoder.Format.PROTOBUF, bytes);
    } catch (InvalidOtlpException e) {
      return error(
          pipeline.refuse(
              SOURCE,
              actor,
              tenant,
              sig,
              new IngestResult.Refused(IngestResult.Refusal.INVALID_OTLP, e.getMessage())),
          json);
    }
    IngestResult result = pipeline.export(SOURCE, match, request, bytes.length);
    return switch (result) {
      case IngestResult.Stored stored -> success(signal, stored, json);
      case IngestResult.Duplicate d -> success(signal, new IngestResult.Stored(0, 0, ""), json);
      default -> error(result, json);
    };
  }

  private static Response success(Signal signal, IngestResult.Stored stored, boolean json) {
    Message message =
        switch (signal) {
          case TRACES -> {
            ExportTraceServiceResponse.Builder b = ExportTraceServiceResponse.newBuilder();
            if (stored.rejected() > 0) {
              b.setPartialSuccess(
                  ExportTracePartialSuccess.newBuilder()
                      .setRejectedSpans(stored.rejected())
                      .setErrorMessage(stored.rejectionMessage()));
            }
            yield b.build();
          }
          case METRICS -> {
            ExportMetricsServiceResponse.Builder b = ExportMetricsServiceResponse.newBuilder();
            if (stored.rejected() > 0) {
              b.setPartialSuccess(
                  ExportMetricsPartialSuccess.newBuilder()
                      .setRejectedDataPoints(stored.rejected())
                      .setErrorMessage(stored.rejectionMessage()));
            }
            yield b.build();
          }
          case LOGS, PROFILES -> {
            ExportLogsServiceResponse.Builder b = ExportLogsServiceResponse.newBuilder();
            if (stored.rejected() > 0) {
              b.setPartialSuccess(
                  ExportLogsPartialSuccess.newBuilder()
                      .setRejectedLogRecords(stored.rejected())
                      .setErrorMessage(stored.rejectionMessage()));
            }
            yield b.build();
          }
        };
    return json
        ? Response.ok(OtlpDecoder.printJson(message), MediaType.APPLICATION_JSON).build()
        : Response.ok(message.toByteArray(), PROTOBUF).build();
  }

  private static Response error(IngestResult result, boolean json) {
    return switch (result) {
      case IngestResult.Refused r ->
          status(httpStatus(r.kind()), r.message(), json, Optional.empty());
      case IngestResult.RetryLater r ->
          status(
              r.reason() == IngestResult.Retry.STORE_UNAVAILABLE ? 503 : 429,
              r.message(),
              json,
              Optional.of(Math.max(1, r.delay().toSeconds())));
      default -> throw new IllegalArgumentException("not an error");
    };
  }

  static int httpStatus(IngestResult.Refusal kind) {
    return switch (kind) {
      case UNAUTHENTICATED -> 401;
      case UNKNOWN_TENANT, WRONG_REGION, UNKNOWN_AGENT -> 403;
      case TOO_LARGE -> 413;
      default -> 400;
    };
  }

  /** An error answer: a google.rpc.Status body in the request's encoding. */
  private static Response status(
      int http, String message, boolean json, Optional<Long> retryAfterSeconds) {
    com.google.rpc.Status status =
        com.google.rpc.Status.newBuilder().setCode(grpcCode(http)).setMessage(message).build();
    Response.ResponseBuilder response =
        json
            ? Response.status(http)
                .type(MediaType.APPLICATION_JSON)
                .entity(OtlpDecoder.printJson(status))
            : Response.status(http).type(PROTOBUF).entity(status.toByteArray());
    retryAfterSeconds.ifPresent(s -> response.header("Retry-After", s));
    return response.build();
  }

  private static int grpcCode(int http) {
    return switch (http) {
      case 400, 415 -> com.google.rpc.Code.INVALID_ARGUMENT_VALUE;
      case 401 -> com.google.rpc.Code.UNAUTHENTICATED_VALUE;
      case 403 -> com.google.rpc.Code.PERMISSION_DENIED_VALUE;
      case 413, 429 -> com.google.rpc.Code.RESOURCE_EXHAUSTED_VALUE;
      default -> com.google.rpc.Code.UNAVAILABLE_VALUE;
    };
  }

  private static boolean isJson(String contentType) {
    return contentType != null
        && contentType.toLowerCase(Locale.ROOT).trim().startsWith("application/json");
  }

  private static boolean isProtobuf(String contentType) {
    return contentType != null && contentType.toLowerCase(Locale.ROOT).trim().startsWith(PROTOBUF);
  }

  /** Reads at most {@code limit} bytes; null when the stream holds more. */
  static byte[] readBounded(InputStream in, int limit) throws IOException {
    if (in == null) {
      return new byte[0];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 1 << 16));
    byte[] buffer = new byte[1 << 16];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) > 0) {
      total += n;
      if (total > limit) {
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /** Inflates at most {@code limit} bytes (compression bombs); null when there is more. */
  static byte[] gunzipBounded(byte[] gz, int limit) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      return readBounded(in, limit);
    }
  }
}
