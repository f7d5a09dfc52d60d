package io.mirador.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OTLP sender's jars come from this module's own test dependencies (a clean clone has them
 * whatever the build order), listed by the dependency plugin; no guessed ~/.m2 paths.
 */
class AirgapOtlpSenderTest {
  @TempDir Path tmp;

  @Test
  void theSendersClassPathIsThisModulesTestDependencies() throws Exception {
    Path list =
        Path.of(System.getProperty("mirador.bundle.root", ".."))
            .resolve("offline-bundle/target/otlp-sender.classpath");
    String cp = AirgapOtlpSender.classPath(list);
    List<String> jars = List.of(cp.split(File.pathSeparator));
    assertThat(jars)
        .anyMatch(j -> j.contains("opentelemetry-sdk-trace-"))
        .anyMatch(j -> j.contains("opentelemetry-exporter-sender-okhttp-"))
        .anyMatch(j -> j.contains("okio"))
        .anyMatch(j -> j.contains("kotlin-stdlib"));
    // The same exporter is on this test's class path, from the same jar.
    Path exporterJar =
        Path.of(
            OtlpHttpSpanExporter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(jars).contains(exporterJar.toString());
  }

  @Test
  void aMissingOrIncompleteListIsAClearError() throws IOException {
    assertThatThrownBy(() -> AirgapOtlpSender.classPath(tmp.resolve("none")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("dependency plugin");
    Path gone = Files.writeString(tmp.resolve("gone.classpath"), "/nonexistent/okhttp.jar");
    assertThatThrownBy(() -> AirgapOtlpSender.classPath(gone))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("does not exist: /nonexistent/okhttp.jar");
    Path jar = Files.writeString(tmp.resolve("okhttp.jar"), "x");
    Path partial = Files.writeString(tmp.resolve("partial.classpath"), jar.toString());
    assertThatThrownBy(() -> AirgapOtlpSender.classPath(partial))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("lacks the OTLP exporter");
  }
}
