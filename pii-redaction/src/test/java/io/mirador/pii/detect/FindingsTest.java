package io.mirador.pii.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FindingsTest {
  @Test
  void addGrowsAndKeepsEveryField() {
    Findings f = new Findings();
    assertThat(f.isEmpty()).isTrue();
    for (int i = 0; i < 10; i++) {
      f.add(i * 10, i * 10 + 5, DetectorKind.values()[i % DetectorKind.values().length]);
    }
    assertThat(f.size()).isEqualTo(10);
    assertThat(f.isEmpty()).isFalse();
    for (int i = 0; i < 10; i++) {
      assertThat(f.start(i)).isEqualTo(i * 10);
      assertThat(f.end(i)).isEqualTo(i * 10 + 5);
      assertThat(f.kind(i)).isEqualTo(DetectorKind.values()[i % DetectorKind.values().length]);
    }
  }

  @Test
  void rejectsEmptyAndNegativeRanges() {
    Findings f = new Findings();
    assertThatThrownBy(() -> f.add(3, 3, DetectorKind.EMAIL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("empty or negative range [3, 3)");
    assertThatThrownBy(() -> f.add(4, 3, DetectorKind.EMAIL))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> f.add(-1, 3, DetectorKind.EMAIL))
        .isInstanceOf(IllegalArgumentException.class);
    f.add(0, 1, DetectorKind.EMAIL);
    assertThat(f.size()).isEqualTo(1);
  }

  @Test
  void indexesAreChecked() {
    Findings f = new Findings();
    f.add(0, 1, DetectorKind.JWT);
    assertThatThrownBy(() -> f.start(1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> f.end(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> f.kind(1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> f.remove(1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(f.start(0)).isZero();
  }

  @Test
  void clearEmptiesForReuse() {
    Findings f = new Findings();
    f.add(0, 1, DetectorKind.JWT);
    f.add(1, 2, DetectorKind.JWT);
    f.clear();
    assertThat(f.size()).isZero();
    assertThat(f.isEmpty()).isTrue();
    assertThatThrownBy(() -> f.kind(0)).isInstanceOf(IndexOutOfBoundsException.class);
    f.add(5, 6, DetectorKind.IBAN);
    assertThat(f.toString()).isEqualTo("Findings[iban@5-6]");
  }

  @Test
  void removeKeepsTheOrderOfTheOthers() {
    Findings f = new Findings();
    f.add(0, 1, DetectorKind.EMAIL);
    f.add(2, 3, DetectorKind.IBAN);
    f.add(4, 5, DetectorKind.JWT);
    f.add(6, 7, DetectorKind.PHONE);
    f.remove(1);
    assertThat(f.toString()).isEqualTo("Findings[email@0-1, jwt@4-5, phone@6-7]");
    f.remove(2);
    assertThat(f.toString()).isEqualTo("Findings[email@0-1, jwt@4-5]");
    f.remove(0);
    assertThat(f.toString()).isEqualTo("Findings[jwt@4-5]");
    assertThat(f.size()).isEqualTo(1);
  }

  @Test
  void sortsByStartThenEnd() {
    Findings f = new Findings();
    f.add(5, 9, DetectorKind.EMAIL);
    f.add(1, 4, DetectorKind.IBAN);
    f.add(5, 6, DetectorKind.JWT);
    f.add(0, 2, DetectorKind.PHONE);
    f.add(5, 7, DetectorKind.US_SSN);
    f.add(1, 3, DetectorKind.CLOUD_KEY);
    f.sort();
    assertThat(f.toString())
        .isEqualTo("Findings[phone@0-2, cloud_key@1-3, iban@1-4, jwt@5-6, us_ssn@5-7, email@5-9]");
    f.sort();
    assertThat(f.toString())
        .isEqualTo("Findings[phone@0-2, cloud_key@1-3, iban@1-4, jwt@5-6, us_ssn@5-7, email@5-9]");
    assertThat(new Findings().toString()).isEqualTo("Findings[]");
  }
}
