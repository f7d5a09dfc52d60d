package io.mirador.pii.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorsTest {

  /** The substrings a detector reports. */
  static List<String> found(DetectorKind kind, String text) {
    Findings f = new Findings();
    Detectors.of(kind).detect(text, f);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < f.size(); i++) {
      assertThat(f.kind(i)).isEqualTo(kind);
      out.add(text.substring(f.start(i), f.end(i)));
    }
    return out;
  }

  @Test
  void email() {
    assertThat(found(DetectorKind.EMAIL, "mail jane.doe+tag@mail.example.com, then"))
        .containsExactly("jane.doe+tag@mail.example.com");
    assertThat(found(DetectorKind.EMAIL, "a@example.org b@example.net"))
        .containsExactly("a@example.org", "b@example.net");
    assertThat(found(DetectorKind.EMAIL, "end: ops@example.com."))
        .containsExactly("ops@example.com");
    assertThat(found(DetectorKind.EMAIL, "user@localhost @handle foo@ @bar.com x@1.2")).isEmpty();
  }

  @Test
  void creditCard() {
    assertThat(found(DetectorKind.CREDIT_CARD, "card 4111111111111111 ok"))
        .containsExactly("4111111111111111");
    assertThat(found(DetectorKind.CREDIT_CARD, "4111 1111 1111 1111")).hasSize(1);
    assertThat(found(DetectorKind.CREDIT_CARD, "5555-5555-5555-4444")).hasSize(1);
    assertThat(found(DetectorKind.CREDIT_CARD, "amex 378282246310005")).hasSize(1);
    assertThat(found(DetectorKind.CREDIT_CARD, "4111 1111 1111 1111 123"))
        .containsExactly("4111 1111 1111 1111");
    // Fails Luhn: an order id, not a card.
    assertThat(found(DetectorKind.CREDIT_CARD, "order 4111111111111112")).isEmpty();
    // Luhn-valid but no scheme starts with 1 or 9.
    assertThat(found(DetectorKind.CREDIT_CARD, "id 1000000000000008")).isEmpty();
    // Glued to a word or to more digits.
    assertThat(found(DetectorKind.CREDIT_CARD, "x4111111111111111 41111111111111110")).isEmpty();
    // Mixed separators.
    assertThat(found(DetectorKind.CREDIT_CARD, "4111-1111 1111-1111")).isEmpty();
  }

  @Test
  void iban() {
    assertThat(found(DetectorKind.IBAN, "pay GB82WEST12345698765432 now"))
        .containsExactly("GB82WEST12345698765432");
    assertThat(found(DetectorKind.IBAN, "DE89 3704 0044 0532 0130 00"))
        .containsExactly("DE89 3704 0044 0532 0130 00");
    assertThat(found(DetectorKind.IBAN, "gb82west12345698765432")).hasSize(1);
    assertThat(found(DetectorKind.IBAN, "GB83WEST12345698765432")).isEmpty(); // checksum
    assertThat(found(DetectorKind.IBAN, "GB82WEST1234569876543")).isEmpty(); // length
    assertThat(found(DetectorKind.IBAN, "ZZ82WEST12345698765432")).isEmpty(); // country
  }

  @Test
  void usSsn() {
    assertThat(found(DetectorKind.US_SSN, "ssn 123-45-6789.")).containsExactly("123-45-6789");
    assertThat(found(DetectorKind.US_SSN, "123 45 6789")).hasSize(1);
    assertThat(found(DetectorKind.US_SSN, "SSN: 123456789")).hasSize(1);
    assertThat(found(DetectorKind.US_SSN, "id 123456789")).isEmpty();
    assertThat(
            found(
                DetectorKind.US_SSN,
                "000-12-3456 666-12-3456 900-12-3456 123-00-4567 123-45-0000 078-05-1120"))
        .isEmpty();
    assertThat(found(DetectorKind.US_SSN, "1123-45-6789 123-45-67890 123-45 6789")).isEmpty();
  }

  @Test
  void phone() {
    assertThat(found(DetectorKind.PHONE, "call +1 415 555 0100 now"))
        .containsExactly("+1 415 555 0100");
    assertThat(found(DetectorKind.PHONE, "+4915112345678")).hasSize(1);
    assertThat(found(DetectorKind.PHONE, "(415) 555-0100")).hasSize(1);
    assertThat(found(DetectorKind.PHONE, "415.555.0100 x1234"))
        .containsExactly("415.555.0100 x1234");
    assertThat(found(DetectorKind.PHONE, "001-415-555-0100")).hasSize(1);
    assertThat(found(DetectorKind.PHONE, "020 7946 0958")).hasSize(1);
    assertThat(found(DetectorKind.PHONE, "01.23.45.67.89")).hasSize(1);
    // Weak shapes need a phone word.
    assertThat(found(DetectorKind.PHONE, "took 555 0100 ms")).isEmpty();
    assertThat(found(DetectorKind.PHONE, "phone: 555 0100")).containsExactly("555 0100");
    assertThat(found(DetectorKind.PHONE, "4155550100 fax")).hasSize(1);
    assertThat(found(DetectorKind.PHONE, "ts=1700000000")).isEmpty();
    // Not phones: dates, times, dotted quads, versions, decimals, ordinary numbers.
    assertThat(
            found(
                DetectorKind.PHONE,
                "2024-01-31 12:30:45, 31.01.2024, 192.0.2.1, v1.2.3, 3.14159, 42, 123456"))
        .isEmpty();
  }

  @Test
  void ipAddress() {
    assertThat(found(DetectorKind.IP_ADDRESS, "from 192.0.2.10:8080 and 198.51.100.7."))
        .containsExactly("192.0.2.10", "198.51.100.7");
    assertThat(found(DetectorKind.IP_ADDRESS, "ip:203.0.113.5")).containsExactly("203.0.113.5");
    assertThat(
            found(
                DetectorKind.IP_ADDRESS, "2001:db8::1 and 2001:0db8:0000:0000:0000:ff00:0042:8329"))
        .containsExactly("2001:db8::1", "2001:0db8:0000:0000:0000:ff00:0042:8329");
    assertThat(found(DetectorKind.IP_ADDRESS, "::ffff:192.0.2.128")).hasSize(1);
    assertThat(found(DetectorKind.IP_ADDRESS, "[fe80::1ff:fe23:4567:890a]")).hasSize(1);
    assertThat(
            found(
                DetectorKind.IP_ADDRESS,
                "v1.2.3.4.5 256.1.1.1 12:30:45 00:1a:2b:3c:4d:5e std::vector :: a1.2.3.4"))
        .isEmpty();
  }

  @Test
  void jwt() {
    String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEyMyJ9.c2lnbmF0dXJlLW5vdC1yZWFsLWF0LWFsbA";
    assertThat(found(DetectorKind.JWT, "token=" + jwt + ";")).containsExactly(jwt);
    assertThat(found(DetectorKind.JWT, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")).hasSize(1);
    assertThat(found(DetectorKind.JWT, "eyJhbGci only, xeyJhbGciOiJI.eyJzdWIi.sig")).isEmpty();
  }

  @Test
  void authCredential() {
    assertThat(found(DetectorKind.AUTH_CREDENTIAL, "Authorization: Bearer abc.def-123_456789xyz"))
        .containsExactly("abc.def-123_456789xyz");
    // "alice:wonderland" in base64.
    assertThat(found(DetectorKind.AUTH_CREDENTIAL, "authorization: Basic YWxpY2U6d29uZGVybGFuZA=="))
        .containsExactly("YWxpY2U6d29uZGVybGFuZA==");
    assertThat(
            found(
                DetectorKind.AUTH_CREDENTIAL,
                "bearer authentication failed; basic authentication is disabled"))
        .isEmpty();
  }

  @Test
  void cloudKey() {
    assertThat(found(DetectorKind.CLOUD_KEY, "key AKIAIOSFODNN7EXAMPLE used"))
        .containsExactly("AKIAIOSFODNN7EXAMPLE");
    assertThat(found(DetectorKind.CLOUD_KEY, "ghp_" + "a".repeat(36))).hasSize(1);
    assertThat(found(DetectorKind.CLOUD_KEY, "xoxb-1234567890-abcdefghij")).hasSize(1);
    assertThat(found(DetectorKind.CLOUD_KEY, "AccountName=x;AccountKey=" + "A".repeat(86) + "==;"))
        .containsExactly("A".repeat(86) + "==");
    assertThat(found(DetectorKind.CLOUD_KEY, "AKIA short, XAKIAIOSFODNN7EXAMPLE")).isEmpty();
  }

  @Test
  void privateKey() {
    String block =
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----";
    assertThat(found(DetectorKind.PRIVATE_KEY, "key:\n" + block + "\nafter"))
        .containsExactly(block);
    assertThat(found(DetectorKind.PRIVATE_KEY, "-----BEGIN PRIVATE KEY-----\nMIIE truncated"))
        .containsExactly("-----BEGIN PRIVATE KEY-----\nMIIE truncated");
    assertThat(found(DetectorKind.PRIVATE_KEY, "-----BEGIN CERTIFICATE-----\nMIIB\n")).isEmpty();
  }

  @Test
  void urlSecret() {
    assertThat(found(DetectorKind.URL_SECRET, "GET https://bob:hunter2@db.example.com/x"))
        .containsExactly("bob:hunter2");
    assertThat(
            found(
                DetectorKind.URL_SECRET,
                "/cb?code=200&access_token=abc123&api_key=k-9&page=2&password=p%40ss"))
        .containsExactly("abc123", "k-9", "p%40ss");
    assertThat(found(DetectorKind.URL_SECRET, "{\"password\": \"s3cr3t\", \"user\": \"x\"}"))
        .containsExactly("s3cr3t");
    assertThat(found(DetectorKind.URL_SECRET, "--db_password=xyz X-Amz-Signature=abcdef"))
        .containsExactly("xyz", "abcdef");
    assertThat(found(DetectorKind.URL_SECRET, "https://example.com/a?page=2&sort=asc key=value"))
        .isEmpty();
  }

  @Test
  void sqlLiteral() {
    String sql =
        "SELECT * FROM t1 WHERE email = 'a@example.com' AND id = 42 AND x IN (1.5, -3e2)"
            + " AND name = 'O''Brien' AND col = $1 -- 'comment'\n AND \"Col9\" = 0x1F";
    assertThat(found(DetectorKind.SQL_LITERAL, sql))
        .containsExactly("'a@example.com'", "42", "1.5", "3e2", "'O''Brien'", "0x1F");
    assertThat(found(DetectorKind.SQL_LITERAL, "SELECT 'unterminated"))
        .containsExactly("'unterminated");
    assertThat(found(DetectorKind.SQL_LITERAL, "SELECT a FROM b WHERE c = ?")).isEmpty();
  }

  @Test
  void everyKindHasADetector() {
    for (DetectorKind kind : DetectorKind.values()) {
      assertThat(Detectors.of(kind).kind()).isEqualTo(kind);
    }
  }
}
