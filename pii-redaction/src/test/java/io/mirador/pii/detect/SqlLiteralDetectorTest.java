package io.mirador.pii.detect;

import static io.mirador.pii.detect.DetectorsTest.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlLiteralDetectorTest {
  private static final DetectorKind K = DetectorKind.SQL_LITERAL;

  @Test
  void stringAndNumericLiterals() {
    String sql =
        "SELECT * FROM t1 WHERE email = 'a@example.com' AND id = 42 AND x IN (1.5, -3e2)"
            + " AND name = 'O''Brien' AND col = $1 -- 'comment'\n AND \"Col9\" = 0x1F";
    assertThat(found(K, sql))
        .containsExactly("'a@example.com'", "42", "1.5", "3e2", "'O''Brien'", "0x1F");
  }

  @Test
  void prefixedStringsAndEscapes() {
    assertThat(found(K, "x = E'a\\'b' AND y = N'z' AND z = X'0F' AND b = B'01' AND e = e'q'"))
        .containsExactly("E'a\\'b'", "N'z'", "X'0F'", "B'01'", "e'q'");
    assertThat(found(K, "x = n'z' AND y = x'0f' AND z = b'1'"))
        .containsExactly("n'z'", "x'0f'", "b'1'");
    // A letter that ends an identifier is no prefix.
    assertThat(found(K, "WHERE colE'a'")).containsExactly("'a'");
    assertThat(found(K, "WHERE c = Q'a'")).containsExactly("'a'");
    assertThat(found(K, "'x'")).containsExactly("'x'");
    assertThat(found(K, "SELECT 'unterminated")).containsExactly("'unterminated");
    assertThat(found(K, "SELECT 'ends with backslash\\")).containsExactly("'ends with backslash\\");
    assertThat(found(K, "SELECT ''")).containsExactly("''");
  }

  @Test
  void numbers() {
    assertThat(found(K, "a = 1e10 AND b = 2E-3 AND c = 4e+5 AND e = .5"))
        .containsExactly("1e10", "2E-3", "4e+5", ".5");
    // An exponent without digits leaves a number glued to a word: an identifier.
    assertThat(found(K, "d = 5e AND f = 6e-")).isEmpty();
    assertThat(found(K, "x = 0X1f AND y = 0x")).containsExactly("0X1f", "0x");
    assertThat(found(K, "x = 1.2.3")).containsExactly("1.2.3");
    assertThat(found(K, "x=7")).containsExactly("7");
    assertThat(found(K, "LIMIT 10")).containsExactly("10");
  }

  @Test
  void identifiersAndPlaceholdersAreNotLiterals() {
    assertThat(found(K, "SELECT a FROM b WHERE c = ?")).isEmpty();
    assertThat(found(K, "SELECT t1.c2, $1, _3 FROM s9")).isEmpty();
    assertThat(found(K, "SELECT 12abc FROM x")).isEmpty();
    assertThat(found(K, "SELECT 12$ FROM x")).isEmpty();
    assertThat(found(K, "SELECT \"a 'b' 1\", `c 'd' 2` FROM x")).isEmpty();
    assertThat(found(K, "SELECT \"unterminated 'x' 1")).isEmpty();
    assertThat(found(K, "SELECT `unterminated 'x' 1")).isEmpty();
    assertThat(found(K, "SELECT é1 FROM x")).isEmpty();
    assertThat(found(K, ".x")).isEmpty();
  }

  @Test
  void commentsAreSkipped() {
    assertThat(found(K, "SELECT 1 -- 'a' 2\n, 3")).containsExactly("1", "3");
    assertThat(found(K, "SELECT 1 -- 'a' 2")).containsExactly("1");
    assertThat(found(K, "SELECT /* 'a' 2 */ 3")).containsExactly("3");
    assertThat(found(K, "SELECT /* 'a' 2")).isEmpty();
    assertThat(found(K, "SELECT 4 - 5 / 6")).containsExactly("4", "5", "6");
    assertThat(found(K, "a-")).isEmpty();
    assertThat(found(K, "a/")).isEmpty();
  }
}
