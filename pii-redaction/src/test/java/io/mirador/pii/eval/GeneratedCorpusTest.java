package io.mirador.pii.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedCorpusTest {
  @TempDir Path dir;

  @Test
  void sameSeedSameCorpusOtherSeedOtherCorpus() {
    List<PiiEval.Sample> a = GeneratedCorpus.generate(7);
    assertThat(GeneratedCorpus.generate(7)).isEqualTo(a);
    assertThat(GeneratedCorpus.generate(8)).isNotEqualTo(a);
    assertThat(a).isNotEmpty();
  }

  @Test
  void everyLabelLiesInsideItsTextHasAKnownTypeAndNoLabelsOverlap() {
    List<PiiEval.Sample> samples = GeneratedCorpus.generate(GeneratedCorpus.DEFAULT_SEED);
    Set<String> typesSeen = new HashSet<>();
    for (PiiEval.Sample s : samples) {
      assertThat(s.text()).isNotEmpty();
      int previousEnd = 0;
      for (PiiEval.Span span : s.spans()) {
        assertThat(PiiEval.TYPES).as("type of %s in %s", span, s.text()).containsKey(span.type());
        assertThat(span.start()).as("%s in %s", span, s.text()).isGreaterThanOrEqualTo(previousEnd);
        assertThat(span.end()).isGreaterThan(span.start()).isLessThanOrEqualTo(s.text().length());
        // A label covers a value, never surrounding blanks.
        String value = s.text().substring(span.start(), span.end());
        assertThat(value).as("label in %s", s.text()).isEqualTo(value.strip());
        previousEnd = span.end();
        typesSeen.add(span.type());
      }
    }
    assertThat(typesSeen).contains("IBAN_CODE");
  }

  @Test
  void everySectionContributesAndNamesAreUnique() {
    Set<String> names = new HashSet<>();
    for (CorpusSection section : GeneratedCorpus.sections()) {
      CorpusSink sink = new CorpusSink();
      section.generate(new java.util.Random(1), sink);
      assertThat(sink.size()).as(section.name()).isPositive();
      assertThat(names.add(section.name())).as("duplicate section %s", section.name()).isTrue();
    }
  }

  @Test
  void writtenFileIsReadBackByPiiEvalUnchanged() throws Exception {
    Path file = dir.resolve("corpus.json");
    int count = GeneratedCorpus.write(file, 3);
    List<PiiEval.Sample> expected = GeneratedCorpus.generate(3);
    assertThat(count).isEqualTo(expected.size());
    PiiEval.Tally tally = PiiEval.evaluate(file);
    long labels = expected.stream().mapToLong(s -> s.spans().size()).sum();
    assertThat(tally.labelledAll).isEqualTo(labels);
  }

  @Test
  void sinkComputesOffsetsAndRejectsEmptyValues() {
    CorpusSink sink = new CorpusSink();
    sink.sample()
        .text("card ")
        .entity("CREDIT_CARD", "4111")
        .text(" and ")
        .entity("US_SSN", "x")
        .add();
    PiiEval.Sample s = sink.samples().getFirst();
    assertThat(s.text()).isEqualTo("card 4111 and x");
    assertThat(s.spans())
        .containsExactly(new PiiEval.Span("CREDIT_CARD", 5, 9), new PiiEval.Span("US_SSN", 14, 15));
    CorpusSink.SampleBuilder builder = sink.sample();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> builder.entity("EMAIL_ADDRESS", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-empty");
    assertThat(sink.size()).isEqualTo(1);
  }
}
