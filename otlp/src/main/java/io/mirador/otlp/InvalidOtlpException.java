package io.mirador.otlp;

/**
 * A body that is not an OTLP export request. The message names the problem (safe to return to the
 * sender and to log) and never quotes the input.
 */
public final class InvalidOtlpException extends Exception {
  private static final long serialVersionUID = 1L;

  InvalidOtlpException(String message) {
    super(message);
  }
}
