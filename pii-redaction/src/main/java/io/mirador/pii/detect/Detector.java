package io.mirador.pii.detect;

/**
 * Finds PII in a string. Implementations are stateless, thread-safe and run in time linear in the
 * length of the text (each documents why): they never use backtracking regular expressions.
 */
public interface Detector {
  DetectorKind kind();

  /** Appends every finding in {@code text} to {@code out}, in increasing start order. */
  default void detect(String text, Findings out) {
    detect(text, text.toCharArray(), out);
  }

  /**
   * The same, with {@code chars} equal to {@code text.toCharArray()}: scanners that look at every
   * character read the array (much cheaper per character than {@link String#charAt}); the caller
   * makes the copy once for all detectors.
   */
  void detect(String text, char[] chars, Findings out);
}
