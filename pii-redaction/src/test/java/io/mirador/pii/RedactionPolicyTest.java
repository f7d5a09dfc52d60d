package io.mirador.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.pii.detect.DetectorKind;
import io.mirador.pii.detect.SiteAddresses;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionPolicyTest {
  @ParameterizedTest
  @ValueSource(strings = {"a", "Z", "0", "9", "a.b", "a_b", "a-b", "azAZ09"})
  void validTenants(String tenant) {
    assertThat(RedactionPolicy.builder(tenant).build().tenant()).isEqualTo(tenant);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "a b", "a/b", "a@b", "a`b", "a{b", "a[b", "a:b", "a\u00e9", "A/", "/"})
  void invalidTenants(String tenant) {
    assertThatThrownBy(() -> RedactionPolicy.builder(tenant).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tenant must be 1-64 characters of letters, digits, '.', '_' or '-'");
  }

  @Test
  void tenantLengthBounds() {
    assertThat(RedactionPolicy.builder("t".repeat(64)).build().tenant()).hasSize(64);
    assertThatThrownBy(() -> RedactionPolicy.builder("t".repeat(65)).build())
        .hasMessageStartingWith("tenant must be");
  }

  @Test
  void maskPrefixAndHexBounds() {
    assertThat(RedactionPolicy.builder("t").maskText("m".repeat(64)).build().maskText())
        .hasSize(64);
    assertThat(RedactionPolicy.builder("t").maskText("m").build().maskText()).isEqualTo("m");
    assertThatThrownBy(() -> RedactionPolicy.builder("t").maskText("m".repeat(65)).build())
        .hasMessage("mask must be 1-64 characters");
    assertThatThrownBy(() -> RedactionPolicy.builder("t").maskText("").build())
        .hasMessage("mask must be 1-64 characters");
    assertThat(RedactionPolicy.builder("t").hashPrefix("p".repeat(16)).build().hashPrefix())
        .hasSize(16);
    assertThatThrownBy(() -> RedactionPolicy.builder("t").hashPrefix("p".repeat(17)).build())
        .hasMessage("hash prefix must be 1-16 characters without whitespace");
    assertThatThrownBy(() -> RedactionPolicy.builder("t").hashPrefix("").build())
        .hasMessageStartingWith("hash prefix");
    assertThatThrownBy(() -> RedactionPolicy.builder("t").hashPrefix("p x").build())
        .hasMessageStartingWith("hash prefix");
    assertThatThrownBy(() -> RedactionPolicy.builder("t").hashPrefix("px\t").build())
        .hasMessageStartingWith("hash prefix");
    assertThat(RedactionPolicy.builder("t").hashPrefix("px:").build().hashPrefix())
        .isEqualTo("px:");
    assertThat(RedactionPolicy.builder("t").hashHexChars(8).build().hashHexChars()).isEqualTo(8);
    assertThat(RedactionPolicy.builder("t").hashHexChars(64).build().hashHexChars()).isEqualTo(64);
    assertThatThrownBy(() -> RedactionPolicy.builder("t").hashHexChars(7).build())
        .hasMessage("hash hexChars must be between 8 and 64");
    assertThatThrownBy(() -> RedactionPolicy.builder("t").hashHexChars(65).build())
        .hasMessage("hash hexChars must be between 8 and 64");
  }

  @Test
  void ruleCountIncludesUrlKeys() {
    RedactionPolicy.Builder ok = RedactionPolicy.builder("t").urlKeys(List.of());
    for (int i = 0; i < RedactionPolicy.MAX_RULES - 3; i++) {
      ok.keyRule("k" + i, Action.MASK);
    }
    ok.ignoreKey("i").sqlKey("s").urlKeys(List.of("u"));
    assertThat(ok.build().keyRules()).hasSize(RedactionPolicy.MAX_RULES - 3);
    ok.keyRule("one.more", Action.HASH);
    assertThatThrownBy(ok::build).hasMessage("more than 1000 key rules");
    RedactionPolicy.Builder urls = RedactionPolicy.builder("t");
    for (int i = 0; i < RedactionPolicy.MAX_RULES - RedactionPolicy.DEFAULT_URL_KEYS.size(); i++) {
      urls.sqlKey("s" + i);
    }
    assertThat(urls.build().sqlKeys()).hasSize(994);
    urls.ignoreKey("x");
    assertThatThrownBy(urls::build).hasMessage("more than 1000 key rules");
  }

  @Test
  void buildersChainAndDetectorsCanBeDisabled() {
    RedactionPolicy p =
        RedactionPolicy.builder("t")
            .maskText("***")
            .hashPrefix("h:")
            .hashHexChars(12)
            .detector(DetectorKind.EMAIL, Action.HASH)
            .detector(DetectorKind.PHONE, Action.MASK)
            .disableDetector(DetectorKind.PHONE)
            .addresses(SiteAddresses.of(List.of("10.0.0.0/8"), false))
            .mode(PolicyMode.ALLOW_LIST)
            .build();
    assertThat(p.maskText()).isEqualTo("***");
    assertThat(p.hashPrefix()).isEqualTo("h:");
    assertThat(p.hashHexChars()).isEqualTo(12);
    assertThat(p.detectorAction(DetectorKind.EMAIL)).isEqualTo(Action.HASH);
    assertThat(p.detectorAction(DetectorKind.PHONE)).isNull();
    assertThat(p.addresses().notPersonal()).containsExactly("10.0.0.0/8");
    assertThat(p.mode()).isEqualTo(PolicyMode.ALLOW_LIST);
    assertThat(p.urlKeys())
        .extracting(KeyPattern::pattern)
        .containsExactlyElementsOf(RedactionPolicy.DEFAULT_URL_KEYS);
  }

  @Test
  void defaultsHashUsersButKeepRoles() {
    RedactionPolicy d = RedactionPolicy.defaults("t");
    List<String> patterns = d.keyRules().stream().map(r -> r.key().pattern()).toList();
    assertThat(patterns).contains("user.*", "enduser.id", "enduser.pseudo.id", "client.address");
    assertThat(patterns.indexOf("user.roles")).isLessThan(patterns.indexOf("user.*"));
    assertThat(d.keyRules().get(patterns.indexOf("user.roles")).action()).isEqualTo(Action.KEEP);
    assertThat(d.addresses()).isEqualTo(SiteAddresses.defaults());
  }
}
