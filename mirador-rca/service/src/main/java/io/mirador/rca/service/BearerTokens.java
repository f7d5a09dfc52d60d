package io.mirador.rca.service;

import java.util.Optional;
import java.util.regex.Pattern;

/** The syntax of an RFC 6750 bearer token, checked before a token is forwarded or used. */
final class BearerTokens {
  static final int MAX_LENGTH = 8192;
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

  private BearerTokens() {}

  /** The token of an {@code Authorization} header value, if it is a well-formed bearer token. */
  static Optional<String> fromHeader(String header) {
    if (header == null || header.length() > MAX_LENGTH + 7) {
      return Optional.empty();
    }
    if (header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = header.substring(7).trim();
    return valid(token) ? Optional.of(token) : Optional.empty();
  }

  static boolean valid(String token) {
    return token != null
        && !token.isEmpty()
        && token.length() <= MAX_LENGTH
        && TOKEN.matcher(token).matches();
  }
}
