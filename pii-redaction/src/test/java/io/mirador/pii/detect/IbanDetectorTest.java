package io.mirador.pii.detect;

import static io.mirador.pii.detect.DetectorsTest.found;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class IbanDetectorTest {
  private static final DetectorKind K = DetectorKind.IBAN;

  /** Examples from the SWIFT IBAN registry and ECBS (public test values of no real account). */
  private static final String[] REGISTRY_EXAMPLES = {
    "GB82WEST12345698765432",
    "DE89370400440532013000",
    "FR1420041010050500013M02606",
    "NL91ABNA0417164300",
    "NO9386011117947",
    "BE68539007547034",
    "MT84MALT011000012345MTLCAST001S",
    "LC55HEMM000100010012001200023015",
    "RU0304452522540817810538091310419",
    "BR1800360305000010009795493C1",
    "MU17BOMM0101101030300200000MUR",
    "SC18SSCB11010000000000001497USD"
  };

  @Test
  void findsRegistryExamplesInBothFormatsAndAnyCase() {
    for (String iban : REGISTRY_EXAMPLES) {
      assertThat(found(K, "iban " + iban + ".")).as(iban).containsExactly(iban);
      String print = print(iban);
      assertThat(found(K, "(" + print + ")")).as(print).containsExactly(print);
      assertThat(found(K, iban.toLowerCase(java.util.Locale.ROOT))).as(iban).hasSize(1);
    }
  }

  @Test
  void everyCountryOfTheRegistryWithItsLength() {
    String table =
        "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22"
            + " DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28"
            + " HN28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20"
            + " LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28"
            + " PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28"
            + " TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";
    for (String entry : table.split(" ")) {
      String country = entry.substring(0, 2);
      int length = Integer.parseInt(entry.substring(2));
      String bban = "1".repeat(length - 4);
      String iban = country + check(country, bban) + bban;
      assertThat(found(K, iban)).as(iban).containsExactly(iban);
      String longer = country + check(country, bban + "1") + bban + "1";
      assertThat(found(K, longer)).as(longer).isEmpty();
      String shorter = country + check(country, bban.substring(1)) + bban.substring(1);
      assertThat(found(K, shorter)).as(shorter).isEmpty();
    }
  }

  @Test
  void rejectsWrongChecksumCountryLengthAndGluedText() {
    assertThat(found(K, "GB83WEST12345698765432")).isEmpty();
    assertThat(found(K, "ZZ82WEST12345698765432")).isEmpty();
    assertThat(found(K, "GB82WEST1234569876543")).isEmpty();
    assertThat(found(K, "xGB82WEST12345698765432")).isEmpty();
    assertThat(found(K, "_GB82WEST12345698765432")).isEmpty();
    assertThat(found(K, "GB82WEST123456987654321")).isEmpty();
    assertThat(found(K, "GB82WEST12345698765432x")).isEmpty();
    assertThat(found(K, "G1")).isEmpty();
    assertThat(found(K, "GB8")).isEmpty();
    assertThat(found(K, "GBX2WEST12345698765432 G882 GB8X")).isEmpty();
  }

  @Test
  void printFormatAllowsSingleSpacesBetweenGroupsOfFourOnly() {
    assertThat(found(K, "GB82 WEST 1234 5698 7654 32"))
        .containsExactly("GB82 WEST 1234 5698 7654 32");
    assertThat(found(K, "GB82  WEST 1234 5698 7654 32")).isEmpty();
    assertThat(found(K, "GB82W EST1 2345 6987 6543 2")).isEmpty();
    assertThat(found(K, "GB82 WEST 1234 5698 7654 32 ")).hasSize(1);
    // A space after the last full group ends the IBAN.
    assertThat(found(K, "NL91 ABNA 0417 1643 00 x")).containsExactly("NL91 ABNA 0417 1643 00");
    assertThat(found(K, "NL91 ABNA 0417 1643 ")).isEmpty();
  }

  @Test
  void twoIbansAndACandidateThatFailsBeforeOne() {
    assertThat(found(K, "GB82WEST12345698765432 DE89370400440532013000"))
        .containsExactly("GB82WEST12345698765432", "DE89370400440532013000");
    assertThat(found(K, "AB12 GB82WEST12345698765432")).containsExactly("GB82WEST12345698765432");
  }

  @Test
  void mod97OfTheRegistryExampleIsOne() {
    char[] ok = "GB82WEST12345698765432".toCharArray();
    assertThat(IbanDetector.mod97(ok, ok.length)).isEqualTo(1);
    char[] lower = "gb82west12345698765432".toCharArray();
    assertThat(IbanDetector.mod97(lower, lower.length)).isEqualTo(1);
    char[] bad = "GB82WEST12345698765433".toCharArray();
    assertThat(IbanDetector.mod97(bad, bad.length)).isNotEqualTo(1);
  }

  static String check(String country, String bban) {
    StringBuilder numeric = new StringBuilder();
    for (char c : (bban + country + "00").toCharArray()) {
      numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
    }
    int check = 98 - new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue();
    return check < 10 ? "0" + check : Integer.toString(check);
  }

  static String print(String iban) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < iban.length(); i++) {
      if (i > 0 && i % 4 == 0) {
        sb.append(' ');
      }
      sb.append(iban.charAt(i));
    }
    return sb.toString();
  }
}
