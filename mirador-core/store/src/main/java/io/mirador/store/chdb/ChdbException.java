package io.mirador.store.chdb;

import io.mirador.store.StoreException;

/** A failure reported by the embedded ClickHouse engine, or in loading or driving it. */
public final class ChdbException extends StoreException {
  private static final long serialVersionUID = 1L;

  ChdbException(String message) {
    super(message);
  }

  ChdbException(String message, Throwable cause) {
    super(message, cause);
  }
}
