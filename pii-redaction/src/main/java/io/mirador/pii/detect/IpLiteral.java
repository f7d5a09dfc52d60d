package io.mirador.pii.detect;

import java.util.Locale;

/**
 * Parses IPv4 ({@code 192.0.2.1}) and IPv6 ({@code 2001:db8::1}, with an optional embedded IPv4
 * tail and an optional {@code [..]} pair) literals into 16 bytes (IPv4 as {@code ::ffff:a.b.c.d}),
 * and prints the canonical form (IPv4 dotted decimal without leading zeros, IPv6 as RFC 5952: lower
 * case, longest zero run compressed). Never resolves names. Linear in the literal's length, which
 * is capped at 47 characters.
 */
public final class IpLiteral {
  private static final int MAX_LENGTH = 47;

  private IpLiteral() {}

  /** The 16 bytes of the literal {@code s[from, to)}, or null when it is not an IP literal. */
  public static byte[] parse(CharSequence s, int from, int to) {
    if (to - from >= 2 && s.charAt(from) == '[' && s.charAt(to - 1) == ']') {
      from++;
      to--;
    }
    if (to - from < 2 || to - from > MAX_LENGTH) {
      return null;
    }
    boolean v6 = false;
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == ':') {
        v6 = true;
        break;
      }
    }
    if (!v6) {
      byte[] v4 = parseV4(s, from, to);
      if (v4 == null) {
        return null;
      }
      byte[] out = new byte[16];
      out[10] = (byte) 0xff;
      out[11] = (byte) 0xff;
      System.arraycopy(v4, 0, out, 12, 4);
      return out;
    }
    return parseV6(s, from, to);
  }

  public static byte[] parse(CharSequence s) {
    return parse(s, 0, s.length());
  }

  /** True for an address written as IPv4 (stored as {@code ::ffff:a.b.c.d}). */
  static boolean isMappedV4(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  /** The canonical text of an IP literal, or null when {@code s} is not one. */
  public static String canonical(CharSequence s) {
    byte[] a = parse(s);
    return a == null ? null : canonical(a);
  }

  /** The canonical text of an address {@link #parse} returned. */
  public static String canonical(byte[] a) {
    if (isMappedV4(a)) {
      return (a[12] & 0xff) + "." + (a[13] & 0xff) + "." + (a[14] & 0xff) + "." + (a[15] & 0xff);
    }
    int[] groups = new int[8];
    for (int g = 0; g < 8; g++) {
      groups[g] = (a[2 * g] & 0xff) << 8 | (a[2 * g + 1] & 0xff);
    }
    // RFC 5952: compress the longest run of two or more zero groups (the first one on a tie).
    int bestStart = -1;
    int bestLength = 1;
    for (int g = 0; g < 8; ) {
      if (groups[g] != 0) {
        g++;
        continue;
      }
      int start = g;
      while (g < 8 && groups[g] == 0) {
        g++;
      }
      if (g - start > bestLength) {
        bestStart = start;
        bestLength = g - start;
      }
    }
    StringBuilder out = new StringBuilder(39);
    for (int g = 0; g < 8; g++) {
      if (g == bestStart) {
        out.append("::");
        g += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[g]));
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  private static byte[] parseV4(CharSequence s, int from, int to) {
    byte[] out = new byte[4];
    int i = from;
    for (int octet = 0; octet < 4; octet++) {
      if (octet > 0) {
        if (i >= to || s.charAt(i) != '.') {
          return null;
        }
        i++;
      }
      int v = 0;
      int len = 0;
      while (i < to && Chars.isDigit(s.charAt(i)) && len < 4) {
        v = v * 10 + (s.charAt(i) - '0');
        i++;
        len++;
      }
      if (len == 0 || len > 3 || v > 255) {
        return null;
      }
      out[octet] = (byte) v;
    }
    return i == to ? out : null;
  }

  private static byte[] parseV6(CharSequence s, int from, int to) {
    int[] groups = new int[8];
    int count = 0;
    int gap = -1;
    int i = from;
    if (i + 1 < to && s.charAt(i) == ':' && s.charAt(i + 1) == ':') {
      gap = 0;
      i += 2;
    } else if (s.charAt(i) == ':') {
      return null;
    }
    byte[] v4 = null;
    while (i < to) {
      int start = i;
      int v = 0;
      while (i < to && Chars.isHex(s.charAt(i)) && i - start < 5) {
        v = v << 4 | Character.digit(s.charAt(i), 16);
        i++;
      }
      if (i < to && s.charAt(i) == '.') {
        v4 = parseV4(s, start, to);
        if (v4 == null || count > 6) {
          return null;
        }
        i = to;
        break;
      }
      if (i == start || i - start > 4 || count == 8) {
        return null;
      }
      groups[count++] = v;
      if (i == to) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < to && s.charAt(i) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = count;
        i++;
      } else if (i == to) {
        return null;
      }
    }
    int total = count + (v4 == null ? 0 : 2);
    if (gap < 0 ? total != 8 : total > 7) {
      return null;
    }
    byte[] out = new byte[16];
    int[] all = new int[8];
    if (gap < 0) {
      System.arraycopy(groups, 0, all, 0, count);
    } else {
      int tail = count - gap;
      System.arraycopy(groups, 0, all, 0, gap);
      System.arraycopy(groups, gap, all, 8 - (v4 == null ? 0 : 2) - tail, tail);
    }
    for (int g = 0; g < 8; g++) {
      out[2 * g] = (byte) (all[g] >>> 8);
      out[2 * g + 1] = (byte) all[g];
    }
    if (v4 != null) {
      System.arraycopy(v4, 0, out, 12, 4);
    }
    return out;
  }
}
