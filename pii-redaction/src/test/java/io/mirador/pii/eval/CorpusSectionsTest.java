package io.mirador.pii.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/** Every labelled value is valid by the specification its section cites; negatives are not. */
class CorpusSectionsTest {
  private static final String REGISTRY_LENGTHS =
      "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22"
          + " DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28"
          + " HN28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20"
          + " LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28"
          + " PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28"
          + " TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";

  private static RandomGenerator random(long seed) {
    return RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
  }

  private static List<PiiEval.Sample> samples(CorpusSection section, long seed) {
    CorpusSink sink = new CorpusSink();
    section.generate(random(seed), sink);
    return sink.samples();
  }

  private static List<String> values(List<PiiEval.Sample> samples, String type) {
    List<String> out = new ArrayList<>();
    for (PiiEval.Sample s : samples) {
      for (PiiEval.Span span : s.spans()) {
        if (span.type().equals(type)) {
          out.add(s.text().substring(span.start(), span.end()));
        }
      }
    }
    return out;
  }

  @Test
  void ibanStructuresHaveTheRegistryLengthsAndEveryIbanIsValid() {
    Set<String> countries = new HashSet<>();
    for (String entry : REGISTRY_LENGTHS.split(" ")) {
      String country = entry.substring(0, 2);
      countries.add(country);
      assertThat(IbanSection.BBAN).containsKey(country);
      assertThat(IbanSection.length(IbanSection.BBAN.get(country)))
          .as(country)
          .isEqualTo(Integer.parseInt(entry.substring(2)));
    }
    assertThat(IbanSection.BBAN.keySet()).isEqualTo(countries);

    List<String> ibans = values(samples(new IbanSection(), 11), "IBAN_CODE");
    assertThat(ibans).hasSize(countries.size() * IbanSection.PER_COUNTRY);
    Set<String> seen = new HashSet<>();
    boolean print = false;
    boolean lower = false;
    for (String shown : ibans) {
      print |= shown.contains(" ");
      lower |= !shown.equals(shown.toUpperCase(Locale.ROOT));
      String iban = shown.replace(" ", "").toUpperCase(Locale.ROOT);
      String country = iban.substring(0, 2);
      seen.add(country);
      assertThat(iban).as(shown).hasSize(IbanSection.length(IbanSection.BBAN.get(country)));
      assertThat(mod97(iban)).as(shown).isEqualTo(1);
      if (shown.contains(" ")) {
        for (String group : shown.split(" ", -1)) {
          assertThat(group.length()).as(shown).isBetween(1, 4);
        }
      }
    }
    assertThat(seen).isEqualTo(countries);
    assertThat(print).isTrue();
    assertThat(lower).isTrue();
    assertThat(IbanSection.checkDigits("GB", "WEST12345698765432")).isEqualTo("82");
    assertThat(IbanSection.checkDigits("DE", "370400440532013000")).isEqualTo("89");
    assertThat(IbanSection.printFormat("GB82WEST12345698765432"))
        .isEqualTo("GB82 WEST 1234 5698 7654 32");
  }

  @Test
  void ibanBbanFollowsItsStructure() {
    RandomGenerator r = random(5);
    for (int i = 0; i < 50; i++) {
      String iban = IbanSection.iban(r, "MU", IbanSection.BBAN.get("MU")); // 4a2n2n12n3n3a
      assertThat(iban).matches("MU[0-9]{2}[A-Z]{4}[0-9]{19}[A-Z]{3}");
      String it = IbanSection.iban(r, "IT", IbanSection.BBAN.get("IT")); // 1a5n5n12c
      assertThat(it).matches("IT[0-9]{2}[A-Z][0-9]{10}[0-9A-Z]{12}");
    }
  }

