package io.mirador.pii.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * THE table of payment card issuer identification number (IIN) ranges and primary account number
 * (PAN) lengths: the only place the card detector, its tests and the generated corpus learn which
 * numbers are cards. A number is a card when its leading digits fall in a row and its length is one
 * of that row's lengths (and it is Luhn-valid, checked by the caller).
 *
 * <p>Sources (rows cite their own):
 *
 * <ul>
 *   <li>ISO/IEC 7812-1:2017, <i>Identification cards — Identification of issuers — Part 1:
 *       Numbering system</i>: PANs of at most 19 digits, the major industry identifier (first
 *       digit), the Luhn check digit (Annex B), 6- and 8-digit IINs.
 *   <li><i>Visa Core Rules and Visa Product and Service Rules</i>: IIN 4, PANs of 13, 16 and 19
 *       digits (Visa Electron and V PAY live in the same range).
 *   <li><i>Mastercard Rules</i>, definition of "Mastercard Account": BINs 222100–272099 and
 *       510000–559999, 16 digits; Maestro BINs 50, 56–69 with 12–19 digits (<i>Maestro Global
 *       Rules</i>).
 *   <li><i>American Express Global Merchant Services Operating Regulations</i>: 34, 37, 15 digits.
 *   <li><i>Discover Global Network IIN ranges</i> (Discover Network Operating Regulations): 6011,
 *       644–649, 65, 622126–622925, 16–19 digits; Diners Club International 300–305, 3095, 36,
 *       38–39, 14–19 digits (processed by Discover since 16 October 2009).
 *   <li><i>JCB International card specifications</i>: 3528–3589, 16–19 digits; the historic
 *       15-digit 1800 and 2131 ranges.
 *   <li><i>UnionPay International</i> card BIN rules: 62, 16–19 digits.
 *   <li>NPCI <i>RuPay</i>: 60, 65, 81, 82, 508 and the RuPay–JCB co-branded 353 and 356, 16 digits.
 *   <li>NSPK <i>Mir</i> (National Payment Card System, Russia): 2200–2204, 16–19 digits.
 *   <li>Interswitch <i>Verve</i>: 506099–506198, 507865–507964, 650002–650027; 16, 18 and 19
 *       digits.
 *   <li>BKM <i>Troy</i> (Turkey): 9792, 16; <i>BORICA</i> (Bulgaria): 2205, 16; <i>UzCard</i> 8600,
 *       5614 and <i>Humo</i> 9860 (Uzbekistan), 16; <i>GPN</i> (Indonesia) 1946, 16, 18, 19;
 *       <i>China T-Union</i> 31, 19; <i>UATP</i> (airlines, MII 1) 1, 15.
 * </ul>
 *
 * The same ranges and lengths are collected in Wikipedia's "Payment card number" IIN table, which
 * was used to cross-check the rows. Not included: Diners Club enRoute (2014, 2149; not
 * Luhn-checked, discontinued) and UnionPay's newer 81 range beyond RuPay's 16 digits (no published
 * source available offline). Smaller national schemes (Dankort 5019, InterPayment 636, InstaPayment
 * 637–639, UkrCard 604001–604200, LankaPay 357111, Laser, Solo, Switch, Bankcard) fall inside the
 * broader rows above.
 *
 * <p>Lookup: the rows are flattened once into disjoint segments of 6-digit prefixes, each with the
 * union of the allowed lengths; {@link #lengths} is a binary search over about a hundred ints, with
 * no allocation.
 */
public final class IssuerRanges {
  /** Shortest and longest card number of any row. */
  public static final int MIN_LENGTH = 12;

  public static final int MAX_LENGTH = 19;

  private static final int PREFIX_DIGITS = 6;

  /**
   * One published range: numbers whose first {@code low.length()} digits lie in {@code [low, high]}
   * and whose length is in {@code lengths} (bit {@code 1 << n} for {@code n} digits).
   */
  public record Range(String scheme, String low, String high, int lengths) {
    public Range {
      if (low.isEmpty()
          || low.length() != high.length()
          || low.length() > PREFIX_DIGITS
          || !allDigits(low)
          || !allDigits(high)
          || low.compareTo(high) > 0) {
        throw new IllegalArgumentException(
            scheme + ": bad prefix range " + low + "-" + high + " (1-6 digits, low <= high)");
      }
      if (lengths == 0 || (lengths & ~lengthBits(MIN_LENGTH, MAX_LENGTH)) != 0) {
        throw new IllegalArgumentException(scheme + ": lengths must lie in 12..19");
      }
    }

    /** The lowest 6-digit prefix of the range. */
    public int low6() {
      return scale(low, '0');
    }

    /** The highest 6-digit prefix of the range. */
    public int high6() {
      return scale(high, '9');
    }

    /** Whether {@code digits} long numbers are issued in this range. */
    public boolean allows(int digits) {
      return digits >= MIN_LENGTH && digits <= MAX_LENGTH && (lengths & (1 << digits)) != 0;
    }

    private static int scale(String prefix, char fill) {
      int v = Integer.parseInt(prefix);
      for (int i = prefix.length(); i < PREFIX_DIGITS; i++) {
        v = v * 10 + (fill - '0');
      }
      return v;
    }
  }

  private static final List<Range> TABLE =
      List.of(
          row("Visa", "4", "4", 13, 16, 19),
          row("Mastercard", "51", "55", 16),
          row("Mastercard 2-series", "2221", "2720", 16),
          row("American Express", "34", "34", 15),
          row("American Express", "37", "37", 15),
          row("Discover", "6011", "6011", 16, 17, 18, 19),
          row("Discover", "644", "649", 16, 17, 18, 19),
          row("Discover", "65", "65", 16, 17, 18, 19),
          row("Discover (UnionPay co-brand)", "622126", "622925", 16, 17, 18, 19),
          row("Diners Club International", "300", "305", 14, 15, 16, 17, 18, 19),
          row("Diners Club International", "3095", "3095", 14, 15, 16, 17, 18, 19),
          row("Diners Club International", "36", "36", 14, 15, 16, 17, 18, 19),
          row("Diners Club International", "38", "39", 14, 15, 16, 17, 18, 19),
          row("JCB", "3528", "3589", 16, 17, 18, 19),
          row("JCB (historic 15-digit)", "1800", "1800", 15),
          row("JCB (historic 15-digit)", "2131", "2131", 15),
          row("Maestro", "50", "50", 12, 13, 14, 15, 16, 17, 18, 19),
          row("Maestro", "56", "69", 12, 13, 14, 15, 16, 17, 18, 19),
          row("UnionPay", "62", "62", 16, 17, 18, 19),
          row("RuPay", "60", "60", 16),
          row("RuPay", "65", "65", 16),
          row("RuPay", "81", "82", 16),
          row("RuPay", "508", "508", 16),
          row("RuPay (JCB co-brand)", "353", "353", 16),
          row("RuPay (JCB co-brand)", "356", "356", 16),
          row("Mir", "2200", "2204", 16, 17, 18, 19),
          row("Verve", "506099", "506198", 16, 18, 19),
          row("Verve", "507865", "507964", 16, 18, 19),
          row("Verve", "650002", "650027", 16, 18, 19),
          row("Troy", "9792", "9792", 16),
          row("BORICA", "2205", "2205", 16),
          row("UzCard", "8600", "8600", 16),
          row("UzCard", "5614", "5614", 16),
          row("Humo", "9860", "9860", 16),
          row("GPN", "1946", "1946", 16, 18, 19),
          row("China T-Union", "31", "31", 19),
          row("UATP", "1", "1", 15));

  /** Segment i covers 6-digit prefixes {@code [STARTS[i], STARTS[i + 1])}. */
  private static final int[] STARTS;

  private static final int[] LENGTHS;

  static {
    TreeSet<Integer> bounds = new TreeSet<>();
    bounds.add(0);
    for (Range r : TABLE) {
      bounds.add(r.low6());
      bounds.add(r.high6() + 1);
    }
    STARTS = bounds.stream().mapToInt(Integer::intValue).toArray();
    LENGTHS = new int[STARTS.length];
    for (int i = 0; i < STARTS.length; i++) {
      for (Range r : TABLE) {
        if (STARTS[i] >= r.low6() && STARTS[i] <= r.high6()) {
          LENGTHS[i] |= r.lengths();
        }
      }
    }
  }

  private IssuerRanges() {}

  /** Every row, in the order above. */
  public static List<Range> ranges() {
    return TABLE;
  }

  /**
   * The lengths (bit {@code 1 << n}) issued for numbers whose first six digits are {@code
   * d[offset..offset + 6)}; 0 when no scheme issues that prefix. {@code d} must hold at least six
   * ASCII digits from {@code offset}.
   */
  static int lengths(char[] d, int offset) {
    int prefix = 0;
    for (int i = offset; i < offset + PREFIX_DIGITS; i++) {
      prefix = prefix * 10 + (d[i] - '0');
    }
    int i = Arrays.binarySearch(STARTS, prefix);
    return LENGTHS[i >= 0 ? i : -i - 2];
  }

  /** Whether the {@code len} digits at {@code d[offset..]} are in a published range and length. */
  static boolean issued(char[] d, int offset, int len) {
    return len >= MIN_LENGTH && len <= MAX_LENGTH && (lengths(d, offset) & (1 << len)) != 0;
  }

  /** The same for a string of ASCII digits (tests and the corpus generator). */
  public static boolean issued(String digits) {
    requireDigits(digits);
    return issued(digits.toCharArray(), 0, digits.length());
  }

  /** The schemes whose rows accept {@code digits}, for reports and tests. */
  public static List<String> schemes(String digits) {
    requireDigits(digits);
    List<String> out = new ArrayList<>();
    if (digits.length() < MIN_LENGTH) {
      return out;
    }
    int prefix = Integer.parseInt(digits.substring(0, PREFIX_DIGITS));
    for (Range r : TABLE) {
      if (prefix >= r.low6() && prefix <= r.high6() && r.allows(digits.length())) {
        out.add(r.scheme());
      }
    }
    return out;
  }

  private static Range row(String scheme, String low, String high, int... lengths) {
    int bits = 0;
    for (int n : lengths) {
      bits |= 1 << n;
    }
    return new Range(scheme, low, high, bits);
  }

  private static void requireDigits(String s) {
    if (!allDigits(s)) {
      throw new IllegalArgumentException("not a string of ASCII digits");
    }
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!Chars.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static int lengthBits(int from, int to) {
    int bits = 0;
    for (int n = from; n <= to; n++) {
      bits |= 1 << n;
    }
    return bits;
  }
}
