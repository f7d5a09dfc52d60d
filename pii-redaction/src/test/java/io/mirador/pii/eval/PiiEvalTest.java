package io.mirador.pii.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PiiEvalTest {
  @TempDir Path dir;

  /** Synthetic sentences in the presidio-research format: one labelled value each. */
  private static String sample() {
    return """
        [
          {"full_text": "Card 4111111111111111 please", "spans": [
            {"entity_type": "CREDIT_CARD", "entity_value": "4111111111111111", "start_position": 5, "end_position": 21}]},
          {"full_text": "Mail jane@example.com now", "spans": [
            {"entity_type": "EMAIL_ADDRESS", "entity_value": "jane@example.com", "start_position": 5, "end_position": 21},
            {"entity_type": "PERSON", "entity_value": "Mail", "start_position": 0, "end_position": 4}]},
          {"full_text": "IBAN GB82WEST12345698765432.", "spans": [
            {"entity_type": "IBAN_CODE", "entity_value": "GB82WEST12345698765432", "start_position": 5, "end_position": 27}]},
          {"full_text": "SSN 123-45-6789", "spans": [
            {"entity_type": "US_SSN", "entity_value": "123-45-6789", "start_position": 4, "end_position": 15}]},
          {"full_text": "from 192.0.2.1 and (415) 555-0100", "spans": [
            {"entity_type": "IP_ADDRESS", "entity_value": "192.0.2.1", "start_position": 5, "end_position": 14}]},
          {"full_text": "phone 555 0100, unlabelled: jo@example.org", "spans": [
            {"entity_type": "PHONE_NUMBER", "entity_value": "555 0100", "start_position": 6, "end_position": 14}]}
        ]
        """;
  }

  private record Result(int code, String out) {}

  private Result run(Path file) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = PiiEval.run(file, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return new Result(code, bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void printsOneLinePerTypeThenOverall() throws Exception {
    Path file = Files.writeString(dir.resolve("pii.json"), sample());
    Result r = run(file);
    assertThat(r.code()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            "CREDIT_CARD recall=1.000 precision=1.000 n=1",
            "EMAIL_ADDRESS recall=1.000 precision=0.500 n=1",
            "IBAN_CODE recall=1.000 precision=1.000 n=1",
            "US_SSN recall=1.000 precision=1.000 n=1",
            "IP_ADDRESS recall=1.000 precision=1.000 n=1",
            "PHONE_NUMBER recall=1.000 precision=0.500 n=1",
            // 8 merged ranges, 6 on labels: the unlabelled phone and e-mail are not.
            "overall recall=1.000 precision=0.750");
  }

  @Test
  void readsGzip() throws Exception {
    Path file = dir.resolve("pii.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(sample().getBytes(StandardCharsets.UTF_8));
    }
    assertThat(run(file).out()).contains("overall recall=1.000");
  }

  @Test
  void emptyFileOfRecordsReportsNotApplicable() throws Exception {
    Path file = Files.writeString(dir.resolve("empty.json"), "[]");
    Result r = run(file);
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("CREDIT_CARD recall=n/a precision=n/a n=0");
  }

  @Test
  void clearErrorsWithoutStackTraces() throws Exception {
    assertError(dir.resolve("missing.json"), "pii-eval: file not found: ");
    assertError(Files.writeString(dir.resolve("a.json"), "{\"x\": 1}"), "expected a JSON array");
    assertError(
        Files.writeString(dir.resolve("b.json"), "[{\"full_text\": 3}]"),
        "record 0: missing string field full_text");
    assertError(
        Files.writeString(
            dir.resolve("c.json"),
            "[{\"full_text\": \"ab\", \"spans\": "
                + "[{\"entity_type\": \"X\", \"start_position\": 1, \"end_position\": 9}]}]"),
        "record 0: span 0 [1, 9) is outside full_text");
    assertError(
        Files.writeString(dir.resolve("d.json"), "[{\"full_text\": \"ab\", "),
        "pii-eval: malformed JSON");
    assertError(dir, "not a regular file");
  }

  private void assertError(Path file, String message) {
    Result r = run(file);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
