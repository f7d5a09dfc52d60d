package io.mirador.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends one trace through a real OpenTelemetry Java SDK exporter (OTLP http/protobuf) and prints
 * its trace id. The sender is a single-file Java program ({@code java -cp JARS Sender.java}) run in
 * its own JVM; its jars (the SDK, the OTLP exporter, okhttp, okio, kotlin-stdlib) are this module's
 * test dependencies, listed by the dependency plugin in {@code target/otlp-sender.classpath}
 * (system property {@code mirador.otlpSender.classpath}), so a clean clone has them whatever the
 * build order. {@link #command} builds that command line.
 */
final class AirgapOtlpSender {
  static final String CLASSPATH_PROPERTY = "mirador.otlpSender.classpath";

  /**
   * The sender's class path from the file the dependency plugin wrote; every jar must exist and the
   * SDK's exporter must be among them, else a clear error naming the file.
   */
  static String classPath(Path listFile) throws IOException {
    if (listFile == null || !Files.isRegularFile(listFile)) {
      throw new IOException(
          "no OTLP sender class path at "
              + listFile
              + " (written by the dependency plugin in generate-test-resources of offline-bundle)");
    }
    String cp = Files.readString(listFile).strip();
    List<String> jars = new ArrayList<>(List.of(cp.split(java.io.File.pathSeparator)));
    for (String jar : jars) {
      if (!Files.isRegularFile(Path.of(jar))) {
        throw new IOException(listFile + " names a jar that does not exist: " + jar);
      }
    }
    if (jars.stream().noneMatch(j -> j.contains("opentelemetry-exporter-otlp-"))
        || jars.stream().noneMatch(j -> j.contains("okhttp"))) {
      throw new IOException(listFile + " lacks the OTLP exporter or okhttp: " + cp);
    }
    return String.join(java.io.File.pathSeparator, jars);
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
  static List<String> command(
      Path java, String classPath, Path dir, String endpoint, String service) throws IOException {
    Path source = dir.resolve("Sender.java");
    Files.writeString(source, SOURCE);
    return List.of(java.toString(), "-cp", classPath, source.toString(), endpoint, service);
  }

  private AirgapOtlpSender() {}
}
