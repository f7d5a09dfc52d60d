package io.mirador.pii.detect;

import static io.mirador.pii.detect.DetectorsTest.found;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthCredentialDetectorTest {
  private static final DetectorKind K = DetectorKind.AUTH_CREDENTIAL;

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void bearerTokensOnlyTheCredential() {
    assertThat(found(K, "Authorization: Bearer abc.def-123_456789xyz"))
        .containsExactly("abc.def-123_456789xyz");
    assertThat(found(K, "bearer\tabcdefghijklmno1;")).containsExactly("abcdefghijklmno1");
    assertThat(found(K, "BEARER   abcdefghij~+/klmnop==")).containsExactly("abcdefghij~+/klmnop==");
    assertThat(found(K, "Bearer aaaaaaaaaaaaaaaa Bearer bbbbbbbbbbbbbbb2"))
        .containsExactly("bbbbbbbbbbbbbbb2");
  }

  @Test
  void bearerNeedsSixteenCharactersWithADigitOrSymbol() {
    assertThat(found(K, "Bearer abcdefghijklmn1")).isEmpty(); // 15
    assertThat(found(K, "Bearer abcdefghijklmno1")).hasSize(1); // 16
    assertThat(found(K, "Bearer abcdefghijklmnopqrstuvwxyz")).isEmpty(); // letters only
    assertThat(found(K, "Bearer abcdefghijklmnop-")).hasSize(1);
    assertThat(found(K, "Bearer abcdefghijklmnopqrstuvw.")).hasSize(1);
    assertThat(found(K, "bearer authentication failed; basic authentication is disabled"))
        .isEmpty();
  }

  @Test
  void keywordMustStandAloneAndBeFollowedByAtMostFourBlanks() {
    assertThat(found(K, "xBearer abcdefghijklmno1")).isEmpty();
    assertThat(found(K, "Bearerabcdefghijklmno1")).isEmpty();
    assertThat(found(K, "Bearer     abcdefghijklmno1")).isEmpty(); // five blanks
    assertThat(found(K, "Bearer    abcdefghijklmno1")).hasSize(1); // four
    assertThat(found(K, "Bearer abcdefghijklmno1é")).isEmpty(); // glued to a word character
    assertThat(found(K, "Beaver abcdefghijklmno1 Bxarer abcdefghijklmno1")).isEmpty();
  }

  @Test
  void basicCredentialsMustDecodeToUserColonPassword() {
    String creds = b64("alice:wonderland");
    assertThat(found(K, "authorization: Basic " + creds)).containsExactly(creds);
    assertThat(found(K, "BASIC " + b64("bob:pw12") + ",")).containsExactly(b64("bob:pw12"));
    assertThat(found(K, "Basic " + b64("no colon here"))).isEmpty();
    assertThat(found(K, "Basic " + b64(":password"))).isEmpty(); // no user
    assertThat(found(K, "Basic " + b64("a:b\u0001c"))).isEmpty(); // control character
    assertThat(found(K, "Basic " + b64("a:\u00e9t\u00e9"))).hasSize(1);
    assertThat(found(K, "Basic " + b64("ab:c").substring(0, 7))).isEmpty(); // < 8 characters
    assertThat(found(K, "Basic " + b64("a:b"))).isEmpty(); // "YTpi": valid, but < 8 characters
    assertThat(found(K, "Basic " + b64("ab:cd"))).containsExactly(b64("ab:cd")); // 8 characters
    assertThat(found(K, "Basic not!base64")).isEmpty();
    assertThat(found(K, "Basic YWJjZGVmZ2hpams*")).isEmpty();
    byte[] latin1 = {'a', ':', (byte) 0xff, (byte) 0xfe, 'x', 'y'};
    assertThat(found(K, "Basic " + Base64.getEncoder().encodeToString(latin1))).isEmpty();
  }

  @Test
  void tokensAreBoundedTo8192Characters() {
    String token = "a1".repeat(5000);
    assertThat(found(K, "Bearer " + token)).isEmpty();
    String ok = "a1".repeat(4096);
    assertThat(found(K, "Bearer " + ok)).containsExactly(ok);
  }

  @Test
  void shortTextsAndKeywordsAtTheEnd() {
    assertThat(found(K, "")).isEmpty();
    assertThat(found(K, "Bearer")).isEmpty();
    assertThat(found(K, "a Bearer ")).isEmpty();
    assertThat(found(K, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")).isEmpty();
  }
}
