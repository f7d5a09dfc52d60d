package io.mirador.pii.detect;

/**
 * Finds PII in a string. Implementations are stateless, thread-safe and run in time linear in the
 * length of the text (each documents why): they never use backtracking regular expressions.
 */
public interface Detector {
  DetectorKind kind();

  /** Appends every finding in {@code text} to {@code out}, in increasing start order. */
  void detect(String text, Findings out);
}
