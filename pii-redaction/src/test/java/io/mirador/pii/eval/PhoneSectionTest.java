package io.mirador.pii.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/**
 * The phone section follows the numbering plans it cites: libphonenumber (an independent source)
 * calls its numbers valid, it covers 20+ countries and every format, and it is deterministic.
 */
class PhoneSectionTest {
  private static RandomGenerator random() {
    return RandomGeneratorFactory.of("L64X128MixRandom").create(42);
  }

  @Test
  void everyGeneratedNumberIsValidInItsCountrysPlan() {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    RandomGenerator random = random();
    for (PhoneSection.Plan plan : PhoneSection.PLANS) {
      for (int i = 0; i < 50; i++) {
        String nsn = PhoneSection.nsn(plan, random);
        assertThat(nsn).hasSize(plan.length());
        PhoneNumber number =
            new PhoneNumber()
                .setCountryCode(Integer.parseInt(plan.cc()))
                .setNationalNumber(Long.parseLong(nsn));
        if (nsn.startsWith("0")) {
          number.setItalianLeadingZero(true);
        }
        // Ofcom's drama mobiles and ARCEP's fictitious mobiles are unassigned by design.
        boolean drama =
            (plan.region().equals("GB") && nsn.startsWith("7700900"))
                || (plan.region().equals("FR") && nsn.startsWith("63998"));
        assertThat(util.isValidNumberForRegion(number, plan.region()))
            .as("%s %s", plan.region(), nsn)
            .isEqualTo(!drama);
      }
    }
  }

  @Test
  void atLeastTwentyCountriesInNationalAndInternationalFormats() {
    Set<String> regions = new HashSet<>();
    for (PhoneSection.Plan plan : PhoneSection.PLANS) {
      regions.add(plan.region());
    }
    assertThat(regions).hasSizeGreaterThanOrEqualTo(20);
    PhoneSection.Plan berlin = PhoneSection.PLANS.get(5);
    assertThat(berlin.region()).isEqualTo("DE");
    List<String> formats = PhoneSection.formats(berlin, random());
    // national: spaces, dashes, (area); E.164; +49 spaced; +49 dashed; 0049; extension
    assertThat(formats).hasSize(8);
    assertThat(formats.get(0)).matches("030 \\d{8}");
    assertThat(formats.get(1)).matches("030-\\d{8}");
    assertThat(formats.get(2)).matches("\\(030\\) \\d{8}");
    assertThat(formats.get(3)).matches("\\+4930\\d{8}");
    assertThat(formats.get(4)).matches("\\+49 30 \\d{8}");
    assertThat(formats.get(5)).matches("\\+49-30-\\d{8}");
    assertThat(formats.get(6)).matches("0049 30 \\d{8}");
    assertThat(formats.get(7)).matches("030 \\d{8} (ext\\.? |x|extension )\\d{2,4}");
    // North America dials out with 011.
    assertThat(PhoneSection.formats(PhoneSection.PLANS.get(0), random()))
        .anyMatch(f -> f.startsWith("011 44 20 7946 0"));
  }

  @Test
  void brazilianLayout() {
    PhoneSection.Plan plan =
        PhoneSection.PLANS.stream().filter(p -> p.region().equals("BR")).findFirst().orElseThrow();
    assertThat(PhoneSection.national(plan, "11912345678", 'b')).isEqualTo("(11) 91234-5678");
    assertThat(PhoneSection.group("0301234", new int[] {3, 4}, '.')).isEqualTo("030.1234");
  }

  @Test
  void deterministicAndLabelled() {
    CorpusSink a = new CorpusSink();
    CorpusSink b = new CorpusSink();
    new PhoneSection().generate(random(), a);
    new PhoneSection().generate(random(), b);
    assertThat(a.samples()).isEqualTo(b.samples());
    assertThat(a.size()).isGreaterThan(500);
    int withWord = 0;
    for (PiiEval.Sample s : a.samples()) {
      assertThat(s.spans()).hasSize(1);
      PiiEval.Span span = s.spans().getFirst();
      assertThat(span.type()).isEqualTo("PHONE_NUMBER");
      String number = s.text().substring(span.start(), span.end());
      assertThat(s.text()).doesNotContain("%s").hasSizeGreaterThan(number.length() + 5);
      assertThat(number).matches("[+(]?[0-9][0-9 ().-]*[0-9](( ext\\.? | x| extension )\\d+)?");
      String lower = s.text().toLowerCase(java.util.Locale.ROOT);
      if (lower.matches("(?s).*\\b(phone|mobile|tel|call|fax)\\b.*")) {
        withWord++;
      }
    }
    // About half of the samples have a phone word nearby.
    assertThat(withWord).isBetween(a.size() * 3 / 10, a.size() * 7 / 10);
    // Each plan: two rounds of its formats.
    int expected = 0;
    for (PhoneSection.Plan plan : PhoneSection.PLANS) {
      expected += 2 * (plan.styles().length() + 5);
    }
    assertThat(a.size()).isEqualTo(expected);
    assertThat(new PhoneSection().name()).isEqualTo("phone");
  }

  @Test
  void plansCheckTheirOwnArithmetic() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new PhoneSection.Plan(
                    "XX", "1", "0", new String[] {"1"}, 5, new int[] {3}, new int[] {5}, " "))
        .hasMessageContaining("XX: group lengths do not add up");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new PhoneSection.Plan(
                    "XX", "1", "", new String[] {"123456"}, 5, new int[] {5}, new int[] {5}, " "))
        .hasMessageContaining("prefix 123456 longer than the number");
    assertThat(
            new PhoneSection.Plan(
                    "XX", "1", "", new String[] {"12345"}, 5, new int[] {5}, new int[] {5}, " ")
                .length())
        .isEqualTo(5);
  }
}