  @Test
  void ssnsAreAssignableAndBareOnesFollowAContextWord() {
    List<PiiEval.Sample> samples = samples(new SsnSection(), 12);
    assertThat(samples).hasSize(SsnSection.COUNT);
    int dashed = 0;
    int spaced = 0;
    int bare = 0;
    for (PiiEval.Sample s : samples) {
      PiiEval.Span span = s.spans().getFirst();
      String v = s.text().substring(span.start(), span.end());
      String digits;
      if (v.matches("[0-9]{3}-[0-9]{2}-[0-9]{4}")) {
        dashed++;
        digits = v.replace("-", "");
      } else if (v.matches("[0-9]{3} [0-9]{2} [0-9]{4}")) {
        spaced++;
        digits = v.replace(" ", "");
      } else {
        assertThat(v).matches("[0-9]{9}");
        bare++;
        digits = v;
        String before = s.text().substring(0, span.start()).toLowerCase(Locale.ROOT);
        assertThat(before).containsAnyOf("ssn", "social");
      }
      int area = Integer.parseInt(digits.substring(0, 3));
      int group = Integer.parseInt(digits.substring(3, 5));
      int serial = Integer.parseInt(digits.substring(5));
      assertThat(area).as(v).isBetween(1, 899).isNotEqualTo(666);
      assertThat(group).as(v).isBetween(1, 99);
      assertThat(serial).as(v).isBetween(1, 9999);
      assertThat(digits).isNotIn("078051120", "219099999");
    }
    assertThat(dashed).isPositive();
    assertThat(spaced).isPositive();
    assertThat(bare).isPositive();
  }

  @Test
  void ipAddressesAreValidLiteralsAndNeverLoopbackWhileLoopbackIsUnlabelled() throws Exception {
    List<PiiEval.Sample> samples = samples(new IpSection(), 13);
    int v4 = 0;
    int v6 = 0;
    int embedded = 0;
    for (String ip : values(samples, "IP_ADDRESS")) {
      if (ip.indexOf(':') < 0) {
        assertThat(ip).matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        for (String octet : ip.split("\\.")) {
          assertThat(Integer.parseInt(octet)).as(ip).isBetween(0, 255);
        }
        v4++;
      } else {
        assertThat(ip).matches("[0-9A-Fa-f:.]+");
        v6++;
        if (ip.indexOf('.') > 0) {
          embedded++;
        }
      }
      InetAddress address = InetAddress.ofLiteral(ip);
      assertThat(address.isLoopbackAddress()).as(ip).isFalse();
      assertThat(address.isAnyLocalAddress()).as(ip).isFalse();
    }
    assertThat(v4).isGreaterThan(IpSection.COUNT / 3);
    assertThat(v6).isGreaterThan(IpSection.COUNT / 3);
    assertThat(embedded).isPositive();
    long unlabelled = samples.stream().filter(s -> s.spans().isEmpty()).count();
    assertThat(unlabelled).isEqualTo(IpSection.NOT_PERSONAL);
    for (int form = 0; form < 6; form++) {
      InetAddress a = InetAddress.ofLiteral(IpSection.v6(random(form), form));
      // IPv4-mapped addresses (::ffff:a.b.c.d) are IPv4 addresses to Java.
      assertThat(a.getAddress().length).isIn(4, 16);
    }
  }

  @Test
  void emailAddressesFollowRfc5322DotAtomsOnReservedDomains() {
    List<String> emails = values(samples(new EmailSection(), 14), "EMAIL_ADDRESS");
    assertThat(emails.size()).isGreaterThanOrEqualTo(EmailSection.COUNT);
    String atext = "[A-Za-z0-9!#$'*+\\-^_`{|}~]+";
    boolean upper = false;
    boolean punycode = false;
    boolean plus = false;
    for (String email : emails) {
      int at = email.indexOf('@');
      assertThat(email.lastIndexOf('@')).isEqualTo(at);
      String local = email.substring(0, at);
      String domain = email.substring(at + 1).toLowerCase(Locale.ROOT);
      assertThat(local).hasSizeLessThanOrEqualTo(64).matches(atext + "(\\." + atext + ")*");
      assertThat(domain)
          .matches("([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z0-9-]+")
          .satisfiesAnyOf(
              d -> assertThat(d).matches(".*example\\.(com|org|net)"),
              d -> assertThat(d).matches(".*\\.(example|test|xn--zckzah|xn--0zwm56d)"));
      upper |= !email.equals(email.toLowerCase(Locale.ROOT));
      punycode |= domain.contains("xn--");
      plus |= local.contains("+");
    }
    assertThat(upper).isTrue();
    assertThat(punycode).isTrue();
    assertThat(plus).isTrue();
  }

