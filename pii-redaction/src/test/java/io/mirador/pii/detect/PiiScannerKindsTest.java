package io.mirador.pii.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every context-free detector runs through the shared scanner, alone and encoded. */
class PiiScannerKindsTest {
  private static final String JWT =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEyMyJ9.c2lnbmF0dXJlLW5vdC1yZWFsLWF0LWFsbA";

  private static List<String> found(PiiScanner scanner, String text) {
    Findings f = new Findings();
    scanner.scan(text, f);
    f.sort();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < f.size(); i++) {
      out.add(f.kind(i).configName() + ":" + text.substring(f.start(i), f.end(i)));
    }
    return out;
  }

  private static PiiScanner only(DetectorKind kind) {
    return PiiScanner.create(Set.of(kind), SiteAddresses.defaults());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "EMAIL|mail jane@example.com now|jane@example.com",
        "CREDIT_CARD|card 4111 1111 1111 1111 ok|4111 1111 1111 1111",
        "IBAN|pay GB82WEST12345698765432 now|GB82WEST12345698765432",
        "US_SSN|ssn 123-45-6789.|123-45-6789",
        "PHONE|call +1 415 555 0100 now|+1 415 555 0100",
        "IP_ADDRESS|from 192.0.2.10 via|192.0.2.10",
        "AUTH_CREDENTIAL|Authorization: Bearer abc.def-123_456789xyz|abc.def-123_456789xyz",
        "CLOUD_KEY|key AKIAIOSFODNN7EXAMPLE used|AKIAIOSFODNN7EXAMPLE",
        "URL_SECRET|/cb?access_token=abc123&page=2|abc123",
      })
  void eachDetectorRunsAloneThroughTheScanner(DetectorKind kind, String text, String value) {
    assertThat(found(only(kind), text)).containsExactly(kind.configName() + ":" + value);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "EMAIL|/p?to=jane%40example.com&x=1|jane%40example.com",
        "CREDIT_CARD|/p?card=4111%201111%201111%201111&x=1|4111%201111%201111%201111",
        "CREDIT_CARD|/p?card=4111+1111+1111+1111|4111+1111+1111+1111",
        "PHONE|/p?tel=%2B1%20415%20555%200100&x=1|%2B1%20415%20555%200100",
        "IBAN|{\"iban\":\"GB82\\u0057EST12345698765432\"}|GB82\\u0057EST12345698765432",
        "US_SSN|ssn&colon; 123&hyphen;45&hyphen;6789|123&hyphen;45&hyphen;6789",
      })
  void eachDetectorSeesThroughEncodings(DetectorKind kind, String text, String value) {
    assertThat(found(only(kind), text)).containsExactly(kind.configName() + ":" + value);
  }

  @Test
  void tokensAndKeyBlocksRunThroughTheScanner() {
    assertThat(found(only(DetectorKind.JWT), "token " + JWT + ";")).containsExactly("jwt:" + JWT);
    String block =
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";
    assertThat(found(only(DetectorKind.PRIVATE_KEY), "key:\n" + block + "\nafter"))
        .containsExactly("private_key:" + block);
    // JSON-escaped newlines: the block is found in the decoded view and covers the escapes.
    String escaped = block.replace("\n", "\\n");
    assertThat(found(only(DetectorKind.PRIVATE_KEY), "{\"k\":\"" + escaped + "\"}"))
        .containsExactly("private_key:" + escaped);
  }

  @Test
  void aScannerOfOneKindFindsNothingElse() {
    String everything =
        "jane@example.com 4111 1111 1111 1111 GB82WEST12345698765432 ssn 123-45-6789 "
            + "+1 415 555 0100 192.0.2.10 AKIAIOSFODNN7EXAMPLE token="
            + JWT;
    for (DetectorKind kind : DetectorKind.values()) {
      if (!kind.contextFree()) {
        continue;
      }
      for (String finding : found(only(kind), everything)) {
        assertThat(finding).as(kind.name()).startsWith(kind.configName() + ":");
      }
    }
    assertThat(found(PiiScanner.allContextFree(), everything))
        .contains(
            "email:jane@example.com",
            "credit_card:4111 1111 1111 1111",
            "iban:GB82WEST12345698765432",
            "us_ssn:123-45-6789",
            "phone:+1 415 555 0100",
            "ip_address:192.0.2.10",
            "cloud_key:AKIAIOSFODNN7EXAMPLE",
            "jwt:" + JWT);
  }

  @Test
  void allContextFreeHasEveryKindButSqlLiterals() {
    EnumSet<DetectorKind> expected = EnumSet.allOf(DetectorKind.class);
    expected.remove(DetectorKind.SQL_LITERAL);
    assertThat(PiiScanner.allContextFree().kinds()).isEqualTo(expected);
    assertThat(PiiScanner.allContextFree().addresses()).isEqualTo(SiteAddresses.defaults());
  }

  @Test
  void theReturnedProfileIsTheRawTextsEvenWhenNothingIsEnabled() {
    PiiScanner none = PiiScanner.create(Set.of(), SiteAddresses.defaults());
    String text = "a%40example.com";
    Findings f = new Findings();
    assertThat(none.scan(text, text.toCharArray(), f)).isEqualTo(TextProfile.mayMatch(text));
    assertThat(f.isEmpty()).isTrue();
  }

  @Test
  void thePathEndsAtTheFirstQuestionMarkOrHash() {
    String token = "9fK2xQ7mP4vL8sT1wZ3c";
    assertThat(pathSecrets("https://h.example/reset/" + token + "#top")).containsExactly(token);
    assertThat(pathSecrets("https://h.example/reset/" + token + "?a=1#top")).containsExactly(token);
    assertThat(pathSecrets("https://h.example/reset/" + token + "#top?a=1")).containsExactly(token);
    assertThat(pathSecrets("https://h.example/p#/reset/" + token)).isEmpty();
    assertThat(pathSecrets("https://h.example/p?x=/reset/" + token)).isEmpty();
    assertThat(pathSecrets("/sso/" + token + "/SSO/" + token)).containsExactly(token, token);
    assertThat(pathSecrets("/Magic-Link/" + token)).containsExactly(token);
    // Only the segment right after the keyword.
    assertThat(pathSecrets("/reset/x/" + token)).isEmpty();
    // Letters only or digits only are slugs and ids, not tokens.
    assertThat(pathSecrets("/reset/abcdefghijklmnopqrst")).isEmpty();
    assertThat(pathSecrets("/reset/" + token + "/")).containsExactly(token);
  }

  private static List<String> pathSecrets(String url) {
    Findings f = new Findings();
    PiiScanner.allContextFree().scanUrlPath(url, url.toCharArray(), f);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < f.size(); i++) {
      assertThat(f.kind(i)).isEqualTo(DetectorKind.URL_SECRET);
      out.add(url.substring(f.start(i), f.end(i)));
    }
    return out;
  }
}
