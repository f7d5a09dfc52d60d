package io.mirador.pii.detect;

import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One region's numbering plan from libphonenumber's metadata, with its number patterns compiled
 * once: {@link #isValid} answers what {@code PhoneNumberUtil.isValidNumberForRegion} answers
 * (general pattern and length, then any number type: fixed line, mobile, toll free, premium rate,
 * shared cost, VoIP, personal, pager, UAN, voicemail).
 *
 * <p>Why not call {@code PhoneNumberUtil} itself: it compiles patterns through an LRU cache of 100
 * entries, and validating against 28 regions' 10 types each thrashes it, which measured 15-50 µs
 * per candidate instead of about 1 µs here.
 *
 * <p>Bounded: patterns are matched against at most {@link PhoneValidator#MAX_DIGITS} digits.
 */
final class NumberingPlan {
  private static final MetadataSource SOURCE =
      DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
  private static final ConcurrentHashMap<String, NumberingPlan> BY_REGION =
      new ConcurrentHashMap<>();

  final String region;
  final int callingCode;
  final String trunkPrefix;
  private final Desc general;
  private final List<Desc> types;

  /** One number type: its pattern and the lengths it allows ({@code lengths[n]}). */
  record Desc(Pattern pattern, boolean[] lengths) {
    boolean matches(String nsn) {
      return nsn.length() < lengths.length
          && lengths[nsn.length()]
          && pattern.matcher(nsn).matches();
    }
  }

  private NumberingPlan(String region, PhoneMetadata m) {
    this.region = region;
    this.callingCode = m.getCountryCode();
    this.trunkPrefix = m.getNationalPrefix(); // "" when the plan has none
    this.general = desc(m.getGeneralDesc(), null);
    List<Desc> list = new ArrayList<>();
    for (PhoneNumberDesc d :
        new PhoneNumberDesc[] {
          m.getFixedLine(),
          m.getMobile(),
          m.getTollFree(),
          m.getPremiumRate(),
          m.getSharedCost(),
          m.getVoip(),
          m.getPersonalNumber(),
          m.getPager(),
          m.getUan(),
          m.getVoicemail()
        }) {
      if (d != null) { // absent in the metadata: the plan has no numbers of this type
        list.add(desc(d, general));
      }
    }
    this.types = List.copyOf(list);
  }

  /**
   * Compiles {@code d}; a type that lists no lengths has its region's ({@code inherit}), as in
   * libphonenumber; length -1 means "no numbers of this type".
   */
  static Desc desc(PhoneNumberDesc d, Desc inherit) {
    boolean[] lengths = new boolean[PhoneValidator.MAX_DIGITS + 1];
    if (d.getPossibleLengthCount() == 0 && inherit != null) {
      lengths = inherit.lengths;
    } else {
      for (int len : d.getPossibleLengthList()) {
        if (len > 0 && len < lengths.length) {
          lengths[len] = true;
        }
      }
    }
    String pattern = d.hasNationalNumberPattern() ? d.getNationalNumberPattern() : "";
    return new Desc(Pattern.compile(pattern.isEmpty() ? "(?!)" : pattern), lengths);
  }

  /**
   * The plan of an ISO 3166-1 region (or {@code 001} with {@code callingCode} for the
   * non-geographic entities such as +800), or null when libphonenumber has none.
   */
  static NumberingPlan of(String region, int callingCode) {
    String key = region.equals("001") ? "001/" + callingCode : region;
    NumberingPlan plan = BY_REGION.get(key);
    if (plan == null) {
      PhoneMetadata m =
          region.equals("001")
              ? SOURCE.getMetadataForNonGeographicalRegion(callingCode)
              : SOURCE.getMetadataForRegion(region);
      if (m == null) {
        return null;
      }
      plan = new NumberingPlan(region, m);
      BY_REGION.putIfAbsent(key, plan);
    }
    return plan;
  }

  /** True if {@code nsn} (national significant number, leading zeros kept) is a valid number. */
  boolean isValid(String nsn) {
    if (!general.matches(nsn)) {
      return false;
    }
    for (Desc t : types) {
      if (t.matches(nsn)) {
        return true;
      }
    }
    return false;
  }

  /** True if the plan has numbers of {@code length} digits at all (a cheap pre-check). */
  boolean mayHave(int length) {
    return length < general.lengths.length && general.lengths[length];
  }
}