  @Test
  void negativesAreUnlabelledAndTheirCheckDigitsAreRight() {
    NegativeSection negatives = new NegativeSection();
    List<PiiEval.Sample> samples = samples(negatives, 15);
    assertThat(samples).hasSize(negatives.kinds() * NegativeSection.PER_KIND);
    assertThat(samples).allSatisfy(s -> assertThat(s.spans()).isEmpty());
    assertThat(NegativeSection.eanCheck("400638133393")).isEqualTo('1');
    assertThat(NegativeSection.eanCheck("978030640615")).isEqualTo('7');
    assertThat(NegativeSection.luhnCheck("411111111111111")).isEqualTo('1');
    assertThat(NegativeSection.luhnValid("4111111111111111")).isTrue();
    assertThat(NegativeSection.luhnValid("4111111111111112")).isFalse();
    assertThat(NegativeSection.luhnValid("79927398713")).isTrue();
    assertThat(NegativeSection.couldBeCard("4111111111111111")).isTrue();
    assertThat(NegativeSection.couldBeCard("2222222222222"))
        .isEqualTo(NegativeSection.luhnValid("2222222222222"));
    assertThat(NegativeSection.couldBeCard("1111111111111117")).isFalse(); // first digit
    assertThat(NegativeSection.couldBeCard("7111111111111111")).isFalse();
    assertThat(NegativeSection.couldBeCard("41111111116")).isFalse(); // 11 digits
    assertThat(NegativeSection.couldBeCard("411111111111111111113")).isFalse(); // 21 digits
    assertThat(NegativeSection.couldBeCard("4111111111111112")).isFalse(); // Luhn

    RandomGenerator r = random(16);
    for (int i = 0; i < 200; i++) {
      String card =
          NegativeSection.cardFailingLuhn(r).substring("ref ".length()).replaceAll("[ -]", "");
      assertThat(NegativeSection.luhnValid(card)).as(card).isFalse();
      String longer = NegativeSection.cardLengthOutOfRange(r).replaceAll("[^0-9]", "");
      assertThat(NegativeSection.luhnValid(longer)).as(longer).isTrue();
      assertThat(longer.length()).isIn(14, 17);
      String isbn = NegativeSection.isbn10(r).substring("book.isbn=".length()).replace("-", "");
      assertThat(isbn10Valid(isbn)).as(isbn).isTrue();
      String ean = NegativeSection.ean13(r).replaceAll("^product\\.ean=([0-9]{13}).*", "$1");
      assertThat(NegativeSection.eanCheck(ean.substring(0, 12))).isEqualTo(ean.charAt(12));
      assertThat(NegativeSection.couldBeCard(ean)).isFalse();
      String order = NegativeSection.orderIdDigits(r).replaceAll("^[^0-9]*([0-9]+).*$", "$1");
      assertThat(order.length()).isBetween(12, 19);
      assertThat(NegativeSection.couldBeCard(order)).as(order).isFalse();
      String ssn = NegativeSection.invalidSsnLike(r).replaceAll("[^0-9]", "");
      int area = Integer.parseInt(ssn.substring(0, 3));
      int group = Integer.parseInt(ssn.substring(3, 5));
      assertThat(area == 0 || area == 666 || area >= 900 || group == 0).as(ssn).isTrue();
      String iban = NegativeSection.ibanBadChecksum(r).split(" ")[1];
      assertThat(mod97(iban)).as(iban).isNotEqualTo(1);
    }
  }

  private static boolean isbn10Valid(String isbn) {
    int sum = 0;
    for (int i = 0; i < 10; i++) {
      char c = isbn.charAt(i);
      int v = c == 'X' ? 10 : c - '0';
      sum += (10 - i) * v;
    }
    return sum % 11 == 0;
  }

  private static int mod97(String iban) {
    String rearranged = iban.substring(4) + iban.substring(0, 4);
    StringBuilder numeric = new StringBuilder();
    for (char c : rearranged.toCharArray()) {
      numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
    }
    return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue();
  }
}
