package io.mirador.installer.verify;

/**
 * A bundle failed verification. The message names the file (a path inside the bundle) and the check
 * that failed; it never contains file contents or key material.
 */
public final class VerificationException extends Exception {
  private static final long serialVersionUID = 1L;

  public VerificationException(String message) {
    super(message);
  }

  public VerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
