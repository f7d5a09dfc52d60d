package io.mirador.pii.detect;

import static io.mirador.pii.detect.DetectorsTest.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UsSsnDetectorTest {
  private static final DetectorKind K = DetectorKind.US_SSN;

  @Test
  void dashedAndSpacedAnywhere() {
    assertThat(found(K, "123-45-6789")).containsExactly("123-45-6789");
    assertThat(found(K, "id 123 45 6789, ok")).containsExactly("123 45 6789");
    assertThat(found(K, "a 123-45-6789 b 234-56-7890 c"))
        .containsExactly("123-45-6789", "234-56-7890");
  }

  @Test
  void lowestAndHighestAssignableParts() {
    assertThat(found(K, "001-01-0001")).containsExactly("001-01-0001");
    assertThat(found(K, "665-99-9999")).containsExactly("665-99-9999");
    assertThat(found(K, "667-01-0001")).containsExactly("667-01-0001");
    assertThat(found(K, "899-99-9999")).containsExactly("899-99-9999");
    assertThat(found(K, "078-05-1121 078-06-1120 077-05-1120 219-09-9998 219-08-9999")).hasSize(5);
  }

  @Test
  void numbersTheSsaNeverAssignsAreNotSsns() {
    assertThat(found(K, "000-12-3456")).isEmpty();
    assertThat(found(K, "666-12-3456")).isEmpty();
    assertThat(found(K, "900-12-3456")).isEmpty();
    assertThat(found(K, "999-12-3456")).isEmpty();
    assertThat(found(K, "123-00-4567")).isEmpty();
    assertThat(found(K, "123-45-0000")).isEmpty();
    assertThat(found(K, "078-05-1120")).isEmpty();
    assertThat(found(K, "219-09-9999")).isEmpty();
  }

  @Test
  void bareNineDigitsOnlyAfterAContextWord() {
    assertThat(found(K, "SSN: 123456789")).containsExactly("123456789");
    assertThat(found(K, "ssns 123456789")).containsExactly("123456789");
    assertThat(found(K, "social 123456789")).containsExactly("123456789");
    assertThat(found(K, "Security: 123456789")).containsExactly("123456789");
    assertThat(found(K, "ss# 123456789")).containsExactly("123456789");
    assertThat(found(K, "id 123456789")).isEmpty();
    assertThat(found(K, "ssn 12345678")).isEmpty();
    assertThat(found(K, "ssn 1234567890")).isEmpty();
    assertThat(found(K, "ssn 000456789")).isEmpty();
    assertThat(found(K, "ssn 123456789x")).isEmpty();
    assertThat(found(K, "ssn 123456789.5")).isEmpty();
    // The word must be within the 40 characters before the number.
    assertThat(found(K, "ssn" + " ".repeat(36) + "123456789")).hasSize(1);
    assertThat(found(K, "ssn" + " ".repeat(40) + "123456789")).isEmpty();
  }

  @Test
  void gluedToOtherDigitsOrWordsIsNoSsn() {
    assertThat(found(K, "1123-45-6789 123-45-67890 123-45 6789")).isEmpty();
    assertThat(found(K, "x123-45-6789 123-45-6789y")).isEmpty();
    assertThat(found(K, "1.123-45-6789")).isEmpty();
    assertThat(found(K, "123-45-6789-1")).isEmpty();
    assertThat(found(K, "123-45-6789.")).containsExactly("123-45-6789");
  }

  @Test
  void aThreeTwoFourWindowThatIsATokenOfItsOwnInsideALongerRun() {
    // A date then an SSN: the separators differ, so the SSN is a token of its own.
    assertThat(found(K, "123-45-6789 2026-01-31")).containsExactly("123-45-6789");
    assertThat(found(K, "12 123-45-6789")).containsExactly("123-45-6789");
    // A uniform run longer than an SSN is not cut into one (an id such as 12 123 45 6789).
    assertThat(found(K, "12 123 45 6789")).isEmpty();
    assertThat(found(K, "123 45 6789 12")).isEmpty();
    assertThat(found(K, "123-45-6789-12")).isEmpty();
  }

  @Test
  void aListOfSsnsLongerThanOneRecordedSliceIsReadToItsEnd() {
    String[] ssns = {
      "123-45-6789",
      "234-56-7890",
      "345-67-8901",
      "456-78-9012",
      "567-89-0123",
      "678-90-1234",
      "701-23-4567"
    };
    String text = "ssns: " + String.join(" ", ssns) + " end";
    assertThat(found(K, text)).containsExactly(ssns);
    assertThat(found(K, "078-05-1121 078-06-1120 077-05-1120 219-09-9998 219-08-9999"))
        .containsExactly("078-05-1121", "078-06-1120", "077-05-1120", "219-09-9998", "219-08-9999");
    // Long runs of other numbers around one SSN.
    String noise = "1 ".repeat(30);
    assertThat(found(K, noise + "123-45-6789 " + noise)).containsExactly("123-45-6789");
    assertThat(found(K, "12-".repeat(30) + "1 123-45-6789")).containsExactly("123-45-6789");
    assertThat(found(K, "1".repeat(40) + " 123-45-6789")).containsExactly("123-45-6789");
    assertThat(found(K, "1 ".repeat(30) + "123 45 6789")).isEmpty();
  }

  @Test
  void slicingNeverChangesTheAnswerWhereverTheSsnFallsInTheRun() {
    // Every offset puts the SSN somewhere else relative to the bounded slices.
    for (int k = 0; k <= 16; k++) {
      for (int m = 0; m <= 16; m++) {
        String before = "1 ".repeat(k);
        String after = " 1".repeat(m);
        assertThat(found(K, before + "123-45-6789" + after))
            .as("k=%d m=%d", k, m)
            .containsExactly("123-45-6789");
        // Spaced: an SSN only when it is the whole run (a uniform run is not cut).
        assertThat(found(K, before + "123 45 6789" + after))
            .as("k=%d m=%d", k, m)
            .hasSize(k == 0 && m == 0 ? 1 : 0);
        assertThat(found(K, "12-".repeat(k) + "1 123-45-6789" + after))
            .as("k=%d m=%d", k, m)
            .containsExactly("123-45-6789");
        assertThat(found(K, "ssn " + before.replace(' ', '-') + "123456789"))
            .as("k=%d", k)
            .hasSize(k == 0 ? 1 : 0);
      }
    }
  }
}
