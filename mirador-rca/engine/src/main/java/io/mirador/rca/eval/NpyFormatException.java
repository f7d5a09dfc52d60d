package io.mirador.rca.eval;

import java.io.Serial;

/** A .npy or .npz input that is not what it claims to be. */
final class NpyFormatException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  NpyFormatException(String message) {
    super(message);
  }
}
