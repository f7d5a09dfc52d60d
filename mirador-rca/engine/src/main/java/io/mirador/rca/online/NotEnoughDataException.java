package io.mirador.rca.online;

/** The window, or the baseline before it, has too little data to rank anything. */
public final class NotEnoughDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotEnoughDataException(String message) {
    super(message);
  }
}
