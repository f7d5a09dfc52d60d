package io.mirador.pii.detect;

import static io.mirador.pii.detect.DetectorsTest.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CloudKeyDetectorTest {
  private static final DetectorKind K = DetectorKind.CLOUD_KEY;

  @Test
  void everyPrefixAtItsMinimumLength() {
    String[][] keys = {
      {"AKIA", "A", "16"},
      {"ASIA", "B", "16"},
      {"ABIA", "C", "16"},
      {"ACCA", "D", "16"},
      {"AGPA", "E", "16"},
      {"AIDA", "F", "16"},
      {"AROA", "G", "16"},
      {"AIPA", "H", "16"},
      {"ANPA", "I", "16"},
      {"ANVA", "J", "16"},
      {"APKA", "K", "16"},
      {"AIza", "b", "35"},
      {"ghp_", "c", "36"},
      {"gho_", "c", "36"},
      {"ghu_", "c", "36"},
      {"ghs_", "c", "36"},
      {"ghr_", "c", "36"},
      {"github_pat_", "d", "22"},
      {"glpat-", "e", "20"},
      {"xoxb-", "1", "10"},
      {"xoxp-", "1", "10"},
      {"xoxa-", "1", "10"},
      {"xoxr-", "1", "10"},
      {"xoxs-", "1", "10"},
      {"xapp-", "1", "10"},
      {"sk_live_", "f", "16"},
      {"rk_live_", "f", "16"},
      {"sk-proj-", "g", "20"},
      {"sk-ant-", "h", "20"},
      {"npm_", "i", "36"},
      {"hf_", "j", "30"}
    };
    for (String[] k : keys) {
      int min = Integer.parseInt(k[2]);
      String key = k[0] + k[1].repeat(min);
      assertThat(found(K, "key " + key + " used")).as(key).containsExactly(key);
      String shortKey = k[0] + k[1].repeat(min - 1);
      assertThat(found(K, "key " + shortKey + " used")).as(shortKey).isEmpty();
      assertThat(found(K, "x" + key)).as("glued " + key).isEmpty();
      assertThat(found(K, key + "é")).as(key + " glued after").isEmpty();
    }
  }

  @Test
  void fixedLengthKeysRejectLongerBodies() {
    assertThat(found(K, "AKIAIOSFODNN7EXAMPLE")).containsExactly("AKIAIOSFODNN7EXAMPLE");
    assertThat(found(K, "AKIAIOSFODNN7EXAMPLEX")).isEmpty();
    assertThat(found(K, "AKIAiosfodnn7example")).isEmpty(); // upper case only
    assertThat(found(K, "AIza" + "b".repeat(36))).isEmpty();
    assertThat(found(K, "npm_" + "i".repeat(37))).isEmpty();
    assertThat(found(K, "hf_" + "j".repeat(64))).hasSize(1);
    assertThat(found(K, "hf_" + "j".repeat(65))).isEmpty();
    assertThat(found(K, "ghp_" + "c".repeat(255))).hasSize(1);
    assertThat(found(K, "ghp_" + "c".repeat(256))).isEmpty();
    assertThat(found(K, "sk-ant-" + "h".repeat(512))).hasSize(1);
    assertThat(found(K, "sk-ant-" + "h".repeat(513))).isEmpty();
  }

  @Test
  void bodyCharacterClasses() {
    assertThat(found(K, "ghp_" + "c".repeat(35) + "-")).isEmpty(); // alnum only
    assertThat(found(K, "github_pat_" + "d_".repeat(11))).hasSize(1);
    assertThat(found(K, "glpat-" + "e-_".repeat(7))).hasSize(1);
    assertThat(found(K, "xoxb-1234-5678-abcd")).containsExactly("xoxb-1234-5678-abcd");
    assertThat(found(K, "sk_live_" + "f".repeat(15) + "_")).isEmpty();
  }

  @Test
  void azureKeysReportOnlyTheValue() {
    String key = "A".repeat(86) + "==";
    assertThat(found(K, "AccountName=x;AccountKey=" + key + ";EndpointSuffix=core"))
        .containsExactly(key);
    assertThat(found(K, "Endpoint=sb://x/;SharedAccessKey=" + "a+/b".repeat(10) + ";"))
        .containsExactly("a+/b".repeat(10));
    assertThat(found(K, "AccountKey=" + "A".repeat(39))).isEmpty();
    assertThat(found(K, "AccountKey=" + "A".repeat(512))).hasSize(1);
    assertThat(found(K, "AccountKey=" + "A".repeat(513))).isEmpty();
  }

  @Test
  void aFailedPrefixStillLetsTheNextRuleOrKeyMatch() {
    // "sk-" starts both sk-proj- and sk-ant-; "gh" starts five rules.
    assertThat(found(K, "sk-ant-" + "h".repeat(20))).hasSize(1);
    assertThat(found(K, "ghs_" + "c".repeat(36))).hasSize(1);
    assertThat(found(K, "AKIA short, then AKIAIOSFODNN7EXAMPLE"))
        .containsExactly("AKIAIOSFODNN7EXAMPLE");
    assertThat(found(K, "Ab AKIAIOSFODNN7EXAMPLE")).containsExactly("AKIAIOSFODNN7EXAMPLE");
    assertThat(found(K, "A")).isEmpty();
    assertThat(found(K, "é AKIAIOSFODNN7EXAMPLE")).hasSize(1);
  }
}
