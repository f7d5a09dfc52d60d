package io.mirador.rca.eval;

import java.io.Serial;

/** A CSV input that is not a numeric table. */
final class CsvFormatException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  CsvFormatException(String message) {
    super(message);
  }
}
