package io.mirador.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends one trace through a real OpenTelemetry Java SDK exporter (OTLP http/protobuf) and prints
 * its trace id. The SDK is not a dependency of this module, so the sender is a single-file Java
 * program launched with the SDK's jars from the local Maven repository ({@code java -cp JARS
 * Sender.java}); {@link #command} builds that command line.
 */
final class AirgapOtlpSender {
  static final String OTEL_VERSION = "1.60.1";

  /** The jars of the SDK, its OTLP exporter and the okhttp sender, from the local repository. */
  static List<Path> jars(Path repository) {
    List<String> coordinates =
        List.of(
            "io/opentelemetry/opentelemetry-api/" + OTEL_VERSION,
            "io/opentelemetry/opentelemetry-context/" + OTEL_VERSION,
            "io/opentelemetry/opentelemetry-common/" + OTEL_VERSION,
            "io/opentelemetry/opentelemetry-sdk/" + OTEL_VERSION,
            "io/opentelemetry/opentelemetry-sdk-common/" + OTEL_VERSION,
            "io/opentelemetry/opentelemetry-sdk-trace/" + OTEL_VERSION,
            "io/opentelemetry/opentelemetry-sdk-metrics/" + OTEL_VERSION,
            "io/opentelemetry/opentelemetry-sdk-logs/" + OTEL_VERSION,
            "io/opentelemetry/opentelemetry-sdk-extension-autoconfigure-spi/" + OTEL_VERSION,
            "io/opentelemetry/opentelemetry-exporter-common/" + OTEL_VERSION,
            "io/opentelemetry/opentelemetry-exporter-otlp/" + OTEL_VERSION,
            "io/opentelemetry/opentelemetry-exporter-otlp-common/" + OTEL_VERSION,
            "io/opentelemetry/opentelemetry-exporter-sender-okhttp/" + OTEL_VERSION,
            "com/squareup/okhttp3/okhttp/4.12.0",
            "com/squareup/okio/okio-jvm/3.6.0",
            "org/jetbrains/kotlin/kotlin-stdlib/1.8.21");
    List<Path> jars = new ArrayList<>();
    for (String c : coordinates) {
      String[] parts = c.split("/");
      String artifact = parts[parts.length - 2];
      String version = parts[parts.length - 1];
      jars.add(repository.resolve(c).resolve(artifact + "-" + version + ".jar"));
    }
    return jars;
  }

  static final String SOURCE =
      """
      import io.opentelemetry.api.common.AttributeKey;
      import io.opentelemetry.api.common.Attributes;
      import io.opentelemetry.api.trace.Span;
      import io.opentelemetry.api.trace.SpanKind;
      import io.opentelemetry.api.trace.Tracer;
      import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
      import io.opentelemetry.sdk.resources.Resource;
      import io.opentelemetry.sdk.trace.SdkTracerProvider;
      import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
      import java.util.concurrent.TimeUnit;

      public class Sender {
        public static void main(String[] args) {
          OtlpHttpSpanExporter exporter =
              OtlpHttpSpanExporter.builder().setEndpoint(args[0]).setTimeout(20, TimeUnit.SECONDS).build();
          SdkTracerProvider provider =
              SdkTracerProvider.builder()
                  .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), args[1])))
                  .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                  .build();
          Tracer tracer = provider.get("airgap-it");
          Span parent = tracer.spanBuilder("GET /airgap").setSpanKind(SpanKind.SERVER).startSpan();
          Span child =
              tracer.spanBuilder("SELECT airgap")
                  .setSpanKind(SpanKind.CLIENT)
                  .setParent(io.opentelemetry.context.Context.current().with(parent))
                  .startSpan();
          child.end();
          parent.end();
          boolean ok = provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess();
          provider.shutdown().join(10, TimeUnit.SECONDS);
          System.out.println(parent.getSpanContext().getTraceId());
          System.exit(ok ? 0 : 1);
        }
      }
      """;

  /** Writes the program into {@code dir} and returns the command that runs it. */
  static List<String> command(Path java, Path repository, Path dir, String endpoint, String service)
      throws IOException {
    Path source = dir.resolve("Sender.java");
    Files.writeString(source, SOURCE);
    List<String> cp = new ArrayList<>();
    for (Path jar : jars(repository)) {
      cp.add(jar.toString());
    }
    return List.of(
        java.toString(), "-cp", String.join(":", cp), source.toString(), endpoint, service);
  }

  private AirgapOtlpSender() {}
}
