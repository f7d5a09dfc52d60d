package io.mirador.pii;

import io.mirador.crypto.PseudonymizationKey;
import io.mirador.pii.detect.DetectorKind;
import io.mirador.pii.detect.IpLiteral;
import java.util.Locale;

/**
 * Deterministic tokens ({@code pii:5f2a9c01d3e4b7a8}) from the tenant's HMAC key. A token never
 * contains its input: when the first token happens to (only possible for inputs shorter than the
 * token, such as {@code "7"} or {@code "pii"}), the next derivation ({@code value || 0x00 || n}) is
 * tried; inputs every derivation contains (always those the prefix contains, such as {@code "p"};
 * rarely a single hex digit) get the mask instead. All of this is deterministic, so equal inputs
 * still give equal outputs.
 *
 * <p>One value, one token: {@link #token(DetectorKind, String)} first brings a value to the form
 * that identifies it (see {@link #normalize}), so {@code Alice@Example.com} in a header and {@code
 * alice@example.com} in {@code user.email} give the same token.
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

  /** The token of {@code value} as a {@code kind} finding (null kind: the value as it is). */
  String token(DetectorKind kind, String value) {
    return token(normalize(kind, value));
  }

  /**
   * The identifying form of a value: e-mail lower-cased; card and SSN digits only; phone digits
   * with a leading {@code +} when written internationally ({@code +} or {@code 00}); IP canonical
   * (IPv4 dotted decimal, IPv6 RFC 5952); IBAN upper-case letters and digits. Other kinds, and
   * values that normalise to nothing, are only trimmed.
   */
  static String normalize(DetectorKind kind, String value) {
    String v = value.strip();
    if (kind == null) {
      return v;
    }
    String out =
        switch (kind) {
          case EMAIL -> v.toLowerCase(Locale.ROOT);
          case CREDIT_CARD, US_SSN -> digits(v, false);
          case PHONE -> digits(v, v.startsWith("+") || v.startsWith("00"));
          case IP_ADDRESS -> {
            String c = IpLiteral.canonical(v);
            yield c == null ? v : c;
          }
          case IBAN -> alphanumericUpper(v);
          default -> v;
        };
    return out.isEmpty() ? v : out;
  }

  private static String digits(String v, boolean international) {
    StringBuilder b = new StringBuilder(v.length() + 1);
    int from = 0;
    if (international) {
      b.append('+');
      from = v.startsWith("00") ? 2 : 1;
    }
    for (int i = from; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c >= '0' && c <= '9') {
        b.append(c);
      }
    }
    return b.length() == (international ? 1 : 0) ? "" : b.toString();
  }

  private static String alphanumericUpper(String v) {
    StringBuilder b = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c >= 'a' && c <= 'z') {
        b.append((char) (c - 32));
      } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        b.append(c);
      }
    }
    return b.toString();
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
