package io.mirador.pii.eval;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * The module's own labelled corpus, generated from the specifications (card issuer ranges and
 * lengths, national numbering plans, IBAN registry, ...) rather than taken from any data set, plus
 * negatives that look like PII and are not (order ids, timestamps, versions, UUIDs, trace ids,
 * ISBNs). Written in the presidio-research shape so that {@link PiiEval} scores it exactly as it
 * scores the public file.
 */
public final class GeneratedCorpus {
  public static final long DEFAULT_SEED = 20261207L;

  private GeneratedCorpus() {}

  /** Every section, in output order. Each section class owns the specification it cites. */
  static List<CorpusSection> sections() {
    return List.of(
        // One line per section (cards, phones, e-mail, IBAN, SSN, IP, encodings, negatives).
        new CardSection(),
        new EmailSection(),
        new IbanSection(),
        new SsnSection(),
        new IpSection(),
        new PhoneSection(),
        new EncodingSection(),
        new NegativeSection());
  }

  static List<PiiEval.Sample> generate(long seed) {
    RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    CorpusSink sink = new CorpusSink();
    for (CorpusSection section : sections()) {
      section.generate(random, sink);
    }
    return sink.samples();
  }

  /** Writes the corpus for {@code seed} to {@code file} (presidio-research JSON). */
  public static int write(Path file, long seed) throws IOException {
    List<PiiEval.Sample> samples = generate(seed);
    try (JsonGenerator json =
        new JsonFactory().createGenerator(Files.newOutputStream(file), JsonEncoding.UTF8)) {
      json.writeStartArray();
      for (PiiEval.Sample s : samples) {
        json.writeStartObject();
        json.writeStringField("full_text", s.text());
        json.writeArrayFieldStart("spans");
        for (PiiEval.Span span : s.spans()) {
          json.writeStartObject();
          json.writeStringField("entity_type", span.type());
          json.writeNumberField("start_position", span.start());
          json.writeNumberField("end_position", span.end());
          json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    return samples.size();
  }
}
