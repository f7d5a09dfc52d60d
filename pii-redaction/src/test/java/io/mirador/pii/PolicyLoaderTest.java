package io.mirador.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.pii.detect.DetectorKind;
import io.mirador.pii.detect.PhoneRegions;
import io.mirador.pii.detect.SiteAddresses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {
  @Test
  void loadsAFullPolicy() throws Exception {
    RedactionPolicy p =
        PolicyLoader.parse(
            """
            tenant: acme
            mode: allow-list
            mask: "***"
            hash: {prefix: "tok:", hexChars: 20}
            keys:
              - {key: "http.*", action: keep}
              - {key: "user.email", action: hash}
            ignore: ["service.name"]
            sql: ["db.query.text"]
            detectors:
              phone: off
              email: mask
            """,
            "acme.yaml");
    assertThat(p.tenant()).isEqualTo("acme");
    assertThat(p.mode()).isEqualTo(PolicyMode.ALLOW_LIST);
    assertThat(p.maskText()).isEqualTo("***");
    assertThat(p.hashPrefix()).isEqualTo("tok:");
    assertThat(p.hashHexChars()).isEqualTo(20);
    // allow-list mode does not inherit the default key rules unless asked to.
    assertThat(p.keyRules())
        .extracting(r -> r.key().pattern())
        .containsExactly("http.*", "user.email");
    assertThat(p.ignoredKeys()).containsExactly(KeyPattern.of("service.name"));
    assertThat(p.sqlKeys()).containsExactly(KeyPattern.of("db.query.text"));
    assertThat(p.detectorAction(DetectorKind.PHONE)).isNull();
    assertThat(p.detectorAction(DetectorKind.EMAIL)).isEqualTo(Action.MASK);
    assertThat(p.detectorAction(DetectorKind.CREDIT_CARD)).isEqualTo(Action.MASK);
  }

  @Test
  void minimalPolicyGetsTheSafeDefaults() throws Exception {
    RedactionPolicy p = PolicyLoader.parse("tenant: t1\n", "t1.yaml");
    RedactionPolicy d = RedactionPolicy.defaults("t1");
    assertThat(p).isEqualTo(d);
  }

  @Test
  void errorsNameTheFileAndTheField() {
    assertError("mode: block-list\n", "t.yaml: missing required field 'tenant'");
    assertError("tenant: a\nmodee: x\n", "unknown field 'modee'");
    assertError("tenant: a\nmode: deny\n", "mode: expected block-list or allow-list, got 'deny'");
    assertError(
        "tenant: a\nkeys:\n  - {key: x, action: hide}\n",
        "keys[0].action: expected keep, mask, hash or drop, got 'hide'");
    assertError("tenant: a\nkeys:\n  - {key: x}\n", "keys[0]: needs both 'key' and 'action'");
    assertError("tenant: a\ndetectors: {emial: mask}\n", "unknown detector 'emial'");
    assertError("tenant: a\nhash: {hexChars: 4}\n", "hexChars must be between 8 and 64");
    assertError("tenant: 'a b'\n", "tenant must be");
    assertError("tenant: a\nkeys: [\n", "not valid YAML");
    assertError("- just\n- a list\n", "expected a mapping");
    assertError("tenant: a\ntenant: b\n", "not valid YAML");
  }

  @Test
  void loadsUrlKeysAndSiteAddresses() throws Exception {
    RedactionPolicy p =
        PolicyLoader.parse(
            """
            tenant: acme
            urls: ["url.full", "my.link"]
            addresses:
              notPersonal: ["10.20.0.0/16", "fd00::/8"]
              loopbackPersonal: true
            """,
            "acme.yaml");
    assertThat(p.urlKeys()).extracting(KeyPattern::pattern).containsExactly("url.full", "my.link");
    assertThat(p.addresses())
        .isEqualTo(SiteAddresses.of(List.of("10.20.0.0/16", "fd00::/8"), true));
    RedactionPolicy d = PolicyLoader.parse("tenant: acme\naddresses: {}\n", "d.yaml");
    assertThat(d.urlKeys())
        .extracting(KeyPattern::pattern)
        .containsExactlyElementsOf(RedactionPolicy.DEFAULT_URL_KEYS);
    assertThat(d.addresses()).isEqualTo(SiteAddresses.defaults());
    assertThat(PolicyLoader.parse("tenant: a\naddresses: ~\n", "n.yaml").addresses())
        .isEqualTo(SiteAddresses.defaults());
    assertThat(PolicyLoader.parse("tenant: a\naddresses: {notPersonal: ~}\n", "n.yaml").addresses())
        .isEqualTo(SiteAddresses.defaults());
  }

  @Test
  void userAttributesAreHashedByDefaultAndRolesKept() throws Exception {
    RedactionPolicy p = PolicyLoader.parse("tenant: a\n", "a.yaml");
    Redactor r = Redactor.create(p, TestKeys.key());
    assertThat(r.treatment("user.name", true)).isEqualTo(Redactor.KeyTreatment.HASH);
    assertThat(r.treatment("enduser.id", true)).isEqualTo(Redactor.KeyTreatment.HASH);
    assertThat(r.treatment("user.roles", true)).isEqualTo(Redactor.KeyTreatment.SCAN);
    assertThat(r.treatment("user_agent.original", true)).isEqualTo(Redactor.KeyTreatment.SCAN);
    assertThat(r.treatment("url.full", true)).isEqualTo(Redactor.KeyTreatment.SCAN_URL);
    assertThat(r.treatment("HTTP.TARGET", true)).isEqualTo(Redactor.KeyTreatment.SCAN_URL);
    assertThat(r.treatment("db.statement", true)).isEqualTo(Redactor.KeyTreatment.SCAN_SQL);
  }

  @Test
  void phoneRegionsChooseWhichNationalFormatsAreRecognised() throws Exception {
    RedactionPolicy us = PolicyLoader.parse("tenant: a\nphoneRegions: [US]\n", "us.yaml");
    RedactionPolicy de = PolicyLoader.parse("tenant: a\nphoneRegions: [de]\n", "de.yaml");
    assertThat(us.phoneRegions()).isEqualTo(PhoneRegions.of(List.of("US")));
    assertThat(PolicyLoader.parse("tenant: a\n", "d.yaml").phoneRegions())
        .isEqualTo(PhoneRegions.defaults());
    String berlin = "ref 030 12345678 stored"; // a German national number, no phone word
    assertThat(Redactor.create(us, TestKeys.key()).redactText(berlin)).isEqualTo(berlin);
    assertThat(Redactor.create(de, TestKeys.key()).redactText(berlin))
        .doesNotContain("030 12345678")
        .startsWith("ref pii:");
    String nanp = "ref (212) 555-0123 x"; // a North American shape is a phone in any region
    assertThat(Redactor.create(de, TestKeys.key()).redactText(nanp)).doesNotContain("555-0123");
    assertError("tenant: a\nphoneRegions: [XX]\n", "t.yaml: phoneRegions: ");
    assertError(
        "tenant: a\nphoneRegions: DE\n",
        "t.yaml: phoneRegions: expected a list of region codes such as DE");
  }

  @Test
  void addressErrorsNameTheField() {
    assertError("tenant: a\naddresses: [x]\n", "t.yaml: addresses: expected a mapping");
    assertError(
        "tenant: a\naddresses: {mine: []}\n",
        "t.yaml: addresses: unknown field 'mine' (known: loopbackPersonal, notPersonal)");
    assertError(
        "tenant: a\naddresses: {loopbackPersonal: yes please}\n",
        "t.yaml: addresses.loopbackPersonal: expected true or false");
    assertError(
        "tenant: a\naddresses: {notPersonal: 10.0.0.0/8}\n",
        "t.yaml: addresses.notPersonal: expected a list of CIDR networks");
    assertError(
        "tenant: a\naddresses: {notPersonal: [[1]]}\n",
        "t.yaml: addresses.notPersonal[0]: expected a string");
    assertError(
        "tenant: a\naddresses: {notPersonal: [\"10.0.0.0/40\"]}\n",
        "t.yaml: addresses.notPersonal[0]: prefix length must be 0-32");
    assertError("tenant: a\nurls: url.full\n", "t.yaml: urls: expected a list of keys");
  }

  @Test
  void billionLaughsIsRejected() {
    StringBuilder y = new StringBuilder("tenant: a\nx0: &a0 [lol, lol]\n");
    for (int i = 1; i < 30; i++) {
      y.append("x")
          .append(i)
          .append(": &a")
          .append(i)
          .append(" [*a")
          .append(i - 1)
          .append(", *a")
          .append(i - 1)
          .append("]\n");
    }
    assertThatThrownBy(() -> PolicyLoader.parse(y.toString(), "bomb.yaml"))
        .isInstanceOf(PolicyException.class);
  }

  @Test
  void registryFallsBackToTheDefault(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("acme.yaml"), "tenant: acme\nmask: '#'\n");
    Files.writeString(dir.resolve("default.yml"), "tenant: default\nmask: '?'\n");
    PolicyRegistry registry = PolicyRegistry.loadDirectory(dir);
    assertThat(registry.forTenant("acme").maskText()).isEqualTo("#");
    assertThat(registry.forTenant("other").maskText()).isEqualTo("?");
    assertThat(PolicyRegistry.of(java.util.List.of()).forTenant("x").maskText())
        .isEqualTo(RedactionPolicy.DEFAULT_MASK);
  }

  @Test
  void missingFileIsAClearError(@TempDir Path dir) {
    assertThatThrownBy(() -> PolicyLoader.load(dir.resolve("nope.yaml")))
        .isInstanceOf(PolicyException.class)
        .hasMessageEndingWith("nope.yaml: file not found");
  }

  private static void assertError(String yaml, String message) {
    assertThatThrownBy(() -> PolicyLoader.parse(yaml, "t.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining(message);
  }
}
