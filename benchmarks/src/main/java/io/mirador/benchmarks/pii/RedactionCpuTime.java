package io.mirador.benchmarks.pii;

import io.mirador.crypto.PseudonymizationKey;
import io.mirador.pii.Action;
import io.mirador.pii.OtlpRedactor;
import io.mirador.pii.RedactionPolicy;
import io.mirador.pii.Redactor;
import io.mirador.pii.detect.TextProfile;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

/**
 * The JMH workloads of {@link ScanThroughputBenchmark} and {@link SpanRedactionBenchmark} timed by
 * the CPU time of the one thread that runs them, for comparing two builds on a shared, loaded
 * machine where JMH's wall-clock scores swing by 2-3x: CPU time does not count the time the thread
 * waits for a core (it still rises somewhat under load, through shared caches and hyper-threads, so
 * compare builds run alternately at the same load, never against a figure from another day).
 *
 * <p>{@code java -cp ... io.mirador.benchmarks.pii.RedactionCpuTime [workloads] [runs]}; workloads
 * is a comma-separated list of {@code profile}, {@code mask}, {@code default} (CPU ms per MB of the
 * scan corpus) and {@code spans} (CPU ms per 2,000 spans); runs defaults to 250, of which the first
 * half warm up. Prints the minimum, first quartile and median of the measured runs.
 */
public final class RedactionCpuTime {
  private static final int SPAN_REQUESTS = 20;

  private RedactionCpuTime() {}

  public static void main(String[] args) {
    String workloads = args.length > 0 ? args[0] : "profile,mask,default,spans";
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 250;
    if (runs < 4) {
      throw new IllegalArgumentException("runs must be at least 4, got " + runs);
    }
    List<String> corpus = new RealisticTelemetry(1).corpus(ScanThroughputBenchmark.CORPUS_CHARS);
    PseudonymizationKey key =
        PseudonymizationKey.fromBytes("bench", new byte[PseudonymizationKey.KEY_BYTES]);
    RedactionPolicy defaults = RedactionPolicy.defaults("bench");
    RedactionPolicy.Builder maskOnly = RedactionPolicy.builder("bench");
    defaults.detectors().keySet().forEach(kind -> maskOnly.detector(kind, Action.MASK));
    Redactor mask = Redactor.create(maskOnly.build(), key);
    Redactor dflt = Redactor.create(defaults, key);
    ExportTraceServiceRequest request =
        new RealisticTelemetry(2).spans(SpanRedactionBenchmark.SPANS);
    OtlpRedactor spans = OtlpRedactor.create(defaults, key);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long checksum = 0;
    for (String workload : workloads.split(",")) {
      // Each op returns a checksum of its results, printed at the end, so none is optimised away.
      LongSupplier op =
          switch (workload) {
            case "profile" -> () -> sum(corpus, TextProfile::mayMatch);
            case "mask" -> () -> sum(corpus, s -> mask.redactText(s).length());
            case "default" -> () -> sum(corpus, s -> dflt.redactText(s).length());
            case "spans" ->
                () -> {
                  long sum = 0;
                  for (int i = 0; i < SPAN_REQUESTS; i++) {
                    sum += spans.redact(request).message().getSerializedSize();
                  }
                  return sum;
                };
            default ->
                throw new IllegalArgumentException(
                    "unknown workload " + workload + " (profile, mask, default, spans)");
          };
      long[] nanos = new long[runs];
      for (int r = 0; r < runs; r++) {
        long start = threads.getCurrentThreadCpuTime();
        checksum += op.getAsLong();
        nanos[r] = threads.getCurrentThreadCpuTime() - start;
      }
      long[] measured = Arrays.copyOfRange(nanos, runs / 2, runs);
      Arrays.sort(measured);
      System.out.printf(
          Locale.ROOT,
          "%-8s CPU ms per %s: min %.2f  p25 %.2f  median %.2f%n",
          workload,
          workload.equals("spans") ? "2,000 spans" : "MB",
          measured[0] / 1e6,
          measured[measured.length / 4] / 1e6,
          measured[measured.length / 2] / 1e6);
    }
    System.out.println("checksum " + checksum);
  }

  private static long sum(List<String> corpus, ToIntFunction<String> f) {
    long sum = 0;
    for (String s : corpus) {
      sum += f.applyAsInt(s);
    }
    return sum;
  }
}
