package io.mirador.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PseudonymizationKeyTest {
  private static final byte[] KEY_BYTES = new byte[32];

  static {
    for (int i = 0; i < 32; i++) {
      KEY_BYTES[i] = (byte) (i * 7 + 1);
    }
  }

  @Test
  void macIsHmacSha256OfTheValue() throws Exception {
    Mac reference = Mac.getInstance("HmacSHA256");
    reference.init(new SecretKeySpec(KEY_BYTES, "HmacSHA256"));
    byte[] expected = reference.doFinal("alice@example.com".getBytes(StandardCharsets.UTF_8));
    PseudonymizationKey key = PseudonymizationKey.fromBytes("k1", KEY_BYTES);
    assertThat(key.mac("alice@example.com")).isEqualTo(expected);
    // Repeated use of the keyed prototype gives the same, independent results.
    assertThat(key.mac("alice@example.com")).isEqualTo(expected);
    assertThat(key.token("pii:", "alice@example.com", 16))
        .isEqualTo("pii:" + HexFormat.of().formatHex(expected).substring(0, 16));
  }

  @Test
  void tokensDifferAcrossKeysAndValues() {
    PseudonymizationKey a = PseudonymizationKey.generate("a", new SecureRandom());
    PseudonymizationKey b = PseudonymizationKey.generate("b", new SecureRandom());
    assertThat(a.token("pii:", "x", 16)).isEqualTo(a.token("pii:", "x", 16));
    assertThat(a.token("pii:", "x", 16)).isNotEqualTo(b.token("pii:", "x", 16));
    assertThat(a.token("pii:", "x", 16)).isNotEqualTo(a.token("pii:", "y", 16));
  }

  @Test
  void concurrentCallersGetTheSameTokens() throws Exception {
    PseudonymizationKey key = PseudonymizationKey.fromBytes("k1", KEY_BYTES);
    String expected = key.token("pii:", "value", 16);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results =
          pool.invokeAll(
              java.util.Collections.nCopies(
                  8,
                  () -> {
                    for (int i = 0; i < 2_000; i++) {
                      if (!key.token("pii:", "value", 16).equals(expected)) {
                        return false;
                      }
                    }
                    return true;
                  }));
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void validatesEagerlyAndNeverPrintsTheKey() {
    assertThatThrownBy(() -> PseudonymizationKey.fromBytes("k", new byte[16]))
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> PseudonymizationKey.fromBytes("k", KEY_BYTES).token("p", "v", 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PseudonymizationKey.fromBytes("tenant-a", KEY_BYTES).toString())
        .isEqualTo("PseudonymizationKey[tenant-a]");
  }
}
