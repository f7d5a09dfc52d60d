package io.mirador.pii.detect;

import static io.mirador.pii.detect.DetectorsTest.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailDetectorTest {
  private static final DetectorKind K = DetectorKind.EMAIL;

  @Test
  void findsAddressesWithExactBounds() {
    assertThat(found(K, "jane@example.com")).containsExactly("jane@example.com");
    assertThat(found(K, "to <a.b-c_d+e%f@sub.mail.example.org>;"))
        .containsExactly("a.b-c_d+e%f@sub.mail.example.org");
    assertThat(found(K, "x@example.com,y@example.net z@example.io"))
        .containsExactly("x@example.com", "y@example.net", "z@example.io");
    assertThat(found(K, "Jane.Doe@Example.COM")).containsExactly("Jane.Doe@Example.COM");
  }

  @Test
  void trimsPunctuationAroundTheAddress() {
    assertThat(found(K, "mail ops@example.com.")).containsExactly("ops@example.com");
    assertThat(found(K, "..jane@example.com")).containsExactly("jane@example.com");
    assertThat(found(K, "--jane@example.com")).containsExactly("jane@example.com");
    assertThat(found(K, "jane@example.com-")).containsExactly("jane@example.com");
    assertThat(found(K, "jane@example.com..")).containsExactly("jane@example.com");
  }

  @Test
  void rejectsWhatIsNoMailbox() {
    assertThat(found(K, "user@localhost")).isEmpty();
    assertThat(found(K, "@handle foo@ @bar.com")).isEmpty();
    assertThat(found(K, "x@1.2 x@example.c x@example.c0m")).isEmpty();
    assertThat(found(K, "jane.@example.com")).isEmpty();
    assertThat(found(K, "a@example-.com a@.example.com a@example..com")).isEmpty();
    assertThat(found(K, "@")).isEmpty();
    assertThat(found(K, "a@")).isEmpty();
    assertThat(found(K, ".@example.com")).isEmpty();
  }

  @Test
  void topLevelDomainLengthIsBounded() {
    assertThat(found(K, "a@example.co")).containsExactly("a@example.co");
    String tld24 = "abcdefghijklmnopqrstuvwx";
    assertThat(found(K, "a@example." + tld24)).containsExactly("a@example." + tld24);
    assertThat(found(K, "a@example." + tld24 + "y")).isEmpty();
  }

  @Test
  void punycodeTopLevelDomainsOfFiveTo63Characters() {
    assertThat(found(K, "a@corp.xn--zckzah")).containsExactly("a@corp.xn--zckzah");
    assertThat(found(K, "a@corp.XN--ZCKZAH;")).containsExactly("a@corp.XN--ZCKZAH");
    assertThat(found(K, "a@corp.xn--p1ai")).containsExactly("a@corp.xn--p1ai");
    assertThat(found(K, "a@corp.xn--a")).containsExactly("a@corp.xn--a");
    // Trailing dashes are trimmed: what is left ends in the letters-only TLD "xn".
    assertThat(found(K, "a@corp.xn--")).containsExactly("a@corp.xn");
    String tld63 = "xn--" + "a1".repeat(29) + "b";
    assertThat(tld63).hasSize(63);
    assertThat(found(K, "a@corp." + tld63)).containsExactly("a@corp." + tld63);
    assertThat(found(K, "a@corp." + tld63 + "c")).isEmpty();
    assertThat(found(K, "a@corp.xn--abé")).isEmpty();
    assertThat(found(K, "a@corp.xy--ab")).isEmpty();
  }

  @Test
  void anAtSignAtTheStartIsSkipped() {
    assertThat(found(K, "@a x@example.com")).containsExactly("x@example.com");
    assertThat(found(K, "@example.com")).isEmpty();
  }

  @Test
  void nonAsciiLettersAreAddressCharacters() {
    assertThat(found(K, "jürgen@bücher.example")).containsExactly("jürgen@bücher.example");
    assertThat(found(K, "a@пример.рф")).containsExactly("a@пример.рф");
    assertThat(found(K, "a@example.c☃m")).isEmpty();
  }

  @Test
  void localPartIsAtMost64Characters() {
    String local64 = "a".repeat(64);
    assertThat(found(K, local64 + "@example.com")).containsExactly(local64 + "@example.com");
    assertThat(found(K, "b" + local64 + "@example.com")).containsExactly(local64 + "@example.com");
  }

  @Test
  void domainIsAtMost253Characters() {
    String label = "x".repeat(62) + ".";
    String domain253 = label.repeat(3) + "x".repeat(60) + ".com";
    assertThat(domain253).hasSize(253);
    assertThat(found(K, "a@" + domain253 + " ok")).containsExactly("a@" + domain253);
    // Longer: the scan stops at 253 characters, where "co" still ends a label.
    assertThat(found(K, "a@x" + domain253)).containsExactly("a@x" + domain253.substring(0, 252));
  }

  @Test
  void urlUserinfoIsACredentialNotAMailbox() {
    assertThat(found(K, "https://user@example.com/path")).isEmpty();
    assertThat(found(K, "ftp://bob:pw@host.example.com")).isEmpty();
    assertThat(found(K, "see /docs/jane@example.com")).containsExactly("jane@example.com");
    assertThat(found(K, "x:/jane@example.com")).containsExactly("jane@example.com");
    assertThat(found(K, "a//jane@example.com")).containsExactly("jane@example.com");
    assertThat(found(K, "https://host/ jane@example.com")).containsExactly("jane@example.com");
    assertThat(found(K, "https://a@b jane@example.com")).containsExactly("jane@example.com");
  }

  @Test
  void aSecondAtSignStartsANewCandidate() {
    assertThat(found(K, "a@b@example.com")).containsExactly("b@example.com");
    assertThat(found(K, "jane@example.com@example.org")).containsExactly("jane@example.com");
  }
}
