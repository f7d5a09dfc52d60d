package io.mirador.pii.detect;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a phone candidate's digits against the numbering plans in Google's libphonenumber: valid
 * (an assigned range of the right length, not merely a possible length) for one of the site's
 * regions when written nationally, or for its country calling code when written with {@code 00} or
 * {@code 011} (the international call prefixes of most of the world and of North America).
 *
 * <p>A national number must start with its region's trunk prefix ({@code 0} in most of Europe),
 * except in North America and India, where numbers are customarily written without it ({@code 415
 * 555 0100}, {@code 98765 43210}). libphonenumber itself accepts a missing prefix (it parses what
 * users type into forms), but then almost every 8-10 digit number is valid somewhere.
 *
 * <p>Bounded: at most {@value #MAX_CHARS} characters and {@value #MAX_DIGITS} digits are looked at,
 * so a call costs a constant (the plans' regular expressions run on bounded input) times the number
 * of regions, which the policy bounds ({@link PhoneRegions#MAX_REGIONS}). Regions whose plan has no
 * number of the candidate's length are skipped with a table lookup. The plans come from
 * libphonenumber's metadata ({@link NumberingPlan}).
 */
final class PhoneValidator {
  static final int MAX_DIGITS = 17;
  static final int MAX_CHARS = 24;

  /**
   * National numbers shorter than this are not recognised without a phone word: 7-digit local
   * numbers ({@code 555 0100}) are valid in Luxembourg, Austria, Germany or Finland, and so are
   * durations, counts and ids of that shape.
   */
  static final int MIN_NATIONAL_DIGITS = 8;

  /**
   * National numbers longer than this (trunk prefix included) are not recognised without a phone
   * word: German plans allow up to 15 digits (direct-dial extensions), but written numbers that
   * long are mostly references ({@code 0433-32565-077829}).
   */
  static final int MAX_NATIONAL_DIGITS = 13;

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private final List<Region> regions;
  private final boolean enabled;

  /** Accepts nothing: the detector without libphonenumber (for measurements and tests). */
  static PhoneValidator disabled() {
    return new PhoneValidator(PhoneRegions.defaults(), false);
  }

  PhoneValidator(PhoneRegions regions) {
    this(regions, true);
  }

  private PhoneValidator(PhoneRegions regions, boolean enabled) {
    this.enabled = enabled;
    List<Region> list = new ArrayList<>();
    for (String code : regions.codes()) {
      NumberingPlan plan = NumberingPlan.of(code, 0);
      if (plan == null) {
        throw new IllegalArgumentException("no numbering plan for region " + code);
      }
      list.add(new Region(plan, UTIL.isNANPACountry(code) || code.equals("IN")));
    }
    this.regions = List.copyOf(list);
  }

  /**
   * @param trunkPrefixOptional national numbers are customarily written without the trunk prefix
   */
  private record Region(NumberingPlan plan, boolean trunkPrefixOptional) {}

  /**
   * True if the digits of {@code text[from, to)} (digits and separators, at most {@value
   * #MAX_CHARS} characters) form a valid number: international when they start with {@code 00} or
   * {@code 011}, otherwise national in one of the regions.
   */
  boolean isValid(String text, int from, int to) {
    if (!enabled || to - from > MAX_CHARS) {
      return false;
    }
    char[] digits = new char[MAX_DIGITS];
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (Chars.isDigit(c)) {
        if (n == MAX_DIGITS) {
          return false;
        }
        digits[n++] = c;
      }
    }
    String all = new String(digits, 0, n);
    if (all.startsWith("00")) {
      return isValidInternational(all.substring(2));
    }
    if (all.startsWith("011") && isValidInternational(all.substring(3))) {
      return true; // the North American international prefix (011 is also Delhi's area code)
    }
    return isValidNational(all);
  }

  /** {@code digits} = calling code (1-3 digits) + national significant number. */
  static boolean isValidInternational(String digits) {
    for (int ccLength = 1; ccLength <= 3 && ccLength < digits.length(); ccLength++) {
      int cc = Integer.parseInt(digits.substring(0, ccLength));
      String nsn = digits.substring(ccLength);
      if (isFictitious(cc, nsn)) {
        return true;
      }
      for (String region : UTIL.getRegionCodesForCountryCode(cc)) {
        NumberingPlan plan = NumberingPlan.of(region, cc);
        if (plan != null && plan.isValid(nsn)) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean isValidNational(String digits) {
    if (digits.length() < MIN_NATIONAL_DIGITS || digits.length() > MAX_NATIONAL_DIGITS) {
      return false;
    }
    for (Region r : regions) {
      String trunk = r.plan.trunkPrefix;
      String nsn;
      if (!trunk.isEmpty() && digits.startsWith(trunk)) {
        nsn = digits.substring(trunk.length());
      } else if (trunk.isEmpty() || r.trunkPrefixOptional) {
        nsn = digits;
      } else {
        continue;
      }
      if (r.plan.mayHave(nsn.length())
          && (r.plan.isValid(nsn) || isFictitious(r.plan.callingCode, nsn))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Ranges a plan reserves for fiction, which libphonenumber rightly calls unassigned: test data
   * and demos use them, so they are redacted like real numbers. Ofcom: 07700 900000-900999 and the
   * former fictional area 01632 960xxx; ARCEP: 06 39 98 xx xx. (ACMA's fictitious mobiles, ARCEP's
   * 01 99 00 and NANP 555-01xx lie in ranges libphonenumber accepts.)
   */
  static boolean isFictitious(int cc, String nsn) {
    return switch (cc) {
      case 44 -> nsn.length() == 10 && (nsn.startsWith("7700900") || nsn.startsWith("1632960"));
      case 33 -> nsn.length() == 9 && nsn.startsWith("63998");
      default -> false;
    };
  }
}
