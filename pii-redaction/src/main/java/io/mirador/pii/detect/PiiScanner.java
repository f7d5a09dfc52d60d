package io.mirador.pii.detect;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The shared finder: runs the enabled context-free detectors over a text <em>and</em> over its
 * {@linkplain DecodedView decoded view} (percent-encoding, {@code +} in queries and forms, JSON and
 * Unicode escapes, HTML character references) and reports every finding in the coordinates of the
 * original text. A finding in the decoded view covers the smallest original range that holds it
 * ({@code alice%40example.com} as a whole), so the encoded text is redacted in place.
 *
 * <p>Plain telemetry pays nothing for the decoded view: {@link TextProfile}'s single pass flags the
 * characters an encoded sequence starts with, and the view is built only when the text holds a
 * decodable sequence. A finding of the decoded view that contains no decoded character is the raw
 * view's (already reported) and is not repeated; a raw finding that starts or ends inside an
 * encoded sequence is an artefact and is dropped. IP addresses that {@link SiteAddresses} says are
 * not personal (loopback, the site's own networks) are not reported.
 *
 * <p>Linear: the raw view and the decoded view (at most as long as the text) are each scanned once
 * by linear detectors; building the view is one pass. Thread-safe and immutable.
 */
public final class PiiScanner {
  private static final ThreadLocal<Findings> SCRATCH = ThreadLocal.withInitial(Findings::new);

  private final Set<DetectorKind> kinds;
  private final Detector[] detectors;
  private final DetectorKind[] detectorKinds;
  private final int[] bits;
  private final int enabledMask;
  private final SiteAddresses addresses;

  private PiiScanner(
      Collection<DetectorKind> kinds, SiteAddresses addresses, PhoneRegions phoneRegions) {
    requireNonNull(phoneRegions, "phoneRegions");
    EnumSet<DetectorKind> set = EnumSet.noneOf(DetectorKind.class);
    for (DetectorKind kind : kinds) {
      if (!requireNonNull(kind, "kind").contextFree()) {
        throw new IllegalArgumentException(
            kind.configName() + " is key-scoped and cannot run on every value");
      }
      set.add(kind);
    }
    this.kinds = Collections.unmodifiableSet(set);
    List<Detector> list = new ArrayList<>();
    for (DetectorKind kind : set) {
      list.add(
          kind == DetectorKind.PHONE && !phoneRegions.equals(PhoneRegions.defaults())
              ? phoneRegions.detector()
              : Detectors.of(kind));
    }
    this.detectors = list.toArray(Detector[]::new);
    this.detectorKinds = set.toArray(DetectorKind[]::new);
    this.bits = new int[detectors.length];
    int mask = 0;
    for (int k = 0; k < detectors.length; k++) {
      bits[k] = TextProfile.bit(detectors[k].kind());
      mask |= bits[k];
    }
    this.enabledMask = mask;
    this.addresses = requireNonNull(addresses, "addresses");
  }

  /** A scanner of {@code kinds} (context-free detectors only). */
  public static PiiScanner create(Collection<DetectorKind> kinds, SiteAddresses addresses) {
    return create(kinds, addresses, PhoneRegions.defaults());
  }

  /** The same, recognising the national phone formats of {@code phoneRegions}. */
  public static PiiScanner create(
      Collection<DetectorKind> kinds, SiteAddresses addresses, PhoneRegions phoneRegions) {
    return new PiiScanner(requireNonNull(kinds, "kinds"), addresses, phoneRegions);
  }

  /** Every context-free detector, with the default {@link SiteAddresses}. */
  public static PiiScanner allContextFree() {
    List<DetectorKind> all = new ArrayList<>();
    for (DetectorKind kind : DetectorKind.values()) {
      if (kind.contextFree()) {
        all.add(kind);
      }
    }
    return new PiiScanner(all, SiteAddresses.defaults(), PhoneRegions.defaults());
  }

  public Set<DetectorKind> kinds() {
    return kinds;
  }

  public SiteAddresses addresses() {
    return addresses;
  }

  /** Appends the findings in {@code text} to {@code out} (not sorted across detectors). */
  public void scan(String text, Findings out) {
    scan(text, text.toCharArray(), out);
  }

  /**
   * The same with {@code chars} equal to {@code text.toCharArray()}. Returns the {@link
   * TextProfile#mayMatch} bits of the raw text, so that a caller running a key-scoped detector as
   * well (SQL literals) need not profile the text again.
   */
  public int scan(String text, char[] chars, Findings out) {
    if (chars.length == 0) {
      return 0;
    }
    int profile = TextProfile.profile(chars);
    int mayMatch = profile & ~TextProfile.FLAGS;
    DecodedView view = DecodedView.of(text, chars, profile);
    Findings raw = null;
    if ((mayMatch & enabledMask) != 0) {
      if (view == null) {
        run(text, chars, mayMatch, out);
      } else {
        raw = new Findings();
        run(text, chars, mayMatch, raw);
        for (int i = raw.size() - 1; i >= 0; i--) {
          int rs = raw.start(i);
          int re = raw.end(i);
          // '%' is legal in an e-mail's local part, so "x%20jane@example.com" reads as one
          // address here; the decoded view finds the real one ("jane@example.com").
          boolean escapedEmail =
              raw.kind(i) == DetectorKind.EMAIL && hasPercentEscape(chars, rs, re);
          if (view.splitsSequence(rs, re) || escapedEmail) {
            raw.remove(i);
          }
        }
        for (int i = 0; i < raw.size(); i++) {
          out.add(raw.start(i), raw.end(i), raw.kind(i));
        }
        raw.sort();
      }
    }
    if (view != null) {
      int viewMatch = TextProfile.mayMatch(view.chars);
      if ((viewMatch & enabledMask) != 0) {
        Findings decoded = new Findings();
        run(view.text, view.chars, viewMatch, decoded);
        for (int i = 0; i < decoded.size(); i++) {
          int s = decoded.start(i);
          int e = decoded.end(i);
          int os = view.originalStart(s);
          int oe = view.originalEnd(e);
          // A finding without a decoded character was the raw view's too, unless the raw view
          // refused it: a value glued to an escape ("%20" + "192.0.2.10") is refused there.
          if (view.hasDecoded(s, e) || !reported(raw, os, oe, decoded.kind(i))) {
            out.add(os, oe, decoded.kind(i));
          }
        }
      }
    }
    return mayMatch;
  }

  private static boolean hasPercentEscape(char[] c, int start, int end) {
    for (int i = start; i + 2 < end; i++) {
      if (c[i] == '%' && Chars.isHex(c[i + 1]) && Chars.isHex(c[i + 2])) {
        return true;
      }
    }
    return false;
  }

  /** True if {@code raw} (sorted) holds exactly {@code [start, end)} of {@code kind}. */
  private static boolean reported(Findings raw, int start, int end, DetectorKind kind) {
    if (raw == null) {
      return false;
    }
    int lo = 0;
    int hi = raw.size();
    while (lo < hi) { // first finding starting at or after start
      int mid = (lo + hi) >>> 1;
      if (raw.start(mid) < start) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (int i = lo; i < raw.size() && raw.start(i) == start; i++) {
      if (raw.end(i) == end && raw.kind(i) == kind) {
        return true;
      }
    }
    return false;
  }

  private void run(String text, char[] chars, int mayMatch, Findings out) {
    for (int k = 0; k < detectors.length; k++) {
      if ((mayMatch & bits[k]) == 0) {
        continue;
      }
      Detector d = detectors[k];
      if (bits[k] != IP_BIT) {
        detect(detectorKinds[k], d, text, chars, out);
        continue;
      }
      Findings ips = SCRATCH.get();
      ips.clear();
      try {
        detect(DetectorKind.IP_ADDRESS, d, text, chars, ips);
        for (int i = 0; i < ips.size(); i++) {
          if (addresses.isPersonal(text, ips.start(i), ips.end(i))) {
            out.add(ips.start(i), ips.end(i), DetectorKind.IP_ADDRESS);
          }
        }
      } finally {
        ips.clear();
      }
    }
  }

  private static final int IP_BIT = TextProfile.bit(DetectorKind.IP_ADDRESS);

  /**
   * {@code d.detect(text, chars, out)} through a call site per detector class ({@code d} is {@code
   * Detectors.of(kind)}): one call site for all of them is megamorphic (an interface dispatch stub
   * per call, never inlined), which cost about 5 % of the whole scan; a cast to the (final) class
   * makes each site a direct call.
   */
  private static void detect(
      DetectorKind kind, Detector d, String text, char[] chars, Findings out) {
    switch (kind) {
      case EMAIL -> ((EmailDetector) d).detect(text, chars, out);
      case CREDIT_CARD -> ((CreditCardDetector) d).detect(text, chars, out);
      case IBAN -> ((IbanDetector) d).detect(text, chars, out);
      case US_SSN -> ((UsSsnDetector) d).detect(text, chars, out);
      case PHONE -> ((PhoneDetector) d).detect(text, chars, out);
      case IP_ADDRESS -> ((IpAddressDetector) d).detect(text, chars, out);
      case JWT -> ((JwtDetector) d).detect(text, chars, out);
      case AUTH_CREDENTIAL -> ((AuthCredentialDetector) d).detect(text, chars, out);
      case CLOUD_KEY -> ((CloudKeyDetector) d).detect(text, chars, out);
      case PRIVATE_KEY -> ((PrivateKeyDetector) d).detect(text, chars, out);
      case URL_SECRET -> ((UrlSecretDetector) d).detect(text, chars, out);
      default -> d.detect(text, chars, out);
    }
  }

  /** Path segments after which a long random segment is a secret (a capability URL). */
  static final Set<String> TOKEN_SEGMENTS =
      Set.of(
          "reset",
          "reset-password",
          "password-reset",
          "reset_password",
          "token",
          "tokens",
          "verify",
          "verification",
          "confirm",
          "confirmation",
          "invite",
          "invitation",
          "invitations",
          "activate",
          "activation",
          "magic",
          "magic-link",
          "session",
          "sessions",
          "unsubscribe",
          "key",
          "keys",
          "apikey",
          "api-key",
          "otp",
          "recover",
          "recovery",
          "share",
          "signin",
          "sso");

  static final int MIN_PATH_TOKEN = 16;
  static final int MAX_PATH_TOKEN = 512;

  /**
   * Secrets in the path of a URL ({@code https://host/reset/9fK2...}, {@code /verify/...}): a
   * segment that follows one of {@link #TOKEN_SEGMENTS} and looks random (16+ characters of
   * letters, digits, {@code -_.~%}, with both a letter and a digit) is reported as {@link
   * DetectorKind#URL_SECRET}. Only for texts that are URLs (the caller knows: a URL key or a value
   * starting with {@code http://}); readable slugs ({@code /confirm/order-received}) stay. Linear:
   * each path character is read once.
   */
  public void scanUrlPath(String text, char[] chars, Findings out) {
    if (!kinds.contains(DetectorKind.URL_SECRET)) {
      return;
    }
    int n = chars.length;
    int scheme = text.indexOf("://");
    int from;
    if (scheme >= 0) {
      from = text.indexOf('/', scheme + 3);
    } else {
      from = n > 0 && chars[0] == '/' ? 0 : -1;
    }
    if (from < 0) {
      return;
    }
    // The path ends at the first '?' or '#'; segments are found with (vectorised) indexOf.
    int pathEnd = firstOf(text, '?', '#', from, n);
    boolean afterKeyword = false;
    int i = from;
    while (i < pathEnd) {
      int start = i + 1;
      int end = text.indexOf('/', start);
      if (end < 0 || end > pathEnd) {
        end = pathEnd;
      }
      if (afterKeyword && looksRandom(chars, start, end)) {
        out.add(start, end, DetectorKind.URL_SECRET);
      }
      afterKeyword = isTokenSegment(chars, start, end);
      i = end;
    }
  }

  /** The first index of {@code a} or {@code b} at or after {@code from}, or {@code n}. */
  private static int firstOf(String text, char a, char b, int from, int n) {
    int x = text.indexOf(a, from);
    int y = text.indexOf(b, from);
    if (x < 0) {
      return y < 0 ? n : y;
    }
    return y < 0 ? x : Math.min(x, y);
  }

  private static final int MAX_TOKEN_SEGMENT = 16;

  /** {@link #TOKEN_SEGMENTS} by length: most path segments are compared with none or a few. */
  private static final String[][] TOKEN_SEGMENTS_BY_LENGTH = byLength(TOKEN_SEGMENTS);

  private static String[][] byLength(Set<String> words) {
    String[][] out = new String[MAX_TOKEN_SEGMENT + 1][];
    for (int length = 0; length <= MAX_TOKEN_SEGMENT; length++) {
      int l = length;
      out[length] = words.stream().filter(w -> w.length() == l).toArray(String[]::new);
    }
    return out;
  }

  /** Whether {@code c[start, end)} is one of {@link #TOKEN_SEGMENTS}, without allocating. */
  private static boolean isTokenSegment(char[] c, int start, int end) {
    int length = end - start;
    if (length < 3 || length > MAX_TOKEN_SEGMENT) {
      return false;
    }
    char first = Chars.lower(c[start]);
    for (String keyword : TOKEN_SEGMENTS_BY_LENGTH[length]) {
      if (keyword.charAt(0) == first && sameIgnoreCase(c, start, keyword)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameIgnoreCase(char[] c, int start, String lowerWord) {
    for (int k = 0; k < lowerWord.length(); k++) {
      if (Chars.lower(c[start + k]) != lowerWord.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean looksRandom(char[] c, int start, int end) {
    if (end - start < MIN_PATH_TOKEN || end - start > MAX_PATH_TOKEN) {
      return false;
    }
    boolean letter = false;
    boolean digit = false;
    for (int k = start; k < end; k++) {
      char ch = c[k];
      if (Chars.isDigit(ch)) {
        digit = true;
      } else if (Chars.isAsciiLetter(ch)) {
        letter = true;
      } else if (ch != '-' && ch != '_' && ch != '.' && ch != '~' && ch != '%' && ch != '=') {
        return false;
      }
    }
    return letter && digit;
  }

  /**
   * What the original range {@code [start, end)} of {@code text} says once decoded ({@code
   * alice%40example.com} gives {@code alice@example.com}): the value to hash, so that one value
   * gives one token however it was encoded.
   */
  public static String decoded(String text, int start, int end) {
    return DecodedView.decodeRange(text, start, end);
  }
}
