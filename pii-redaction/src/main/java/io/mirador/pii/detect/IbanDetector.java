package io.mirador.pii.detect;

import java.util.Map;

/**
 * International bank account numbers: a country code, two check digits and the national account
 * number, electronic ({@code GB82WEST12345698765432}) or print format in groups of four, upper or
 * lower case. Accepted only with the exact length registered for the country and a valid ISO 7064
 * mod-97 checksum.
 *
 * <p>Linear: candidates start only at a word start with two letters and two digits; each reads at
 * most the country's length (at most 34 characters plus spaces), a bounded constant.
 */
final class IbanDetector implements Detector {
  private static final Map<String, Integer> LENGTHS = lengths();

  @Override
  public DetectorKind kind() {
    return DetectorKind.IBAN;
  }

  @Override
  public void detect(String text, char[] chars, Findings out) {
    char[] buf = new char[34];
    int n = text.length();
    int i = 0;
    while (i + 4 <= n) {
      char c0 = chars[i];
      if (!Chars.isAsciiLetter(c0)
          || !Chars.isAsciiLetter(chars[i + 1])
          || !Chars.isDigit(chars[i + 2])
          || !Chars.isDigit(chars[i + 3])
          || Chars.isWordCharAt(text, i - 1)) {
        i++;
        continue;
      }
      Integer length = LENGTHS.get(country(c0, chars[i + 1]));
      int end = length == null ? -1 : collect(text, i, length, buf);
      if (end > 0 && mod97(buf, length) == 1) {
        out.add(i, end, DetectorKind.IBAN);
        i = end;
      } else {
        i++;
      }
    }
  }

  private static String country(char a, char b) {
    return new String(new char[] {Character.toUpperCase(a), Character.toUpperCase(b)});
  }

  /** Collects exactly {@code length} alphanumerics (single spaces between groups of 4 allowed). */
  private static int collect(String text, int from, int length, char[] buf) {
    int n = text.length();
    int count = 0;
    int i = from;
    while (i < n && count < length) {
      char c = text.charAt(i);
      if (Chars.isAsciiAlnum(c)) {
        buf[count++] = c;
        i++;
      } else if (c == ' '
          && count % 4 == 0
          && i + 1 < n
          && Chars.isAsciiAlnum(text.charAt(i + 1))) {
        i++;
      } else {
        return -1;
      }
    }
    if (count != length || Chars.isWordCharAt(text, i)) {
      return -1;
    }
    return i;
  }

  static int mod97(char[] iban, int length) {
    int r = 0;
    for (int k = 0; k < length; k++) {
      char c = iban[(k + 4) % length];
      int v;
      if (Chars.isDigit(c)) {
        v = c - '0';
        r = (r * 10 + v) % 97;
      } else {
        v = Character.toUpperCase(c) - 'A' + 10;
        r = (r * 100 + v) % 97;
      }
    }
    return r;
  }

  private static Map<String, Integer> lengths() {
    String table =
        "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22"
            + " DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28"
            + " HN28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20"
            + " LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28"
            + " PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28"
            + " TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";
    java.util.HashMap<String, Integer> map = new java.util.HashMap<>();
    for (String entry : table.split(" ")) {
      map.put(entry.substring(0, 2), Integer.parseInt(entry.substring(2)));
    }
    return Map.copyOf(map);
  }
}
