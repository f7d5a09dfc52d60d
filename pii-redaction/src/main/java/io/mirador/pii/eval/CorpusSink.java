package io.mirador.pii.eval;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the generated corpus's samples in the presidio-research record shape that {@link
 * PiiEval} reads. Compose one sample with {@link #sample()}:
 *
 * <pre>{@code
 * sink.sample().text("charged card ").entity("CREDIT_CARD", "4111 1111 1111 1111").text(" ok").add();
 * sink.sample().text("order 2026-01-31T10:00:00Z id 8f14e45f").add(); // a negative: no labels
 * }</pre>
 */
final class CorpusSink {
  private final List<PiiEval.Sample> samples = new ArrayList<>();

  /** Starts a new sample; nothing is kept until {@link SampleBuilder#add()}. */
  SampleBuilder sample() {
    return new SampleBuilder();
  }

  List<PiiEval.Sample> samples() {
    return List.copyOf(samples);
  }

  int size() {
    return samples.size();
  }

  /** Text with labelled parts; the labels' offsets are computed as the text is appended. */
  final class SampleBuilder {
    private final StringBuilder text = new StringBuilder();
    private final List<PiiEval.Span> spans = new ArrayList<>();

    private SampleBuilder() {}

    SampleBuilder text(String plain) {
      text.append(requireNonNull(plain, "plain"));
      return this;
    }

    /** Appends {@code value} labelled as {@code entityType} (a {@link PiiEval#TYPES} key). */
    SampleBuilder entity(String entityType, String value) {
      requireNonNull(entityType, "entityType");
      if (requireNonNull(value, "value").isEmpty()) {
        throw new IllegalArgumentException("an entity needs a non-empty value");
      }
      int start = text.length();
      text.append(value);
      spans.add(new PiiEval.Span(entityType, start, text.length()));
      return this;
    }

    void add() {
      samples.add(new PiiEval.Sample(text.toString(), List.copyOf(spans)));
    }
  }
}
