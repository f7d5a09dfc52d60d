package io.mirador.pii.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5322 atext specials in local parts and IDNA A-label top-level domains. */
class EmailAtextTest {
  private static List<String> found(String text) {
    Findings f = new Findings();
    new EmailDetector().detect(text, f);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < f.size(); i++) {
      out.add(text.substring(f.start(i), f.end(i)));
    }
    return out;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "to kwame'haddad@example.net now;kwame'haddad@example.net",
        "<olga~tanaka@mail.example.com>;olga~tanaka@mail.example.com",
        "x Noah#wang@example.org;Noah#wang@example.org",
        "x li!okafor@example.org;li!okafor@example.org",
        "x Ana$garcia@example.org;Ana$garcia@example.org",
        "x john*smith@example.org;john*smith@example.org",
        "x yuki|mueller@example.org;yuki|mueller@example.org",
        "x ana{nguyen}@example.org;ana{nguyen}@example.org",
        "x noah`nguyen@example.org;noah`nguyen@example.org",
        "x a^b@example.org;a^b@example.org",
        "x eokafor176@corp.xn--zckzah;eokafor176@corp.xn--zckzah",
        "x raj@xn--mnchen-3ya.XN--0ZWM56D.;raj@xn--mnchen-3ya.XN--0ZWM56D",
        "'jane@example.com';jane@example.com",
        "`jane@example.com`;jane@example.com",
        "{jane@example.com};jane@example.com",
        "|jane@example.com;jane@example.com",
        "user.email=jane@example.com;jane@example.com",
        "?to=jane@example.com&x=1;jane@example.com",
        "/users/jane@example.com;jane@example.com",
      })
  void finds(String text, String address) {
    assertThat(found(text)).containsExactly(address);
  }

  @org.junit.jupiter.api.Test
  void rejectsTopLevelDomainsThatAreNotALabels() {
    assertThat(found("x jane@example.xn--\u00fcber")).isEmpty();
    assertThat(found("x jane@example.xn--" + "a".repeat(60))).isEmpty();
    assertThat(found("x jane@example.xn--" + "a".repeat(59))).hasSize(1);
  }
}
