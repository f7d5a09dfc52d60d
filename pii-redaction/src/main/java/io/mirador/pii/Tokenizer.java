package io.mirador.pii;

import io.mirador.crypto.PseudonymizationKey;

/**
 * Deterministic tokens ({@code pii:5f2a9c01d3e4b7a8}) from the tenant's HMAC key. A token never
 * contains its input: when the first token happens to (only possible for inputs shorter than the
 * token, such as {@code "7"} or {@code "pii"}), the next derivation ({@code value || 0x00 || n}) is
 * tried; inputs every derivation contains (a single hex digit) get the mask instead. All of this is
 * deterministic, so equal inputs still give equal outputs.
 */
final class Tokenizer {
  private static final int ATTEMPTS = 8;
  private final PseudonymizationKey key;
  private final String prefix;
  private final int hexChars;
  private final String fallback;

  Tokenizer(PseudonymizationKey key, String prefix, int hexChars, String fallback) {
    this.key = key;
    this.prefix = prefix;
    this.hexChars = hexChars;
    this.fallback = fallback;
  }

  String token(String value) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      String input = attempt == 0 ? value : value + '\u0000' + attempt;
      String token = key.token(prefix, input, hexChars);
      if (!token.contains(value)) {
        return token;
      }
    }
    return fallback;
  }

  int length() {
    return prefix.length() + hexChars;
  }

  /** True if {@code s[from, from + length())} is a token of this tokenizer's shape. */
  boolean isTokenAt(String s, int from) {
    if (from < 0 || from + length() > s.length() || !s.startsWith(prefix, from)) {
      return false;
    }
    for (int i = from + prefix.length(); i < from + length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  boolean isToken(String s) {
    return s.length() == length() && isTokenAt(s, 0);
  }

  String prefix() {
    return prefix;
  }
}
