package io.mirador.benchmarks.pii;

import io.mirador.crypto.PseudonymizationKey;
import io.mirador.pii.Action;
import io.mirador.pii.RedactionPolicy;
import io.mirador.pii.Redactor;
import io.mirador.pii.detect.Detector;
import io.mirador.pii.detect.DetectorKind;
import io.mirador.pii.detect.Detectors;
import io.mirador.pii.detect.Findings;
import io.mirador.pii.detect.TextProfile;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Text scanned per second with all detectors (goal: >= 150 MB/s per core) on a 1 MB corpus of
 * realistic attribute values and log lines ({@link RealisticTelemetry}, 2% carry PII). One op = the
 * whole corpus, so MB/s = {@value #CORPUS_CHARS} / 1e6 / (seconds per op). {@code detector}
 * measures one detector alone, to see where the time goes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScanThroughputBenchmark {
  static final int CORPUS_CHARS = 1_000_000;

  private List<String> corpus;
  private Redactor redactor;

  /**
   * {@code default}: the default policy (e-mail, phone and IP hashed). {@code mask-only}: every
   * detector masks, which isolates the cost of HMAC tokens ({@code PseudonymizationKey.mac} looks
   * up a {@code Mac} per call).
   */
  @Param({"default", "mask-only"})
  String policy;

  @Setup
  public void setUp() {
    corpus = new RealisticTelemetry(1).corpus(CORPUS_CHARS);
    RedactionPolicy p = RedactionPolicy.defaults("bench");
    if (policy.equals("mask-only")) {
      RedactionPolicy.Builder b = RedactionPolicy.builder("bench");
      p.detectors().keySet().forEach(kind -> b.detector(kind, Action.MASK));
      p = b.build();
    }
    redactor =
        Redactor.create(
            p, PseudonymizationKey.fromBytes("bench", new byte[PseudonymizationKey.KEY_BYTES]));
  }

  /** All context-free detectors plus masking/hashing of what they find. */
  @Benchmark
  public void allDetectors(Blackhole bh) {
    for (String s : corpus) {
      bh.consume(redactor.redactText(s));
    }
  }

  /** The one-pass gate alone ({@link TextProfile}). */
  @Benchmark
  public int profileOnly() {
    int bits = 0;
    for (String s : corpus) {
      bits ^= TextProfile.mayMatch(s);
    }
    return bits;
  }

  /** Per-detector cost (scan only). */
  @State(Scope.Thread)
  public static class One {
    @Param({
      "EMAIL",
      "CREDIT_CARD",
      "IBAN",
      "US_SSN",
      "PHONE",
      "IP_ADDRESS",
      "JWT",
      "AUTH_CREDENTIAL",
      "CLOUD_KEY",
      "PRIVATE_KEY",
      "URL_SECRET"
    })
    DetectorKind kind;

    Detector detector;
    final Findings findings = new Findings();

    @Setup
    public void setUp() {
      detector = Detectors.of(kind);
    }
  }

  @Benchmark
  public int detector(One one) {
    int found = 0;
    for (String s : corpus) {
      one.detector.detect(s, one.findings);
      found += one.findings.size();
      one.findings.clear();
    }
    return found;
  }
}
