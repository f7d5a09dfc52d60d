package io.mirador.core.service.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.mirador.core.service.api.ProblemException;
import io.mirador.store.SpanQuery;
import io.mirador.store.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of the query API's parameter parsing. Contract: a value, or a 400 (a
 * {@link ProblemException}, or a plain {@link IllegalArgumentException} that the API maps to 400)
 * whose message does not quote the input; never another exception (a {@link NumberFormatException}
 * would be a 400 that echoes the value). Durations and ranges come out non-negative.
 */
class QueryParamsFuzzTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final TenantId TENANT = TenantId.of("acme");

  /** The span search, every parameter fuzzed. */
  // Per input: libFuzzer reports a slower input as a timeout (a hang).
  @Timeout(10)
  @FuzzTest(maxDuration = "90s")
  void spanSearch(FuzzedDataProvider data) {
    SpanSearchParams params = new SpanSearchParams();
    params.from = nullable(data, 40);
    params.to = nullable(data, 40);
    params.service = nullable(data, 20);
    params.operation = nullable(data, 20);
    params.status = nullable(data, 8);
    params.minDuration = nullable(data, 24);
    params.maxDuration = nullable(data, 24);
    params.minDurationText = nullable(data, 24);
    params.maxDurationText = nullable(data, 24);
    params.limit = nullable(data, 12);
    params.cursor = nullable(data, 32);
    int filters = data.consumeInt(0, 18);
    List<String> attr = new ArrayList<>();
    for (int i = 0; i < filters; i++) {
      attr.add(data.consumeString(24));
    }
    params.attr = data.consumeBoolean() ? null : attr;
    List<String> inputs = new ArrayList<>(attr);
    for (String value :
        new String[] {
          params.from,
          params.to,
          params.service,
          params.operation,
          params.status,
          params.minDuration,
          params.maxDuration,
          params.minDurationText,
          params.maxDurationText,
          params.limit,
          params.cursor
        }) {
      if (value != null) {
        inputs.add(value);
      }
    }
    SpanQuery query = badRequestOr(() -> params.query(TENANT, 1000, NOW), inputs);
    if (query != null) {
      assertThat(query.limit()).isBetween(1, 1000);
      assertThat(query.minDurationNanos().orElse(0L)).isNotNegative();
      assertThat(query.maxDurationNanos().orElse(0L)).isNotNegative();
    }
  }

  /** The scalar parsers; the last byte picks one. */
  // Per input: libFuzzer reports a slower input as a timeout (a hang).
  @Timeout(10)
  @FuzzTest(maxDuration = "90s")
  void scalars(FuzzedDataProvider data) {
    int which = data.consumeInt(0, 5);
    String text = data.consumeRemainingAsString();
    switch (which) {
      case 0 -> {
        Duration step = badRequestOr(() -> QueryParams.step(text, Duration.ofMinutes(1)), text);
        if (text.isBlank()) {
          assertThat(step).isEqualTo(Duration.ofMinutes(1));
        }
      }
      case 1 -> {
        Optional<Integer> severity =
            badRequestOr(() -> QueryParams.severity(text, "severity"), text);
        if (severity != null && severity.isPresent()) {
          assertThat(severity.get()).isBetween(1, 24);
        }
      }
      case 2 -> {
        Optional<Long> nanos =
            badRequestOr(() -> QueryParams.durationNanos(text, "minDuration"), text);
        if (nanos != null && nanos.isPresent()) {
          assertThat(nanos.get()).isNotNegative();
        }
      }
      case 3 -> {
        Integer limit = badRequestOr(() -> QueryParams.limit(text, 500), text);
        if (limit != null) {
          assertThat(limit).isBetween(1, 500);
        }
      }
      case 4 -> {
        var range =
            badRequestOr(
                () -> QueryParams.range(text, null, QueryParams.MAX_SEARCH_RANGE, NOW), text);
        if (range != null) {
          assertThat(range.from()).isBefore(range.to());
        }
      }
      default -> {
        Optional<Integer> n = badRequestOr(() -> QueryParams.intBetween(text, "n", -5, 5), text);
        if (n != null && n.isPresent()) {
          assertThat(n.get()).isBetween(-5, 5);
        }
      }
    }
  }

  private static String nullable(FuzzedDataProvider data, int maxLength) {
    return data.consumeBoolean() ? null : data.consumeString(maxLength);
  }

  /** The parsed value, or null after a well-formed 400. */
  private static <T> T badRequestOr(Supplier<T> parse, String input) {
    return badRequestOr(parse, List.of(input));
  }

  private static <T> T badRequestOr(Supplier<T> parse, List<String> inputs) {
    try {
      return parse.get();
    } catch (ProblemException e) {
      assertThat(e.status()).isEqualTo(400);
      assertMessage(e.getMessage(), inputs);
    } catch (IllegalArgumentException e) {
      assertThat(e.getClass())
          .as("an unexpected %s", e.getClass().getName())
          .isEqualTo(IllegalArgumentException.class);
      assertMessage(e.getMessage(), inputs);
    }
    return null;
  }

  private static void assertMessage(String message, List<String> inputs) {
    assertThat(message).isNotBlank();
    for (String input : inputs) {
      if (input.strip().length() >= 8) {
        assertThat(message).as("the message quotes the input").doesNotContain(input.strip());
      }
    }
  }
}
