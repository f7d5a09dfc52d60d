package io.mirador.pii;

import static java.util.Objects.requireNonNull;

/**
 * An attribute key or a glob over keys: {@code *} matches any run of characters (including none),
 * everything else literally, ASCII case-insensitively (header names arrive in any case).
 *
 * <p>Matching is the two-pointer wildcard algorithm: O(key x pattern) in the worst case, with
 * patterns capped at {@value #MAX_LENGTH} characters by the policy and results cached per key.
 */
public record KeyPattern(String pattern) {
  public static final int MAX_LENGTH = 256;

  public KeyPattern {
    requireNonNull(pattern, "pattern");
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException("key pattern must not be empty");
    }
    if (pattern.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "key pattern longer than " + MAX_LENGTH + " characters: " + pattern.substring(0, 32));
    }
  }

  public static KeyPattern of(String pattern) {
    return new KeyPattern(pattern);
  }

  public boolean isExact() {
    return pattern.indexOf('*') < 0;
  }

  public boolean matches(String key) {
    if (isExact()) {
      return pattern.equalsIgnoreCase(key);
    }
    int k = 0;
    int p = 0;
    int star = -1;
    int mark = 0;
    int kn = key.length();
    int pn = pattern.length();
    while (k < kn) {
      if (p < pn && pattern.charAt(p) == '*') {
        star = p++;
        mark = k;
      } else if (p < pn && same(pattern.charAt(p), key.charAt(k))) {
        p++;
        k++;
      } else if (star >= 0) {
        p = star + 1;
        k = ++mark;
      } else {
        return false;
      }
    }
    while (p < pn && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pn;
  }

  private static boolean same(char a, char b) {
    return a == b || lower(a) == lower(b);
  }

  private static char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
  }

  @Override
  public String toString() {
    return pattern;
  }
}
