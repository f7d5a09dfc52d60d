package io.mirador.pii.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The phone detector: shapes accepted anywhere, shapes that need a phone word, national formats
 * validated against the regions' numbering plans (libphonenumber metadata), and what is never a
 * phone. All numbers are fictitious (NANP 555-01xx, Ofcom drama ranges, ACMA, ARCEP) or synthetic.
 */
class PhoneDetectorTest {
  private static final Detector DEFAULT = new PhoneDetector();
  private static final Detector WITHOUT_LIBRARY = new PhoneDetector(PhoneValidator.disabled());

  private static List<String> found(Detector detector, String text) {
    Findings f = new Findings();
    detector.detect(text, f);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < f.size(); i++) {
      assertThat(f.kind(i)).isEqualTo(DetectorKind.PHONE);
      out.add(text.substring(f.start(i), f.end(i)));
    }
    return out;
  }

  private static List<String> found(String text) {
    return found(DEFAULT, text);
  }

  private static Detector regions(String... codes) {
    return PhoneRegions.of(List.of(codes)).detector();
  }

  @Test
  void kind() {
    assertThat(DEFAULT.kind()).isEqualTo(DetectorKind.PHONE);
  }

  @Test
  void internationalWithPlusIsAPhoneAnywhere() {
    assertThat(found("call +1 415 555 0100 now")).containsExactly("+1 415 555 0100");
    assertThat(found("x=+4915112345678;")).containsExactly("+4915112345678");
    assertThat(found("+44 20 7946 0958")).containsExactly("+44 20 7946 0958");
    assertThat(found("+33-1-99-00-12-34")).containsExactly("+33-1-99-00-12-34");
    // 8 digits is the shortest international number accepted; 7 is not one.
    assertThat(found("id +6561234567 and +1234567")).containsExactly("+6561234567");
    assertThat(found("+12345678")).containsExactly("+12345678");
    assertThat(found("+1234567")).isEmpty();
    // "a+1..." is glued to a word.
    assertThat(found("a+14155550100")).isEmpty();
  }

  @Test
  void northAmericanLayoutsAreAcceptedAsTheyAre() {
    assertThat(found("(415) 555-0100")).containsExactly("(415) 555-0100");
    assertThat(found("415-555-0100")).containsExactly("415-555-0100");
    assertThat(found("415.555.0100")).containsExactly("415.555.0100");
    assertThat(found("1-415-555-0100")).containsExactly("1-415-555-0100");
    assertThat(found("001-415-555-0100")).containsExactly("001-415-555-0100");
    // 1-3-3-4 must start with 1, 3-3-3-4 with 001.
    assertThat(found("2-415-555-0100")).isEmpty();
    assertThat(found("002-415-555-0100")).isEmpty();
    assertThat(found("011-415-555-0100")).isEmpty();
    // Without the library the same layouts still count (they are specific to phones).
    assertThat(found(WITHOUT_LIBRARY, "415-555-0100")).containsExactly("415-555-0100");
    assertThat(found(WITHOUT_LIBRARY, "(415) 555-0100")).containsExactly("(415) 555-0100");
  }

  @Test
  void parenthesisedAreaCodes() {
    assertThat(found("(030) 12345678")).containsExactly("(030) 12345678");
    assertThat(found("(02) 5550 1234")).containsExactly("(02) 5550 1234");
    assertThat(found("(11) 91234-5678")).containsExactly("(11) 91234-5678");
    assertThat(found("+1 (415) 555-0100")).containsExactly("+1 (415) 555-0100");
    // Too few digits, or no closing parenthesis.
    assertThat(found("(12) 3456")).isEmpty();
    assertThat(found("(123) 4567")).containsExactly("(123) 4567");
    assertThat(found("(030 12345678")).containsExactly("030 12345678");
    assertThat(found("(1234567) 89")).isEmpty();
  }

  @Test
  void extensions() {
    assertThat(found("415.555.0100 x1234")).containsExactly("415.555.0100 x1234");
    assertThat(found("415-555-0100 X12")).containsExactly("415-555-0100 X12");
    assertThat(found("415-555-0100 ext. 123 ok")).containsExactly("415-555-0100 ext. 123");
    assertThat(found("415-555-0100 ext 123")).containsExactly("415-555-0100 ext 123");
    assertThat(found("415-555-0100 ext:123")).containsExactly("415-555-0100 ext:123");
    assertThat(found("415-555-0100 extension 4")).containsExactly("415-555-0100 extension 4");
    assertThat(found("415-555-0100 Ext.123456")).containsExactly("415-555-0100 Ext.123456");
    // An extension makes a grouped number a phone.
    assertThat(found("555 0100 x12")).containsExactly("555 0100 x12");
    assertThat(found("5550100 x12")).isEmpty(); // one bare group: needs a word
    // Seven digits is no extension; the number stands alone.
    assertThat(found("415-555-0100 x1234567")).containsExactly("415-555-0100");
    assertThat(found("415-555-0100 next")).containsExactly("415-555-0100");
    assertThat(found("415-555-0100 extra")).containsExactly("415-555-0100");
    assertThat(found("415-555-0100 x")).containsExactly("415-555-0100");
  }

  @Test
  void shortShapesNeedAPhoneWord() {
    assertThat(found("took 555 0100 ms")).isEmpty();
    assertThat(found("phone: 555 0100")).containsExactly("555 0100");
    assertThat(found("Tel# 555-0100")).containsExactly("555-0100");
    assertThat(found("4155550100 fax")).containsExactly("4155550100");
    assertThat(found("4155550100 (mobile)")).containsExactly("4155550100");
    assertThat(found("ts=1700000000")).isEmpty();
    assertThat(found("call me at 5550100")).containsExactly("5550100");
    // A dotted pair is a decimal even next to a phone word; three dotted groups are not.
    assertThat(found("phone 555.0100")).isEmpty();
    assertThat(found("phone 12.34.56")).containsExactly("12.34.56");
    // Six digits count only in three groups.
    assertThat(found("phone 123456")).isEmpty();
    assertThat(found("phone 12 34 56")).containsExactly("12 34 56");
    // The word must be a word of its own and near enough.
    assertThat(found("telephoned 555 0100")).isEmpty();
    assertThat(found("phone " + "x".repeat(50) + " 555 0100")).isEmpty();
    assertThat(found("555 0100 " + "y".repeat(20) + " fax")).isEmpty();
  }

  @Test
  void nationalFormatsAreValidatedAgainstTheRegionsPlans() {
    assertThat(found("reached 030 12345678 ok")).containsExactly("030 12345678");
    assertThat(found("0151 23456789")).containsExactly("0151 23456789");
    assertThat(found("06 12 34 56 78")).containsExactly("06 12 34 56 78");
    assertThat(found("01.99.00.12.34")).containsExactly("01.99.00.12.34");
    assertThat(found("020 7946 0958")).containsExactly("020 7946 0958");
    assertThat(found("0161 496 0123")).containsExactly("0161 496 0123");
    assertThat(found("06 1234 5678")).containsExactly("06 1234 5678"); // Rome keeps its 0
    assertThat(found("612 345 678")).containsExactly("612 345 678"); // Spain, no trunk prefix
    assertThat(found("03-1234-5678")).containsExactly("03-1234-5678");
    assertThat(found("98765 43210")).containsExactly("98765 43210"); // India, prefix optional
    assertThat(found("0491 570 156")).containsExactly("0491 570 156");
    assertThat(found("070-123 45 67")).containsExactly("070-123 45 67"); // Sweden, mixed
    // Eight digits without a trunk prefix only in the closed plans' layouts.
    assertThat(found("6123 4567")).containsExactly("6123 4567"); // Singapore
    assertThat(found("32 12 34 56")).containsExactly("32 12 34 56"); // Denmark
    assertThat(found("412 34 567")).containsExactly("412 34 567"); // Norway
    assertThat(found("HTTP/1.1\" 200 13105 ")).isEmpty();
    assertThat(found("ref 61234 567")).isEmpty();
    // With a trunk prefix any layout: Munich with a five-digit subscriber number.
    assertThat(found("089 12345")).containsExactly("089 12345");
    // Up to 13 digits nationally; six groups at most.
    assertThat(found("030 1234567890")).containsExactly("030 1234567890");
    assertThat(found("030 12345678901")).isEmpty();
    assertThat(found("0033 6 12 34 56 78")).containsExactly("0033 6 12 34 56 78");
    assertThat(found("00353 1 234 5678")).containsExactly("00353 1 234 5678"); // 3-digit code
    // A dotted pair is a decimal even when its digits form a valid number.
    PhoneValidator validator = new PhoneValidator(PhoneRegions.defaults());
    assertThat(validator.isValid("0301.2345678", 0, 12)).isTrue();
    assertThat(found("v 0301.2345678")).isEmpty();
    // Without the library these need a phone word.
    assertThat(found(WITHOUT_LIBRARY, "reached 030 12345678 ok")).isEmpty();
    assertThat(found(WITHOUT_LIBRARY, "612 345 678")).isEmpty();
    assertThat(found(WITHOUT_LIBRARY, "tel 612 345 678")).containsExactly("612 345 678");
  }

  @Test
  void theRegionListDecidesWhichNationalFormatsAreKnown() {
    assertThat(found(regions("DE"), "030 12345678")).containsExactly("030 12345678");
    assertThat(found(regions("US"), "030 12345678")).isEmpty();
    assertThat(found(regions("ES"), "612 345 678")).containsExactly("612 345 678");
    // Germany requires its trunk prefix: 612 345 678 is no German national number.
    assertThat(found(regions("DE"), "612 345 678")).isEmpty();
    assertThat(found(regions("IN"), "98765 43210")).containsExactly("98765 43210");
    assertThat(found(regions("GB"), "98765 43210")).isEmpty();
    // International formats do not depend on the list.
    assertThat(found(regions("US"), "0049 30 12345678")).containsExactly("0049 30 12345678");
  }

  @Test
  void internationalCallPrefixes() {
    assertThat(found("0049 30 12345678")).containsExactly("0049 30 12345678");
    assertThat(found("0031 6 11805930")).containsExactly("0031 6 11805930");
    assertThat(found("0044 7700 900390")).containsExactly("0044 7700 900390"); // Ofcom drama
    assertThat(found("011 44 20 7946 0958")).containsExactly("011 44 20 7946 0958");
    // A one-digit group is allowed only right after 00 + country code.
    assertThat(found("0 12 34 56 78")).isEmpty();
    // An unknown or invalid country code.
    assertThat(found("0099 12 3456 7890")).isEmpty();
    assertThat(found("0049 00 0000 0001")).isEmpty();
    // Delhi's area code 011 is also North America's international prefix.
    assertThat(found("011 2345 6789")).containsExactly("011 2345 6789");
  }

  @Test
  void fictitiousRangesAreRedactedLikeRealNumbers() {
    assertThat(found("07700 900123")).containsExactly("07700 900123");
    assertThat(found("01632 960123")).containsExactly("01632 960123");
    assertThat(found(regions("US"), "07700 900123")).isEmpty(); // national: British only
    assertThat(PhoneValidator.isFictitious(44, "7700900123")).isTrue();
    assertThat(PhoneValidator.isFictitious(44, "1632960123")).isTrue();
    assertThat(PhoneValidator.isFictitious(44, "770090012")).isFalse();
    assertThat(PhoneValidator.isFictitious(49, "7700900123")).isFalse();
    assertThat(PhoneValidator.isFictitious(44, "7700901123")).isFalse();
    assertThat(PhoneValidator.isFictitious(33, "639981234")).isTrue();
    assertThat(PhoneValidator.isFictitious(33, "63998123")).isFalse();
    assertThat(PhoneValidator.isFictitious(33, "639971234")).isFalse();
    assertThat(PhoneValidator.isFictitious(44, "1632961234")).isFalse();
    assertThat(found("06 39 98 12 34")).containsExactly("06 39 98 12 34");
  }

  @Test
  void grouped10To13DigitNumbersNeedAValidPlanOrAWord() {
    // Card-shaped and reference numbers are not phones.
    assertThat(found("ref 4995 2327 0449 ok")).isEmpty();
    assertThat(found("order 4224 996 444 397 shipped")).isEmpty();
    assertThat(found("phone 4995 2327 0449")).containsExactly("4995 2327 0449");
    assertThat(found(WITHOUT_LIBRARY, "ref 020 7946 0958")).isEmpty();
    // Fourteen digits without + or 00 is no North American number.
    assertThat(found(regions("US"), "ref 0301 2345 6789 01")).isEmpty();
  }

  @Test
  void notPhones() {
    assertThat(
            found(
                "2024-01-31 12:30:45, 31.01.2024, 1-31-2024, 192.0.2.1, v1.2.3, 3.14159, 42,"
                    + " 123456"))
        .isEmpty();
    assertThat(found("phone 2024-01-31")).isEmpty();
    assertThat(found("phone 31.01.2024")).isEmpty();
    assertThat(found("phone 192.168.100.200")).isEmpty();
    // Placeholders: every digit zero, or a country code starting with 0.
    assertThat(found("call: 000-000-0000")).isEmpty();
    assertThat(found("tel: +00 0000 000000")).isEmpty();
    assertThat(found("tel: +0 415 555 0100")).isEmpty();
    assertThat(found("tel: (000) 000-0000")).isEmpty();
    // Pieces of a larger token: an order id, a timestamp, a decimal, an SSN layout.
    assertThat(found("order ORD-2018-408958 placed")).isEmpty();
    assertThat(found("ts=2015-07-18T10:51:43.161926-05:00")).isEmpty();
    assertThat(found("total=90917.01 EUR")).isEmpty();
    assertThat(found("ssn 921-98-1005")).isEmpty();
    assertThat(found("id 030 12345678-abc")).isEmpty();
    assertThat(found("id ab_030 12345678")).isEmpty();
    assertThat(found("id 12/030 12345678")).isEmpty();
    assertThat(found("id 12,030 12345678")).isEmpty();
    assertThat(found("id 030 12345678/12")).isEmpty();
    // After a key and a colon or a path slash it is a value of its own.
    assertThat(found("msisdn:030 12345678")).containsExactly("030 12345678");
    assertThat(found("/users/030 12345678")).containsExactly("030 12345678");
    // Glued to letters.
    assertThat(found("abc4155550100")).isEmpty();
    assertThat(found("4155550100abc")).isEmpty();
    assertThat(found("x415-555-0100")).isEmpty();
  }

  @Test
  void aPhoneFollowedByAnotherNumberIsCutAtTheSeparatorChange() {
    assertThat(found("+1 415 555 0100 2026-01-31")).containsExactly("+1 415 555 0100");
    assertThat(found("(415) 555-0100 2026-01-31")).containsExactly("(415) 555-0100");
    assertThat(found("030 12345678 2026-01-31")).containsExactly("030 12345678");
    assertThat(found("020 7946 0958 2026-01-31")).containsExactly("020 7946 0958");
    // A uniform run is not cut into a phone and a remainder.
    assertThat(found("ref 2720 5400 9776 5780")).isEmpty();
    assertThat(found("6011-4524-8309-4948")).isEmpty();
    // The cut part must still be a phone.
    assertThat(found("1234 5678 9012 2026-01-31")).isEmpty();
    assertThat(found("000 000 0000 2026-01-31")).isEmpty();
    assertThat(found("12 34 2026-01-31")).isEmpty();
  }

  @Test
  void longRunsAreSkippedAndScanningContinues() {
    String longRun = "1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6";
    assertThat(found(longRun + " then (415) 555-0100")).containsExactly("(415) 555-0100");
    assertThat(found("0".repeat(40) + " +14155550100")).containsExactly("+14155550100");
    assertThat(found("phone 1234567890123456")).isEmpty(); // 16 digits
    assertThat(found("phone 123456789012345")).containsExactly("123456789012345"); // 15
  }

  @Test
  void findingsAreInOrderAndDoNotOverlap() {
    String text = "a 030 12345678, b +44 20 7946 0958; c (415) 555-0100 x12 d 06 12 34 56 78";
    Findings f = new Findings();
    DEFAULT.detect(text, f);
    assertThat(f.size()).isEqualTo(4);
    for (int i = 1; i < f.size(); i++) {
      assertThat(f.start(i)).isGreaterThanOrEqualTo(f.end(i - 1));
    }
  }

  @Test
  void afterTheValidationBudgetTheLayoutDecides() {
    // Invalid 12-digit layouts: rejected while validated, then accepted (fail closed).
    StringBuilder sb = new StringBuilder();
    int n = PhoneDetector.VALIDATION_BUDGET + 5;
    for (int i = 0; i < n; i++) {
      sb.append("ref 1234 5678 9012, ");
    }
    assertThat(found(sb.toString())).hasSize(5);
    // Each text has its own budget.
    assertThat(found("ref 1234 5678 9012")).isEmpty();
  }

  @Test
  void validatorBounds() {
    PhoneValidator v = new PhoneValidator(PhoneRegions.defaults());
    assertThat(v.isValid("030 12345678", 0, 12)).isTrue();
    assertThat(v.isValid("x030 12345678", 1, 13)).isTrue();
    assertThat(v.isValid("030 1234567", 0, 11)).isTrue();
    assertThat(v.isValid("0301234", 0, 7)).isFalse(); // shorter than MIN_NATIONAL_DIGITS
    assertThat(v.isValid("030 1234567890", 0, 14)).isTrue(); // 13 digits
    assertThat(v.isValid("030 12345678901", 0, 15)).isFalse(); // 14: a reference, not a phone
    assertThat(found("ref 0433-32565-077829 processed")).isEmpty();
    String longest = "0".repeat(PhoneValidator.MAX_CHARS - 12) + "030 12345678";
    assertThat(v.isValid(longest, 0, longest.length())).isFalse(); // 00 + 0301...: no such code
    assertThat(v.isValid(longest + " ", 0, longest.length() + 1)).isFalse(); // too long
    String eighteen = "123456789012345678";
    assertThat(v.isValid(eighteen, 0, eighteen.length())).isFalse();
    assertThat(PhoneValidator.disabled().isValid("030 12345678", 0, 12)).isFalse();
    assertThat(PhoneValidator.isValidInternational("4930123456789")).isTrue();
    assertThat(PhoneValidator.isValidInternational("14155550100")).isTrue();
    assertThat(PhoneValidator.isValidInternational("80012345678")).isTrue(); // +800 freephone
    assertThat(PhoneValidator.isValidInternational("9991234567")).isFalse();
    assertThat(PhoneValidator.isValidInternational("4")).isFalse();
  }

  @Test
  void numberingPlans() {
    NumberingPlan de = NumberingPlan.of("DE", 0);
    assertThat(de.callingCode).isEqualTo(49);
    assertThat(de.trunkPrefix).isEqualTo("0");
    assertThat(de.isValid("3012345678")).isTrue();
    assertThat(de.isValid("0012345678")).isFalse();
    assertThat(de.mayHave(10)).isTrue();
    assertThat(de.mayHave(2)).isFalse();
    assertThat(de.mayHave(PhoneValidator.MAX_DIGITS + 1)).isFalse();
    assertThat(NumberingPlan.of("DE", 0)).isSameAs(de);
    assertThat(NumberingPlan.of("IT", 0).trunkPrefix).isEmpty();
    assertThat(NumberingPlan.of("IT", 0).isValid("0612345678")).isTrue();
    assertThat(NumberingPlan.of("001", 800).isValid("12345678")).isTrue();
    assertThat(NumberingPlan.of("XX", 0)).isNull();
    assertThat(de.isValid("3".repeat(PhoneValidator.MAX_DIGITS + 1))).isFalse();
    // Every region libphonenumber knows loads, and its own example number is valid in it.
    com.google.i18n.phonenumbers.PhoneNumberUtil util =
        com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
    int checked = 0;
    for (String region : util.getSupportedRegions()) {
      NumberingPlan plan = NumberingPlan.of(region, 0);
      com.google.i18n.phonenumbers.Phonenumber.PhoneNumber example = util.getExampleNumber(region);
      if (example != null) {
        assertThat(plan.isValid(util.getNationalSignificantNumber(example))).as(region).isTrue();
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(200);
  }

  @Test
  void numberTypeDescriptions() {
    NumberingPlan.Desc general =
        NumberingPlan.desc(
            new com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc()
                .setNationalNumberPattern("\\d{5,6}")
                .addPossibleLength(5)
                .addPossibleLength(6),
            null);
    assertThat(general.matches("12345")).isTrue();
    assertThat(general.matches("1234567")).isFalse();
    // No lengths of its own: the region's.
    NumberingPlan.Desc inherits =
        NumberingPlan.desc(
            new com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc()
                .setNationalNumberPattern("1\\d{4,5}"),
            general);
    assertThat(inherits.matches("123456")).isTrue();
    assertThat(inherits.matches("223456")).isFalse();
    // Its own lengths win; -1 means none; an empty pattern never matches.
    NumberingPlan.Desc own =
        NumberingPlan.desc(
            new com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc()
                .setNationalNumberPattern("1\\d{4,5}")
                .addPossibleLength(5),
            general);
    assertThat(own.matches("12345")).isTrue();
    assertThat(own.matches("123456")).isFalse();
    NumberingPlan.Desc none =
        NumberingPlan.desc(
            new com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc()
                .setNationalNumberPattern("1\\d{4,5}")
                .addPossibleLength(-1),
            general);
    assertThat(none.matches("12345")).isFalse();
    NumberingPlan.Desc empty =
        NumberingPlan.desc(
            new com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc().addPossibleLength(5),
            general);
    assertThat(empty.matches("12345")).isFalse();
    NumberingPlan.Desc longest =
        NumberingPlan.desc(
            new com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc()
                .setNationalNumberPattern("\\d+")
                .addPossibleLength(PhoneValidator.MAX_DIGITS)
                .addPossibleLength(PhoneValidator.MAX_DIGITS + 1),
            null);
    assertThat(longest.matches("1".repeat(PhoneValidator.MAX_DIGITS))).isTrue();
    assertThat(longest.matches("1".repeat(PhoneValidator.MAX_DIGITS + 1))).isFalse();
  }

  @Test
  void regions() {
    assertThat(PhoneRegions.defaults().codes()).hasSize(28).contains("US", "DE", "IN", "JP");
    assertThat(PhoneRegions.of(List.of())).isSameAs(PhoneRegions.defaults());
    assertThat(PhoneRegions.of(List.of(" de", "AT", "DE")).codes()).containsExactly("DE", "AT");
    assertThat(PhoneRegions.of(List.of("DE"))).isEqualTo(PhoneRegions.of(List.of("de")));
    assertThat(PhoneRegions.of(List.of("DE")).hashCode()).isEqualTo(List.of("DE").hashCode());
    assertThat(PhoneRegions.of(List.of("DE"))).isNotEqualTo(PhoneRegions.of(List.of("AT")));
    assertThat(PhoneRegions.of(List.of("DE")).toString()).isEqualTo("PhoneRegions[DE]");
    assertThat(PhoneRegions.of(List.of("DE")).detector().kind()).isEqualTo(DetectorKind.PHONE);
    assertThatThrownBy(() -> PhoneRegions.of(List.of("DE", "XX")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("phone region 'XX' is not an ISO 3166-1 alpha-2 region");
    assertThatThrownBy(() -> PhoneRegions.of(Collections.singletonList(null)))
        .hasMessageContaining("'null'");
    // Hostile input is not echoed verbatim.
    assertThatThrownBy(() -> PhoneRegions.of(List.of("<script>alert(1)</script>")))
        .hasMessageContaining("'?script?...'");
    assertThatThrownBy(() -> PhoneRegions.of(List.of("D\nE"))).hasMessageContaining("'D?E'");
    assertThatThrownBy(() -> PhoneRegions.of(List.of("ABCDEFGH")))
        .hasMessageContaining("'ABCDEFGH'");
  }

  @Test
  void tooManyRegionsAreRefused() {
    List<String> all =
        new ArrayList<>(
            com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getSupportedRegions());
    Collections.sort(all);
    assertThat(PhoneRegions.of(all.subList(0, PhoneRegions.MAX_REGIONS)).codes())
        .hasSize(PhoneRegions.MAX_REGIONS);
    assertThatThrownBy(() -> PhoneRegions.of(all.subList(0, PhoneRegions.MAX_REGIONS + 1)))
        .hasMessage("phone regions: 65 given, at most 64 allowed");
  }

  /** {@link NumberingPlan} answers what libphonenumber's own validation answers. */
  @Test
  void numberingPlanAgreesWithPhoneNumberUtil() {
    com.google.i18n.phonenumbers.PhoneNumberUtil util =
        com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance();
    java.util.Random random = new java.util.Random(7);
    int valid = 0;
    for (String region : PhoneRegions.defaults().codes()) {
      NumberingPlan plan = NumberingPlan.of(region, 0);
      for (int i = 0; i < 400; i++) {
        int length = 6 + random.nextInt(8);
        StringBuilder nsn = new StringBuilder();
        nsn.append((char) ('1' + random.nextInt(9)));
        while (nsn.length() < length) {
          nsn.append((char) ('0' + random.nextInt(10)));
        }
        com.google.i18n.phonenumbers.Phonenumber.PhoneNumber number =
            new com.google.i18n.phonenumbers.Phonenumber.PhoneNumber()
                .setCountryCode(plan.callingCode)
                .setNationalNumber(Long.parseLong(nsn.toString()));
        boolean expected = util.isValidNumberForRegion(number, region);
        assertThat(plan.isValid(nsn.toString())).as("%s %s", region, nsn).isEqualTo(expected);
        if (expected) {
          valid++;
        }
      }
    }
    assertThat(valid).as("random numbers valid somewhere").isGreaterThan(500);
  }

  /**
   * Phone-shaped adversarial values that reach the validator: < 50 ms of CPU per 100 KB, best of 8
   * (a quadratic scan takes seconds).
   */
  @Test
  void linearOnPhoneShapedInput() {
    String[] units = {
      "x 030 12345678, ",
      "x 1234 5678 9012, ",
      "x 98765 43210 ",
      "0049 30 12345678 ",
      "415-555-0100 ext. ",
      "ORD-2018-408958 ",
      "000-000-0000 "
    };
    // Warm-up (the JIT, not the detector's state: findings are thrown away).
    for (int round = 0; round < 3; round++) {
      for (String unit : units) {
        DEFAULT.detect(unit.repeat(2048), new Findings());
      }
    }
    for (String unit : units) {
      String text = unit.repeat(100 * 1024 / unit.length() + 1).substring(0, 100 * 1024);
      long best = BestCpuTime.nanos(8, () -> DEFAULT.detect(text, new Findings()));
      assertThat(best).as("repeat(%s) took %.1f ms", unit, best / 1e6).isLessThan(50_000_000L);
    }
  }
}
