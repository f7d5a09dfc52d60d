package io.mirador.store;

/**
 * A storage failure. The message carries the storage engine's own text (ClickHouse's error code and
 * message) and never telemetry values: callers may log it.
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
