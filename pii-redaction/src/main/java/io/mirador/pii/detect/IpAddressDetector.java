package io.mirador.pii.detect;

/**
 * IPv4 ({@code 192.0.2.10}: four decimal octets 0-255) and IPv6 ({@code 2001:db8::1}, full or
 * compressed, optionally with an embedded IPv4 tail) addresses. Dotted version strings with more
 * parts ({@code 1.2.3.4.5}) and clock times ({@code 12:30:45}) are not addresses.
 *
 * <p>Linear: IPv4 candidates are read once (at most 15 characters, the scan resumes after them);
 * IPv6 candidates are maximal runs of hex digits, colons and dots, so every character belongs to at
 * most one run, and validation walks the run once.
 */
final class IpAddressDetector implements Detector {
  private static final int MAX_V6 = 45;

  @Override
  public DetectorKind kind() {
    return DetectorKind.IP_ADDRESS;
  }

  @Override
  public void detect(String text, char[] chars, Findings out) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = chars[i];
      if (!Chars.isHex(c) && c != ':') {
        i++;
        continue;
      }
      if (!startsCleanly(text, i)) {
        // Skip the rest of this word.
        while (i < n && (Chars.isWordChar(chars[i]))) {
          i++;
        }
        if (i < n && !Chars.isWordChar(chars[i])) {
          i++;
        }
        continue;
      }
      int runEnd = i;
      int colons = 0;
      while (runEnd < n) {
        char r = chars[runEnd];
        if (r == ':') {
          colons++;
        } else if (!Chars.isHex(r) && r != '.') {
          break;
        }
        runEnd++;
      }
      int end = -1;
      // A run right after ':' is the tail of a longer colon run (a MAC, a time, a malformed
      // address), unless the colon ends a key such as "addr:" (a letter before it: the scan only
      // gets here when that word was not itself the start of a run).
      boolean afterColon =
          i > 0 && chars[i - 1] == ':' && !(i > 1 && Character.isLetter(chars[i - 2]));
      if (colons >= 2) {
        end = afterColon ? -1 : ipv6End(text, i, runEnd);
      } else if (Chars.isDigit(c)) {
        end = ipv4End(text, i);
      }
      if (end > i) {
        out.add(i, end, DetectorKind.IP_ADDRESS);
        i = end;
      } else {
        i = Math.max(runEnd, i + 1);
      }
    }
  }

  private static boolean startsCleanly(String text, int i) {
    if (i == 0) {
      return true;
    }
    char p = text.charAt(i - 1);
    if (Chars.isWordChar(p)) {
      return false;
    }
    return !(p == '.' && Chars.isDigitAt(text, i - 2));
  }

  /** End of an IPv4 address at {@code from}, or -1. */
  static int ipv4End(String s, int from) {
    int n = s.length();
    int i = from;
    for (int octet = 0; octet < 4; octet++) {
      if (octet > 0) {
        if (i >= n || s.charAt(i) != '.') {
          return -1;
        }
        i++;
      }
      int v = 0;
      int len = 0;
      while (i < n && Chars.isDigit(s.charAt(i)) && len < 4) {
        v = v * 10 + (s.charAt(i) - '0');
        i++;
        len++;
      }
      if (len == 0 || len > 3 || v > 255) {
        return -1;
      }
    }
    if (i < n) {
      char c = s.charAt(i);
      if (Chars.isWordChar(c) || (c == '.' && Chars.isDigit(charAt(s, i + 1)))) {
        return -1;
      }
    }
    return i;
  }

  private static char charAt(String s, int i) {
    return i < s.length() ? s.charAt(i) : ' ';
  }

  /** End of an IPv6 address in the run {@code [from, runEnd)}, or -1. */
  private static int ipv6End(String s, int from, int runEnd) {
    int end = runEnd;
    // Trailing sentence punctuation.
    while (end > from && s.charAt(end - 1) == '.') {
      end--;
    }
    if (end > from + 1 && s.charAt(end - 1) == ':' && s.charAt(end - 2) != ':') {
      end--;
    }
    if (end - from > MAX_V6 || end - from < 3) {
      return -1;
    }
    if (end < s.length() && Chars.isWordChar(s.charAt(end))) {
      return -1;
    }
    return validIpv6(s, from, end) ? end : -1;
  }

  static boolean validIpv6(String s, int from, int end) {
    int groups = 0;
    boolean compressed = false;
    int i = from;
    if (s.startsWith("::", i)) {
      compressed = true;
      i += 2;
      if (i == end) {
        return false; // "::" alone: the unspecified address, nothing to hide
      }
    } else if (s.charAt(i) == ':') {
      return false;
    }
    while (i < end) {
      int groupStart = i;
      int len = 0;
      while (i < end && Chars.isHex(s.charAt(i))) {
        i++;
        len++;
      }
      if (i < end && s.charAt(i) == '.') {
        // Embedded IPv4 must be the last part.
        int v4 = ipv4End(s.substring(0, end), groupStart);
        if (v4 != end) {
          return false;
        }
        groups += 2;
        i = end;
        break;
      }
      if (len == 0 || len > 4) {
        return false;
      }
      groups++;
      if (i == end) {
        break;
      }
      // s.charAt(i) == ':'
      i++;
      if (i < end && s.charAt(i) == ':') {
        if (compressed) {
          return false;
        }
        compressed = true;
        i++;
      } else if (i == end) {
        return false;
      }
    }
    if (compressed) {
      return groups >= 2 && groups <= 7;
    }
    return groups == 8;
  }
}
