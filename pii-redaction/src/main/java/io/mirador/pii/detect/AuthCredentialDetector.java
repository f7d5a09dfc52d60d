package io.mirador.pii.detect;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP credentials: {@code Bearer <token>} and {@code Basic <base64(user:password)>}, any case.
 * Only the credential is reported, so {@code Bearer} stays readable. A bearer token must be at
 * least 16 characters and contain a digit or one of {@code -._~+/=} (so "bearer authentication
 * failed" is prose); a basic credential must decode to {@code user:password}.
 *
 * <p>Linear: {@link String#indexOf} finds each {@code b}/{@code B} once (the two cursors only move
 * forward); each keyword check reads 6 characters and each token is read once, after which the scan
 * resumes behind it.
 */
final class AuthCredentialDetector implements Detector {
  private static final int MIN_BEARER = 16;
  private static final int MAX_TOKEN = 8192;

  @Override
  public DetectorKind kind() {
    return DetectorKind.AUTH_CREDENTIAL;
  }

  @Override
  public void detect(String text, char[] chars, Findings out) {
    int n = text.length();
    // Two vectorised searches (for 'b' and 'B') instead of a loop over every character.
    int lowerB = text.indexOf('b');
    int upperB = text.indexOf('B');
    int i = 0;
    while (i < n - 6) {
      if (lowerB >= 0 && lowerB < i) {
        lowerB = text.indexOf('b', i);
      }
      if (upperB >= 0 && upperB < i) {
        upperB = text.indexOf('B', i);
      }
      int next = lowerB < 0 ? upperB : (upperB < 0 ? lowerB : Math.min(lowerB, upperB));
      if (next < 0 || next >= n - 6) {
        return;
      }
      i = next;
      if (Chars.isWordCharAt(text, i - 1)) {
        i++;
        continue;
      }
      char second = Chars.lower(text.charAt(i + 1));
      if (second != 'e' && second != 'a') {
        i++;
        continue;
      }
      boolean bearer = Chars.matchesIgnoreCase(text, i, "bearer");
      boolean basic = !bearer && Chars.matchesIgnoreCase(text, i, "basic");
      if (!bearer && !basic) {
        i++;
        continue;
      }
      int j = i + (bearer ? 6 : 5);
      int spaces = j;
      while (j < n && (text.charAt(j) == ' ' || text.charAt(j) == '\t') && j - spaces < 4) {
        j++;
      }
      if (j == spaces) {
        i = j;
        continue;
      }
      int tokenStart = j;
      boolean symbolOrDigit = false;
      while (j < n && j - tokenStart < MAX_TOKEN && isTokenChar(text.charAt(j))) {
        char t = text.charAt(j);
        if (!Chars.isAsciiLetter(t)) {
          symbolOrDigit = true;
        }
        j++;
      }
      while (j < n && text.charAt(j) == '=' && j - tokenStart < MAX_TOKEN) {
        j++;
      }
      int len = j - tokenStart;
      boolean ok =
          bearer
              ? len >= MIN_BEARER && symbolOrDigit
              : len >= 8 && decodesToUserPassword(text.substring(tokenStart, j));
      if (ok && !Chars.isWordCharAt(text, j)) {
        out.add(tokenStart, j, DetectorKind.AUTH_CREDENTIAL);
      }
      i = Math.max(j, i + 1);
    }
  }

  private static boolean isTokenChar(char c) {
    return Chars.isAsciiAlnum(c)
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~'
        || c == '+'
        || c == '/';
  }

  private static boolean decodesToUserPassword(String token) {
    try {
      byte[] bytes = Base64.getDecoder().decode(token);
      String s = new String(bytes, StandardCharsets.UTF_8);
      int colon = s.indexOf(':');
      return colon > 0 && s.chars().allMatch(ch -> ch >= 0x20 && ch != 0xFFFD);
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }
}
