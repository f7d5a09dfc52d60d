package io.mirador.pii.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A value right after an encoded separator ({@code ?q=from%20192.0.2.10}) holds no encoded
 * character itself. The raw view refuses it (glued to the hex digits {@code 20}), and the decoded
 * view dropped its finding because it "holds no decoded character" and so was assumed to be the raw
 * view's. Found while raising the mutation score; {@link PiiScanner#scan} now drops a decoded
 * finding only when the raw view reported the same original range.
 */
class EncodedNeighbourTest {
  private static List<String> found(String text) {
    Findings f = new Findings();
    PiiScanner.allContextFree().scan(text, f);
    f.sort();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < f.size(); i++) {
      out.add(f.kind(i).configName() + ":" + text.substring(f.start(i), f.end(i)));
    }
    return out;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/p?q=ssn%20123-45-6789|us_ssn:123-45-6789",
        "/p?q=from%20192.0.2.10%20via|ip_address:192.0.2.10",
        "/p?q=%3C192.0.2.10%3E|ip_address:192.0.2.10",
        "/p?q=pay%20GB82WEST12345698765432|iban:GB82WEST12345698765432",
        "/p?q=key%20AKIAIOSFODNN7EXAMPLE|cloud_key:AKIAIOSFODNN7EXAMPLE",
        "q=ssn%3A123-45-6789|us_ssn:123-45-6789",
      })
  void aValueAfterAnEncodedSeparatorIsFound(String text, String finding) {
    assertThat(found(text)).contains(finding);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/p?v=x%20jane@example.com|email:jane@example.com",
        "/p?v=jane%40example.com|email:jane%40example.com",
      })
  void anEscapeBeforeAnAddressIsNotPartOfIt(String text, String finding) {
    assertThat(found(text)).containsExactly(finding);
  }
}
