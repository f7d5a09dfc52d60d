package io.mirador.pii.detect;

import java.util.Set;

/**
 * Secrets in URLs, query strings, form bodies and {@code key=value} / {@code "key": "value"} log
 * text: the userinfo of a URL ({@code https://user:pass@host}) and the value of a parameter whose
 * name says it is secret ({@code password}, {@code token}, {@code api_key}, {@code client_secret},
 * {@code X-Amz-Signature}, names ending in {@code _token}, {@code _secret}, ...). Only the secret
 * is reported; names stay readable.
 *
 * <p>Linear: {@link String#indexOf} visits each {@code ':'} and {@code '='} once (cursors only move
 * forward); the look-back for a name reads at most {@value #MAX_NAME} characters and the value is
 * consumed, so the scan resumes after it; an authority is at most {@value #MAX_AUTHORITY}
 * characters and is read once.
 */
final class UrlSecretDetector implements Detector {
  static final int MAX_NAME = 64;
  static final int MAX_AUTHORITY = 512;
  private static final int MAX_QUOTED = 4096;

  private static final Set<String> NAMES =
      Set.of(
          "password",
          "passwd",
          "pwd",
          "pass",
          "passphrase",
          "secret",
          "client_secret",
          "token",
          "access_token",
          "refresh_token",
          "id_token",
          "auth_token",
          "session_token",
          "api_key",
          "apikey",
          "api-key",
          "x-api-key",
          "private_key",
          "auth",
          "authorization",
          "credential",
          "credentials",
          "sig",
          "signature",
          "x-amz-signature",
          "x-amz-credential",
          "x-amz-security-token",
          "x-goog-signature",
          "x-goog-credential",
          "sessionid",
          "session_id",
          "jsessionid",
          "phpsessid",
          "aws_secret_access_key",
          "accountkey",
          "sharedaccesskey",
          "sharedaccesssignature",
          "sas",
          "otp",
          "pin");
  private static final String[] SUFFIXES = {
    "password",
    "passwd",
    "_secret",
    "-secret",
    ".secret",
    "secret_key",
    "_token",
    "-token",
    ".token",
    "apikey",
    "api_key",
    "api-key",
    "private_key",
    "access_key"
  };

  @Override
  public DetectorKind kind() {
    return DetectorKind.URL_SECRET;
  }

  @Override
  public void detect(String text, char[] chars, Findings out) {
    int n = text.length();
    // Two vectorised searches (for ':' and '=') with cursors that only move forward.
    int colon = text.indexOf(':');
    int equals = text.indexOf('=');
    int i = 0;
    while (i < n) {
      if (colon >= 0 && colon < i) {
        colon = text.indexOf(':', i);
      }
      if (equals >= 0 && equals < i) {
        equals = text.indexOf('=', i);
      }
      int next = colon < 0 ? equals : (equals < 0 ? colon : Math.min(colon, equals));
      if (next < 0) {
        return;
      }
      i = next;
      char c = text.charAt(i);
      if (c == ':' && text.startsWith("://", i)) {
        i = userinfo(text, i + 3, out);
        continue;
      }
      i = parameter(text, i, out);
    }
  }

  /** Reports the userinfo of the authority starting at {@code from}; returns where to resume. */
  private static int userinfo(String text, int from, Findings out) {
    int n = text.length();
    int limit = Math.min(n, from + MAX_AUTHORITY);
    int at = -1;
    int i = from;
    while (i < limit) {
      char c = text.charAt(i);
      if (c == '/'
          || c == '?'
          || c == '#'
          || c == '"'
          || c == '\''
          || c == '<'
          || c == '>'
          || Character.isWhitespace(c)) {
        break;
      }
      if (c == '@') {
        at = i;
      }
      i++;
    }
    if (at > from) {
      out.add(from, at, DetectorKind.URL_SECRET);
    }
    return Math.max(from, at > from ? at + 1 : from);
  }

