package io.mirador.core.config;

/**
 * Ingest limits.
 *
 * @param maxBatchBytes the largest sealed batch or OTLP request body accepted
 * @param maxPlaintextBytes the largest decompressed payload accepted (bounds compression bombs)
 * @param memoryBudgetBytes in-flight payload bytes above which ingest answers UNAVAILABLE
 * @param replayWindow the per-agent replay window, in sequence numbers
 */
public record Limits(
    int maxBatchBytes, int maxPlaintextBytes, long memoryBudgetBytes, int replayWindow) {

  /**
   * 20 MiB bodies: the OpenTelemetry Collector's OTLP/HTTP default ({@code max_request_body_size}),
   * so that a batch an SDK may send to a Collector is not refused here (service RATIONALE.md).
   */
  public static final Limits DEFAULT = new Limits(20 << 20, 64 << 20, 256L << 20, 1024);

  public Limits {
    if (maxBatchBytes <= 0) {
      throw new IllegalArgumentException("limits.maxBatchBytes must be positive");
    }
    if (maxPlaintextBytes < maxBatchBytes) {
      throw new IllegalArgumentException("limits.maxPlaintextBytes must be >= maxBatchBytes");
    }
    if (memoryBudgetBytes < maxPlaintextBytes) {
      throw new IllegalArgumentException("limits.memoryBudgetBytes must be >= maxPlaintextBytes");
    }
    if (replayWindow < 64 || replayWindow > 1 << 20) {
      throw new IllegalArgumentException("limits.replayWindow must be in [64, 1048576]");
    }
  }
}
