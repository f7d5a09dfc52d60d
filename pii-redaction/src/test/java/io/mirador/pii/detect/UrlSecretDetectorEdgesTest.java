package io.mirador.pii.detect;

import static io.mirador.pii.detect.DetectorsTest.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The limits and delimiters of {@link UrlSecretDetector} that its main test leaves open. */
class UrlSecretDetectorEdgesTest {
  private static final DetectorKind K = DetectorKind.URL_SECRET;

  @Test
  void theAuthorityEndsAtAnglesAndWhitespace() {
    assertThat(found(K, "https://example.com<a@b")).isEmpty();
    assertThat(found(K, "https://example.com a@b")).isEmpty();
    assertThat(found(K, "https://example.com\ta@b")).isEmpty();
    assertThat(found(K, "https://example.com\na@b")).isEmpty();
    assertThat(found(K, "https://u:p@h https://v:q@i")).containsExactly("u:p", "v:q");
  }

  @Test
  void aQuotedValueIsAtMost4095CharactersLong() {
    String longest = "a".repeat(4094);
    assertThat(found(K, "password=\"" + longest + "\" next")).containsExactly(longest);
    String tooLong = "a".repeat(4095);
    assertThat(found(K, "password=\"" + tooLong + "\" next")).isEmpty();
    assertThat(found(K, "{'password': 'x1', 'note': 'y'}")).containsExactly("x1");
    assertThat(found(K, "{'password': 'x1', 'token': 'y2'}")).containsExactly("x1", "y2");
  }

  @Test
  void aValueAfterAnEqualsSignMayStartWithASlash() {
    assertThat(found(K, "token=/abc")).containsExactly("/abc");
    assertThat(found(K, "token:/abc")).isEmpty();
    assertThat(found(K, "token:")).isEmpty();
    assertThat(found(K, "password=   ")).isEmpty();
    assertThat(found(K, "password:x&token:y")).containsExactly("x", "y");
  }

  @Test
  void dottedAndPrefixedNamesUseTheirLastPart() {
    assertThat(found(K, "a.pin=1234")).containsExactly("1234");
    assertThat(found(K, "a.b.pin=1234")).containsExactly("1234");
    assertThat(found(K, "pin.a=1234")).isEmpty();
    assertThat(found(K, "_token=abc")).containsExactly("abc");
    assertThat(found(K, "-secret=abc")).containsExactly("abc");
    assertThat(found(K, "--pin=1234")).containsExactly("1234");
    assertThat(found(K, "--=1234 -x=1")).isEmpty();
    assertThat(found(K, "my.Secret_Key=abc")).containsExactly("abc");
    assertThat(found(K, "ACCESS_KEY=abc")).containsExactly("abc");
  }

  @Test
  void everyColonAndEqualsSignIsLookedAt() {
    // Names after non-secret pairs, URLs and times are still seen.
    assertThat(found(K, "a=1 b:2 12:00 https://h/x?y=1&password=p1 c=3 token: t2"))
        .containsExactly("p1", "t2");
    assertThat(found(K, "x:y:z=1:token=t3")).containsExactly("t3");
    assertThat(found(K, "token=t1=t2&secret=s")).containsExactly("t1=t2", "s");
    assertThat(found(K, "https://h/a:b@c")).isEmpty();
    assertThat(found(K, "see http://user:pw@h:8080/p?secret=s3")).containsExactly("user:pw", "s3");
  }
}
