package io.mirador.rca.service;

/** A request parameter is invalid; the message names the parameter and never echoes its value. */
final class BadRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadRequestException(String message) {
    super(message);
  }
}
