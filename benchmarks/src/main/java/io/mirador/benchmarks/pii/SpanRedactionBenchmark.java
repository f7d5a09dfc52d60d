package io.mirador.benchmarks.pii;

import io.mirador.crypto.PseudonymizationKey;
import io.mirador.pii.OtlpRedactor;
import io.mirador.pii.Redacted;
import io.mirador.pii.RedactionPolicy;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Spans redacted per second (goal: >= 200,000 per core) for server spans with 15 attributes, the
 * default policy, in export requests of {@value #SPANS} spans. Reported per span.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SpanRedactionBenchmark {
  static final int SPANS = 100;

  private ExportTraceServiceRequest request;
  private OtlpRedactor redactor;

  @Setup
  public void setUp() {
    request = new RealisticTelemetry(2).spans(SPANS);
    redactor =
        OtlpRedactor.create(
            RedactionPolicy.defaults("bench"),
            PseudonymizationKey.fromBytes("bench", new byte[PseudonymizationKey.KEY_BYTES]));
  }

  @Benchmark
  @OperationsPerInvocation(SPANS)
  public Redacted<ExportTraceServiceRequest> redactSpans() {
    return redactor.redact(request);
  }
}
