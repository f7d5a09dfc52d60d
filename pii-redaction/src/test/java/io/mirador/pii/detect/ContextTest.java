package io.mirador.pii.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ContextTest {
  private static final Set<String> WORDS = Set.of("phone", "ssn", "tel#");

  @Test
  void aWholeWordBeforeInAnyCase() {
    String text = "Phone: 555 0100";
    assertThat(Context.before(text, text.indexOf('5'), WORDS)).isTrue();
    assertThat(Context.before("PHONE 1", 6, WORDS)).isTrue();
    assertThat(Context.before("telephone 1", 10, WORDS)).isFalse();
    assertThat(Context.before("phones 1", 7, WORDS)).isFalse();
    assertThat(Context.before("tel# 1", 5, WORDS)).isTrue();
    assertThat(Context.before("", 0, WORDS)).isFalse();
  }

  @Test
  void theWindowBeforeIs40Characters() {
    String at40 = "phone" + " ".repeat(35);
    assertThat(at40).hasSize(40);
    assertThat(Context.before(at40 + "1", 40, WORDS)).isTrue();
    assertThat(Context.before(" " + at40 + "1", 41, WORDS)).isTrue();
    // The word starts one character before the window: cut, so not a word.
    assertThat(Context.before("phone" + " ".repeat(36) + "1", 41, WORDS)).isFalse();
    assertThat(Context.before("xphone" + " ".repeat(35) + "1", 41, WORDS)).isFalse();
  }

  @Test
  void aWholeWordAfterWithinSixteenCharacters() {
    assertThat(Context.after("1 (phone)", 1, WORDS)).isTrue();
    assertThat(Context.after("1" + " ".repeat(11) + "phone", 1, WORDS)).isTrue();
    // Starts inside the window, ends outside it: still a word.
    assertThat(Context.after("1" + " ".repeat(13) + "phone", 1, WORDS)).isTrue();
    assertThat(Context.after("1" + " ".repeat(16) + "phone", 1, WORDS)).isFalse();
    assertThat(Context.after("1 phonebook", 1, WORDS)).isFalse();
    assertThat(Context.after("1", 1, WORDS)).isFalse();
  }

  @Test
  void wordsLongerThan24LettersAreIgnored() {
    String longWord = "a".repeat(25);
    assertThat(Context.before(longWord + " 1", 26, Set.of(longWord))).isFalse();
    String word24 = "a".repeat(24);
    assertThat(Context.before(word24 + " 1", 25, Set.of(word24))).isTrue();
  }
}
