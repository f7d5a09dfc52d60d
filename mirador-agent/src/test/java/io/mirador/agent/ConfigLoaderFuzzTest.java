package io.mirador.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the agent's {@link ConfigLoader}: a YAML file and environment
 * overrides an operator (or an attacker with write access to them) controls. Contract: a config, or
 * an {@link ConfigLoader.InvalidConfigException} with a message.
 */
class ConfigLoaderFuzzTest {
  private static final Path FILE;

  static {
    try {
      Path dir = Files.createTempDirectory("agent-config-fuzz");
      dir.toFile().deleteOnExit();
      FILE = dir.resolve("agent.yaml");
      FILE.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first strings are environment overrides of settings; the rest is the file. */
  // Per input: libFuzzer reports a slower input as a timeout (a hang).
  @Timeout(10)
  @FuzzTest(maxDuration = "90s")
  void load(FuzzedDataProvider data) throws IOException {
    Map<String, String> env =
        Map.of(
            "MIRADOR_AGENT_QUEUE_MAXBYTES", data.consumeString(12),
            "MIRADOR_AGENT_BATCH_MAXDELAYMILLIS", data.consumeString(12));
    Files.write(FILE, data.consumeRemainingAsBytes());
    try {
      AgentConfig config = ConfigLoader.load(FILE, env);
      assertThat(config).isNotNull();
    } catch (ConfigLoader.InvalidConfigException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
