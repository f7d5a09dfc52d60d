package io.mirador.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of {@link CoreConfigLoader#parse}: the core's YAML configuration.
 * Contract: a config, or a {@link ConfigException} with a message; never another exception.
 */
class CoreConfigLoaderFuzzTest {
  private static final Path BASE = Path.of("/nonexistent/mirador-config-fuzz");

  // Per input: libFuzzer reports a slower input as a timeout (a hang).
  @Timeout(10)
  @FuzzTest(maxDuration = "90s")
  void parse(FuzzedDataProvider data) {
    String yaml = data.consumeRemainingAsString();
    try {
      CoreConfig config = CoreConfigLoader.parse(yaml, "fuzz.yaml", BASE);
      assertThat(config).isNotNull();
    } catch (ConfigException e) {
      assertThat(e.getMessage()).isNotBlank().startsWith("fuzz.yaml");
    }
  }
}
