package io.mirador.pii.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PiiScannerTest {
  private final PiiScanner all = PiiScanner.allContextFree();

  /** "KIND:original text" per finding, sorted by position. */
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

  @Test
  void findsEncodedValuesInOriginalCoordinates() {
    assertThat(found(all, "https://shop.example.com/p?email=alice%40example.com&page=2"))
        .containsExactly("email:alice%40example.com");
    assertThat(found(all, "/p?card=4111+1111+1111+1111"))
        .contains("credit_card:4111+1111+1111+1111");
    assertThat(found(all, "/p?card=4111%201111%201111%201111"))
        .contains("credit_card:4111%201111%201111%201111");
    assertThat(found(all, "{\"u\":\"bob\\u0040example.com\"}"))
        .containsExactly("email:bob\\u0040example.com");
    assertThat(found(all, "<a>bob&#64;example.com</a>"))
        .containsExactly("email:bob&#64;example.com");
    assertThat(found(all, "x=carol&commat;example&period;com"))
        .containsExactly("email:carol&commat;example&period;com");
    assertThat(found(all, "r=dave%2540example.com")).containsExactly("email:dave%2540example.com");
  }

  @Test
  void plainFindingsAreNotRepeatedByTheDecodedView() {
    assertThat(found(all, "to=erin@example.com&cc=frank%40example.com"))
        .containsExactly("email:erin@example.com", "email:frank%40example.com");
  }

  @Test
  void loopbackIsNotPersonalButOtherAddressesAre() {
    assertThat(found(all, "http://127.0.0.1:7002/checkout from 192.0.2.10 via ::1 and 0.0.0.0"))
        .containsExactly("ip_address:192.0.2.10");
    PiiScanner strict =
        PiiScanner.create(Set.of(DetectorKind.IP_ADDRESS), SiteAddresses.of(List.of(), true));
    assertThat(found(strict, "http://127.0.0.1:7002/ and 192.0.2.10"))
        .containsExactly("ip_address:127.0.0.1", "ip_address:192.0.2.10");
    PiiScanner site =
        PiiScanner.create(
            Set.of(DetectorKind.IP_ADDRESS), SiteAddresses.of(List.of("192.0.2.0/28"), false));
    assertThat(found(site, "192.0.2.10 and 192.0.2.20 and %31%39%32.0.2.11"))
        .containsExactly("ip_address:192.0.2.20");
  }

  @Test
  void onlyTheEnabledDetectorsRun() {
    PiiScanner emails = PiiScanner.create(Set.of(DetectorKind.EMAIL), SiteAddresses.defaults());
    assertThat(emails.kinds()).containsExactly(DetectorKind.EMAIL);
    assertThat(found(emails, "a%40example.com 4111 1111 1111 1111 192.0.2.1"))
        .containsExactly("email:a%40example.com");
    PiiScanner none = PiiScanner.create(Set.of(), SiteAddresses.defaults());
    assertThat(found(none, "a%40example.com a@example.com")).isEmpty();
    assertThat(none.addresses()).isEqualTo(SiteAddresses.defaults());
  }

  @Test
  void keyScopedDetectorsAreRefused() {
    assertThatThrownBy(
            () -> PiiScanner.create(Set.of(DetectorKind.SQL_LITERAL), SiteAddresses.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sql_literal");
  }

  @Test
  void returnsTheRawProfile() {
    Findings f = new Findings();
    String text = "select 'x' from t where a@example.com";
    int profile = all.scan(text, text.toCharArray(), f);
    assertThat(profile).isEqualTo(TextProfile.mayMatch(text));
    assertThat(all.scan("", new char[0], f)).isZero();
    assertThat(all.scan("plain", "plain".toCharArray(), f))
        .isEqualTo(TextProfile.mayMatch("plain"));
  }

  @Test
  void decodedGivesTheValueToHash() {
    String text = "?e=alice%40example.com";
    assertThat(PiiScanner.decoded(text, 3, text.length())).isEqualTo("alice@example.com");
    assertThat(PiiScanner.decoded("ab", 0, 2)).isEqualTo("ab");
  }

  @Test
  void pathTokensAfterCapabilitySegmentsAreSecrets() {
    Findings f = new Findings();
    String url = "https://shop.example.com/account/Reset/9fK2xQ7mP4vL8sT1wZ3c?next=/home";
    all.scanUrlPath(url, url.toCharArray(), f);
    assertThat(f.size()).isEqualTo(1);
    assertThat(url.substring(f.start(0), f.end(0))).isEqualTo("9fK2xQ7mP4vL8sT1wZ3c");
    assertThat(f.kind(0)).isEqualTo(DetectorKind.URL_SECRET);

    f.clear();
    String relative = "/verify/abc123def456ghi789/done/token/x";
    all.scanUrlPath(relative, relative.toCharArray(), f);
    assertThat(f.size()).isEqualTo(1);
    assertThat(relative.substring(f.start(0), f.end(0))).isEqualTo("abc123def456ghi789");
  }

  @Test
  void readablePathsStay() {
    for (String url :
        List.of(
            "https://shop.example.com/confirm/order-received-thank-you",
            "https://shop.example.com/orders/9fK2xQ7mP4vL8sT1wZ3c",
            "https://shop.example.com/reset/short1",
            "https://shop.example.com/reset/1234567890123456789",
            "https://shop.example.com/reset/abc!def1234567890xyz",
            "https://shop.example.com/reset?t=9fK2xQ7mP4vL8sT1wZ3c",
            "https://shop.example.com",
            "relative/reset/9fK2xQ7mP4vL8sT1wZ3c",
            "")) {
      Findings f = new Findings();
      all.scanUrlPath(url, url.toCharArray(), f);
      assertThat(f.isEmpty()).as(url).isTrue();
    }
    PiiScanner noSecrets = PiiScanner.create(Set.of(DetectorKind.EMAIL), SiteAddresses.defaults());
    Findings f = new Findings();
    String url = "https://x.example.com/reset/9fK2xQ7mP4vL8sT1wZ3c";
    noSecrets.scanUrlPath(url, url.toCharArray(), f);
    assertThat(f.isEmpty()).isTrue();
  }

  @Test
  void pathTokenLengthBounds() {
    String sixteen = "abcdefghijklmno1";
    String url = "/token/" + sixteen;
    Findings f = new Findings();
    all.scanUrlPath(url, url.toCharArray(), f);
    assertThat(f.size()).isEqualTo(1);
    f.clear();
    String fifteen = "/token/" + sixteen.substring(1);
    all.scanUrlPath(fifteen, fifteen.toCharArray(), f);
    assertThat(f.isEmpty()).isTrue();
    String longest = "/token/1" + "a".repeat(PiiScanner.MAX_PATH_TOKEN - 1);
    all.scanUrlPath(longest, longest.toCharArray(), f);
    assertThat(f.size()).isEqualTo(1);
    f.clear();
    String tooLong = "/token/1" + "a".repeat(PiiScanner.MAX_PATH_TOKEN);
    all.scanUrlPath(tooLong, tooLong.toCharArray(), f);
    assertThat(f.isEmpty()).isTrue();
    String symbols = "/key/a-b_c.d~e%2F=1234567890";
    all.scanUrlPath(symbols, symbols.toCharArray(), f);
    assertThat(f.size()).isEqualTo(1);
  }
}
