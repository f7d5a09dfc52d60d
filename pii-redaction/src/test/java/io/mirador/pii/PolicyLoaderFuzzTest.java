package io.mirador.pii;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of {@link PolicyLoader#parse}: a tenant's redaction policy (YAML with
 * regular expressions in it). Contract: a policy, or a {@link PolicyException} with a message;
 * never another exception.
 */
class PolicyLoaderFuzzTest {
  // Per input: libFuzzer reports a slower input as a timeout (a hang).
  @Timeout(10)
  @FuzzTest(maxDuration = "90s")
  void parse(FuzzedDataProvider data) {
    String yaml = data.consumeRemainingAsString();
    try {
      RedactionPolicy policy = PolicyLoader.parse(yaml, "fuzz.yaml");
      assertThat(policy).isNotNull();
    } catch (PolicyException e) {
      assertThat(e.getMessage()).isNotBlank().startsWith("fuzz.yaml");
    }
  }
}
