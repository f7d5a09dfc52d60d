package io.mirador.pii.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DetectorKindTest {
  @Test
  void configNamesAreLowerCaseEnumNamesAndRoundTrip() {
    for (DetectorKind kind : DetectorKind.values()) {
      assertThat(kind.configName()).isEqualTo(kind.name().toLowerCase(java.util.Locale.ROOT));
      assertThat(DetectorKind.fromConfigName(kind.configName())).contains(kind);
    }
    assertThat(DetectorKind.CREDIT_CARD.configName()).isEqualTo("credit_card");
    assertThat(DetectorKind.fromConfigName("EMAIL")).isEmpty();
    assertThat(DetectorKind.fromConfigName("nope")).isEmpty();
  }

  @Test
  void onlySqlLiteralsNeedTheirKey() {
    for (DetectorKind kind : DetectorKind.values()) {
      assertThat(kind.contextFree()).as(kind.name()).isEqualTo(kind != DetectorKind.SQL_LITERAL);
    }
  }
}
