package io.mirador.pii.eval;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirador.pii.detect.DetectorKind;
import io.mirador.pii.detect.Findings;
import io.mirador.pii.detect.PiiScanner;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * {@code mirador pii-eval FILE}: runs the context-free detectors on every {@code full_text} of a
 * presidio-research style file ({@code [{full_text, spans:[{entity_type, start_position,
 * end_position}]}]}, plain or gzip) and prints recall and precision per structured entity type.
 *
 * <p>The detectors run through {@link PiiScanner}, as in the redactor: on the text and on its
 * decoded view (percent-encoding, escapes, HTML references), with loopback addresses not personal.
 *
 * <p>Recall: share of labelled spans of the type that are fully covered by redacted ranges (of any
 * detector). Precision: share of the ranges a type's detector redacted that overlap any labelled
 * span. The overall line uses every detector's ranges merged where they overlap.
 */
public final class PiiEval {
  /** Entity types reported, in output order, and the detector that stands for each. */
  static final Map<String, DetectorKind> TYPES = types();

  private static final int EXIT_OK = 0;
  private static final int EXIT_BAD_INPUT = 2;

  private PiiEval() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: mirador pii-eval FILE");
      System.exit(EXIT_BAD_INPUT);
    }
    System.exit(run(Path.of(args[0]), System.out, System.err));
  }

  /** Runs the evaluation; errors go to {@code out} as well. Returns the process exit code. */
  public static int run(Path file, PrintStream out) {
    return run(file, out, out);
  }

  static int run(Path file, PrintStream out, PrintStream err) {
    Tally tally;
    try {
      tally = evaluate(file);
    } catch (NoSuchFileException e) {
      err.println("pii-eval: file not found: " + file);
      return EXIT_BAD_INPUT;
    } catch (MalformedInput e) {
      err.println("pii-eval: malformed input " + file + ": " + e.getMessage());
      return EXIT_BAD_INPUT;
    } catch (JsonProcessingException e) {
      err.println("pii-eval: malformed JSON in " + file + ": " + e.getOriginalMessage());
      return EXIT_BAD_INPUT;
    } catch (IOException e) {
      err.println("pii-eval: cannot read " + file + ": " + e.getMessage());
      return EXIT_BAD_INPUT;
    }
    for (Map.Entry<String, DetectorKind> type : TYPES.entrySet()) {
      Tally.Counts c = tally.perType.get(type.getKey());
      out.println(
          type.getKey()
              + " recall="
              + ratio(c.covered, c.labelled)
              + " precision="
              + ratio(c.precise, c.detected)
              + " n="
              + c.labelled);
    }
    out.println(
        "overall recall="
            + ratio(tally.coveredAll, tally.labelledAll)
            + " precision="
            + ratio(tally.preciseMerged, tally.merged));
    return EXIT_OK;
  }

  static String ratio(long num, long den) {
    return den == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", (double) num / den);
  }

  static Tally evaluate(Path file) throws IOException {
    if (!Files.isRegularFile(file) && Files.exists(file)) {
      throw new MalformedInput("not a regular file");
    }
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxStringLength(10_000_000)
                    .maxNestingDepth(64)
                    .build())
            .build();
    ObjectMapper mapper = new ObjectMapper(factory);
    Tally tally = new Tally();
    try (InputStream in = open(file);
        JsonParser parser = factory.createParser(in)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new MalformedInput("expected a JSON array of records");
      }
      int index = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        if (parser.currentToken() == null) {
          throw new MalformedInput("unexpected end of file after record " + index);
        }
        JsonNode node = mapper.readTree(parser);
        tally.add(Sample.parse(node, index));
        index++;
      }
    }
    return tally;
  }

  private static InputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file));
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    return (b1 == 0x1f && b2 == 0x8b) ? new GZIPInputStream(in) : in;
  }

  private static Map<String, DetectorKind> types() {
    Map<String, DetectorKind> m = new java.util.LinkedHashMap<>();
    m.put("CREDIT_CARD", DetectorKind.CREDIT_CARD);
    m.put("EMAIL_ADDRESS", DetectorKind.EMAIL);
    m.put("IBAN_CODE", DetectorKind.IBAN);
    m.put("US_SSN", DetectorKind.US_SSN);
    m.put("IP_ADDRESS", DetectorKind.IP_ADDRESS);
    m.put("PHONE_NUMBER", DetectorKind.PHONE);
    return java.util.Collections.unmodifiableMap(m);
  }

  /** Input that is valid JSON but not in the expected format. */
  static final class MalformedInput extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedInput(String message) {
      super(message);
    }
  }

  /** A labelled span. */
  record Span(String type, int start, int end) {}

  /** One record of the file. */
  record Sample(String text, List<Span> spans) {
    static Sample parse(JsonNode node, int index) throws MalformedInput {
      String where = "record " + index + ": ";
      if (!node.isObject()) {
        throw new MalformedInput(where + "not an object");
      }
      JsonNode text = node.get("full_text");
      if (text == null || !text.isTextual()) {
        throw new MalformedInput(where + "missing string field full_text");
      }
      JsonNode spans = node.get("spans");
      if (spans == null || !spans.isArray()) {
        throw new MalformedInput(where + "missing array field spans");
      }
      String t = text.asText();
      List<Span> out = new ArrayList<>(spans.size());
      for (int k = 0; k < spans.size(); k++) {
        JsonNode s = spans.get(k);
        JsonNode type = s.get("entity_type");
        JsonNode start = s.get("start_position");
        JsonNode end = s.get("end_position");
        if (type == null
            || !type.isTextual()
            || start == null
            || !start.canConvertToInt()
            || end == null
            || !end.canConvertToInt()) {
          throw new MalformedInput(
              where + "span " + k + " needs entity_type, start_position, end_position");
        }
        int a = start.asInt();
        int b = end.asInt();
        if (a < 0 || b <= a || b > t.length()) {
          throw new MalformedInput(
              where + "span " + k + " [" + a + ", " + b + ") is outside full_text");
        }
        out.add(new Span(type.asText(), a, b));
      }
      return new Sample(t, List.copyOf(out));
    }
  }

  /** Running counts. */
  static final class Tally {
    static final class Counts {
      long labelled;
      long covered;
      long detected;
      long precise;
    }

    final Map<String, Counts> perType = new java.util.LinkedHashMap<>();
    final Map<DetectorKind, String> typeOf = new EnumMap<>(DetectorKind.class);
    long labelledAll;
    long coveredAll;
    long merged;
    long preciseMerged;
    private final Findings findings = new Findings();
    private final PiiScanner scanner = PiiScanner.allContextFree();

    Tally() {
      for (Map.Entry<String, DetectorKind> e : TYPES.entrySet()) {
        perType.put(e.getKey(), new Counts());
        typeOf.put(e.getValue(), e.getKey());
      }
    }

    void add(Sample sample) {
      findings.clear();
      scanner.scan(sample.text(), findings);
      findings.sort();
      // Merged redacted ranges.
      List<int[]> ranges = new ArrayList<>();
      for (int i = 0; i < findings.size(); i++) {
        int s = findings.start(i);
        int e = findings.end(i);
        if (!ranges.isEmpty() && s <= ranges.getLast()[1]) {
          ranges.getLast()[1] = Math.max(ranges.getLast()[1], e);
        } else {
          ranges.add(new int[] {s, e});
        }
        String type = typeOf.get(findings.kind(i));
        if (type != null) {
          Counts c = perType.get(type);
          c.detected++;
          if (overlapsLabel(sample, s, e)) {
            c.precise++;
          }
        }
      }
      for (int[] r : ranges) {
        merged++;
        if (overlapsLabel(sample, r[0], r[1])) {
          preciseMerged++;
        }
      }
      for (Span span : sample.spans()) {
        Counts c = perType.get(span.type());
        if (c == null) {
          continue;
        }
        boolean covered = covered(ranges, span.start(), span.end());
        c.labelled++;
        labelledAll++;
        if (covered) {
          c.covered++;
          coveredAll++;
        }
      }
    }

    private static boolean overlapsLabel(Sample sample, int s, int e) {
      for (Span span : sample.spans()) {
        if (span.start() < e && s < span.end()) {
          return true;
        }
      }
      return false;
    }

    private static boolean covered(List<int[]> ranges, int s, int e) {
      for (int[] r : ranges) {
        if (r[0] <= s && e <= r[1]) {
          return true;
        }
      }
      return false;
    }
  }
}
