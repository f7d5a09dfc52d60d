package io.mirador.bundle.manifest;

/** A MANIFEST that cannot be read; the message names the line. */
public final class ManifestException extends Exception {
  private static final long serialVersionUID = 1L;

  public ManifestException(String message) {
    super(message);
  }
}