  /** Handles a {@code name=value} or {@code name: value} at {@code eq}; returns where to resume. */
  private static int parameter(String text, int eq, Findings out) {
    int n = text.length();
    int nameEnd = eq;
    // Pretty-printed JSON and YAML-ish logs put spaces before the separator ("password" : "x").
    while (nameEnd > 0 && eq - nameEnd < 8 && text.charAt(nameEnd - 1) == ' ') {
      nameEnd--;
    }
    if (nameEnd > 0 && (text.charAt(nameEnd - 1) == '"' || text.charAt(nameEnd - 1) == '\'')) {
      nameEnd--;
    }
    int nameStart = nameEnd;
    while (nameStart > 0
        && nameEnd - nameStart < MAX_NAME
        && isNameChar(text.charAt(nameStart - 1))) {
      nameStart--;
    }
    if (nameStart == nameEnd || !isSecretName(text, nameStart, nameEnd)) {
      return eq + 1;
    }
    int v = eq + 1;
    int spaces = 0;
    while (v < n && text.charAt(v) == ' ' && spaces < 8) {
      v++;
      spaces++;
    }
    if (v >= n) {
      return v;
    }
    char q = text.charAt(v);
    if (q == '"' || q == '\'') {
      int close = v + 1;
      int limit = Math.min(n, v + MAX_QUOTED);
      while (close < limit && text.charAt(close) != q) {
        close++;
      }
      if (close >= limit) {
        return v + 1;
      }
      if (close > v + 1) {
        out.add(v + 1, close, DetectorKind.URL_SECRET);
      }
      return close + 1;
    }
    if (text.charAt(eq) == ':' && spaces == 0 && eq + 1 < n && text.charAt(eq + 1) == '/') {
      return eq + 1;
    }
    int end = v;
    while (end < n && !isValueEnd(text.charAt(end))) {
      end++;
    }
    if (end > v) {
      out.add(v, end, DetectorKind.URL_SECRET);
    }
    return Math.max(end, eq + 1);
  }

  private static boolean isNameChar(char c) {
    return Chars.isAsciiAlnum(c) || c == '_' || c == '-' || c == '.';
  }

  private static boolean isValueEnd(char c) {
    return c == '&'
        || c == ';'
        || c == ','
        || c == '"'
        || c == '\''
        || c == '#'
        || c == '<'
        || c == '>'
        || c == ')'
        || c == ']'
        || c == '}'
        || Character.isWhitespace(c);
  }

  private static final int MAX_SECRET_NAME = 32;
  private static final int[] NAME_HASHES = hashes();

  /** Bit {@code c - 'a'} of entry {@code n}: some secret name has length n and ends in c. */
  private static final int[] NAME_ENDINGS = endings();

  private static int[] endings() {
    int[] e = new int[MAX_SECRET_NAME + 1];
    for (String name : NAMES) {
      char last = name.charAt(name.length() - 1);
      if (name.length() <= MAX_SECRET_NAME && last >= 'a' && last <= 'z') {
        e[name.length()] |= 1 << (last - 'a');
      }
    }
    return e;
  }

  private static int[] hashes() {
    return NAMES.stream().mapToInt(String::hashCode).sorted().distinct().toArray();
  }

  /** Lower-case {@link String#hashCode} of {@code text[start, end)} without allocating. */
  private static int lowerHash(String text, int start, int end) {
    int h = 0;
    for (int i = start; i < end; i++) {
      h = 31 * h + Chars.lower(text.charAt(i));
    }
    return h;
  }

  private static boolean isName(String text, int start, int end) {
    int len = end - start;
    if (len > MAX_SECRET_NAME) {
      return false;
    }
    char last = Chars.lower(text.charAt(end - 1));
    if (last < 'a' || last > 'z' || (NAME_ENDINGS[len] & (1 << (last - 'a'))) == 0) {
      return false; // no secret name has this length and last letter
    }
    if (java.util.Arrays.binarySearch(NAME_HASHES, lowerHash(text, start, end)) < 0) {
      return false;
    }
    StringBuilder sb = new StringBuilder(end - start);
    for (int i = start; i < end; i++) {
      sb.append(Chars.lower(text.charAt(i)));
    }
    return NAMES.contains(sb.toString());
  }

  private static boolean isSecretName(String text, int start, int end) {
    // Leading dashes of command-line flags: --password=...
    while (start < end && text.charAt(start) == '-') {
      start++;
    }
    // Every name and suffix ends with a letter: "12:00", "a.b=1" are rejected at once.
    if (end - start < 2 || !Chars.isAsciiLetter(text.charAt(end - 1))) {
      return false;
    }
    if (isName(text, start, end)) {
      return true;
    }
    int dot = -1;
    for (int i = end - 1; i > start; i--) {
      if (text.charAt(i) == '.') {
        dot = i;
        break;
      }
    }
    if (dot > start && isName(text, dot + 1, end)) {
      return true;
    }
    char last = Chars.lower(text.charAt(end - 1));
    char before = Chars.lower(text.charAt(end - 2));
    boolean suffixPossible =
        (last == 'd' && (before == 'r' || before == 'w'))
            || (last == 't' && before == 'e')
            || (last == 'n' && before == 'e')
            || (last == 'y' && before == 'e');
    if (!suffixPossible) {
      return false; // every suffix ends in rd, wd, et, en or ey
    }
    for (String suffix : SUFFIXES) {
      int from = end - suffix.length();
      if (from >= start && text.regionMatches(true, from, suffix, 0, suffix.length())) {
        return true;
      }
    }
    return false;
  }
}
