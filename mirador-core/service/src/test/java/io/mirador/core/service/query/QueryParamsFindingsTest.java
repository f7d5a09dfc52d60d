package io.mirador.core.service.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.core.service.api.ProblemException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Inputs that broke {@link QueryParams}'s contract (a value or a 400 that does not echo them). */
class QueryParamsFindingsTest {
  /** Fuzzing input QueryParamsFuzzTestInputs/scalars/severity-twelve-digits. */
  @Test
  void aSeverityWithMoreDigitsThanAnIntIsABadRequest() {
    assertThatThrownBy(() -> QueryParams.severity("555555555555", "severity"))
        .isExactlyInstanceOf(ProblemException.class)
        .hasMessageContaining("from 1 to 24")
        .hasMessageNotContaining("555555555555");
    assertThat(QueryParams.severity("17", "severity")).contains(17);
  }

  /** Found reviewing the fuzz target: 999999999999h is 3.6e24 ns, beyond a long. */
  @Test
  void aSpanDurationBeyondALongIsABadRequestNotANegativeBound() {
    assertThatThrownBy(() -> QueryParams.durationNanos("999999999999h", "minDuration"))
        .isExactlyInstanceOf(ProblemException.class)
        .hasMessageContaining("minDuration");
    assertThat(QueryParams.durationNanos("2562047h", "minDuration"))
        .contains(2_562_047L * 3_600_000_000_000L);
  }

  /** Found reviewing the fuzz target: the default from, an hour before Instant.MIN. */
  @Test
  void aToAtTheEarliestInstantIsABadRequest() {
    assertThatThrownBy(
            () ->
                QueryParams.range(
                    null,
                    "-1000000000-01-01T00:00:00Z",
                    QueryParams.MAX_SEARCH_RANGE,
                    Instant.parse("2026-06-01T00:00:00Z")))
        .isExactlyInstanceOf(ProblemException.class)
        .hasMessage("from must be before to");
  }
}
