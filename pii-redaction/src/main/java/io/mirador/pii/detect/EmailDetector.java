package io.mirador.pii.detect;

/**
 * E-mail addresses: {@code local@domain.tld}. The local part is an RFC 5322 dot-atom: letters,
 * digits and the {@code atext} specials {@code !#$'*+-^_`{|}~} (and {@code %}), except {@code / = ?
 * &}, which delimit URLs and {@code key=value} text (RFC 6068 requires them percent-encoded in an
 * address anyway); quote-like characters at its start ({@code 'jane@…'}) are taken as wrapping, not
 * as part of it. The top-level domain is letters, or an IDNA A-label ({@code xn--zckzah}, RFC
 * 5890). Anchored on {@code '@'} ({@link String#indexOf} is vectorised, so text without {@code '@'}
 * costs almost nothing).
 *
 * <p>Linear: from each {@code '@'} the scanner walks left at most {@value #MAX_LOCAL} characters
 * and right at most {@value #MAX_DOMAIN} characters, both bounded constants, and it stops at the
 * next {@code '@'}; the next search starts after an accepted address.
 */
final class EmailDetector implements Detector {
  static final int MAX_LOCAL = 64;
  static final int MAX_DOMAIN = 253;

  /** Local-part characters that, first, are read as punctuation around the address. */
  private static final String LEADING_TRIM = ".-'`{|}!#$*^~+%";

  /** The dot-atom specials accepted in a local part (RFC 5322 atext minus URL delimiters). */
  private static final String LOCAL_SPECIALS = "._%+-!#$'*^`{|}~";

  @Override
  public DetectorKind kind() {
    return DetectorKind.EMAIL;
  }

  @Override
  public void detect(String text, char[] chars, Findings out) {
    int floor = 0;
    int at = text.indexOf('@');
    while (at >= 0) {
      int next = at + 1;
      int start = at;
      while (start > floor && at - start < MAX_LOCAL && isLocalChar(text.charAt(start - 1))) {
        start--;
      }
      while (start < at && LEADING_TRIM.indexOf(text.charAt(start)) >= 0) {
        start++;
      }
      if (start < at && text.charAt(at - 1) != '.' && !inUrlUserinfo(text, start)) {
        int end = domainEnd(text, at + 1);
        if (end > 0) {
          out.add(start, end, DetectorKind.EMAIL);
          floor = end;
          next = end;
        }
      }
      at = next < text.length() ? text.indexOf('@', next) : -1;
    }
  }

  /** End of a valid domain starting at {@code from}, or -1. */
  private static int domainEnd(String text, int from) {
    int limit = Math.min(text.length(), from + MAX_DOMAIN);
    int i = from;
    while (i < limit) {
      char c = text.charAt(i);
      if (c == '.') {
        if (i == from || text.charAt(i - 1) == '.') {
          break;
        }
      } else if (!isDomainChar(c)) {
        break;
      }
      i++;
    }
    int end = i;
    while (end > from && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
      end--;
    }
    int lastDot = end - 1;
    while (lastDot > from && text.charAt(lastDot) != '.') {
      lastDot--;
    }
    if (lastDot <= from || text.charAt(lastDot - 1) == '-') {
      return -1;
    }
    return tldOk(text, lastDot + 1, end) ? end : -1;
  }

  /**
   * True if {@code start} is inside the userinfo of a URL ({@code https://user:pass@host} or {@code
   * https://user@host}): that is a credential for {@link UrlSecretDetector}, and the part after
   * {@code @} is a host, not a mailbox. Looks back a bounded {@value #MAX_LOCAL} characters.
   */
  private static boolean inUrlUserinfo(String text, int start) {
    int limit = Math.max(0, start - MAX_LOCAL);
    for (int i = start - 1; i >= limit; i--) {
      char c = text.charAt(i);
      if (c == '/') {
        return i >= 2 && text.charAt(i - 1) == '/' && text.charAt(i - 2) == ':';
      }
      if (Character.isWhitespace(c) || c == '@') {
        return false;
      }
    }
    return false;
  }

  private static boolean tldOk(String text, int from, int to) {
    if (to - from >= 5 && to - from <= 63 && Chars.matchesIgnoreCase(text, from, "xn--")) {
      for (int i = from + 4; i < to; i++) {
        char c = text.charAt(i);
        if (!Chars.isAsciiAlnum(c) && c != '-') {
          return false;
        }
      }
      return true;
    }
    if (to - from < 2 || to - from > 24) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (!Chars.isAsciiLetter(c) && !(c >= 128 && Character.isLetter(c))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLocalChar(char c) {
    if (c < 128) {
      return Chars.isAsciiAlnum(c) || LOCAL_SPECIALS.indexOf(c) >= 0;
    }
    return Character.isLetterOrDigit(c);
  }

  private static boolean isDomainChar(char c) {
    if (c < 128) {
      return Chars.isAsciiAlnum(c) || c == '-';
    }
    return Character.isLetterOrDigit(c);
  }
}
