package io.mirador.pii.detect;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The regions (ISO 3166-1 alpha-2) whose national phone formats the phone detector recognises
 * without a phone word nearby, such as {@code 030 12345678} in {@code DE}. International formats
 * ({@code +49 ...}, {@code 0049 ...}) are recognised for every country whatever this list holds.
 *
 * <p>A national number means something only inside its country, and the more regions are tried the
 * more ordinary numbers are valid somewhere, so a site lists where its users are. The default list
 * ({@link #defaults()}) covers the larger economies of Europe, the Americas, Asia-Pacific and
 * Africa; RATIONALE.md ("Phone numbers: libphonenumber") has the measured trade-off.
 */
public final class PhoneRegions {
  /** At most this many regions: each one is tried per otherwise-rejected candidate. */
  public static final int MAX_REGIONS = 64;

  private static final List<String> DEFAULT =
      List.of(
          "US", "CA", "GB", "IE", "DE", "AT", "CH", "FR", "BE", "NL", "LU", "IT", "ES", "PT", "SE",
          "NO", "DK", "FI", "PL", "CZ", "IN", "AU", "NZ", "BR", "MX", "JP", "SG", "ZA");
  private static final PhoneRegions DEFAULTS = new PhoneRegions(DEFAULT);

  private final List<String> codes;

  private PhoneRegions(Collection<String> codes) {
    this.codes = List.copyOf(codes);
  }

  /** The built-in list (28 regions). */
  public static PhoneRegions defaults() {
    return DEFAULTS;
  }

  /**
   * The given regions, in order, upper-cased; an empty list means {@link #defaults()}.
   *
   * @throws IllegalArgumentException naming the first code that is not a region libphonenumber
   *     knows, or when there are more than {@value #MAX_REGIONS}
   */
  public static PhoneRegions of(Collection<String> codes) {
    if (codes.isEmpty()) {
      return DEFAULTS;
    }
    Set<String> supported = PhoneNumberUtil.getInstance().getSupportedRegions();
    Set<String> out = new LinkedHashSet<>();
    for (String code : codes) {
      String upper = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
      if (!supported.contains(upper)) {
        throw new IllegalArgumentException(
            "phone region '"
                + printable(code)
                + "' is not an ISO 3166-1 alpha-2 region with a numbering plan (e.g. DE, US, GB)");
      }
      out.add(upper);
    }
    if (out.size() > MAX_REGIONS) {
      throw new IllegalArgumentException(
          "phone regions: " + out.size() + " given, at most " + MAX_REGIONS + " allowed");
    }
    return new PhoneRegions(out);
  }

  /** The region codes, in the order they are tried. */
  public List<String> codes() {
    return codes;
  }

  /** A phone detector that recognises these regions' national formats. */
  public Detector detector() {
    return new PhoneDetector(new PhoneValidator(this));
  }

  /** The code as given, cut short and with anything but letters and digits shown as '?'. */
  private static String printable(String code) {
    if (code == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(code.length(), 8); i++) {
      char c = code.charAt(i);
      sb.append(Chars.isAsciiAlnum(c) ? c : '?');
    }
    return code.length() > 8 ? sb + "..." : sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PhoneRegions other && codes.equals(other.codes);
  }

  @Override
  public int hashCode() {
    return codes.hashCode();
  }

  @Override
  public String toString() {
    return "PhoneRegions" + codes;
  }
}
