package io.mirador.pii.eval;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * IBANs of every country in the SWIFT IBAN Registry (ISO 13616-1, registry release 2024/2025: 89
 * countries), each built from the country's BBAN structure ({@code n} digits, {@code a} upper-case
 * letters, {@code c} alphanumerics) with ISO 7064 MOD 97-10 check digits, in electronic format
 * ({@code GB82WEST12345698765432}) and print format (groups of four separated by spaces), mostly
 * upper case and sometimes lower case as users type them.
 */
final class IbanSection implements CorpusSection {
  static final int PER_COUNTRY = 6;

  /** Country code to BBAN structure, from the registry's "BBAN structure" rows. */
  static final Map<String, String> BBAN = bban();

  private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String[] BEFORE = {
    "IBAN: ", "transfer to ", "{\"iban\": \"", "payee.account=", "refund to account ", "iban="
  };
  private static final String[] AFTER = {" confirmed", " (SEPA)", "\"}", " amount=120.00", ".", ""};

  @Override
  public String name() {
    return "iban";
  }

  @Override
  public void generate(RandomGenerator random, CorpusSink sink) {
    for (Map.Entry<String, String> country : BBAN.entrySet()) {
      for (int i = 0; i < PER_COUNTRY; i++) {
        String iban = iban(random, country.getKey(), country.getValue());
        String shown =
            switch (i % 3) {
              case 0 -> iban;
              case 1 -> printFormat(iban);
              default -> random.nextInt(4) == 0 ? iban.toLowerCase(Locale.ROOT) : printFormat(iban);
            };
        int k = random.nextInt(BEFORE.length);
        sink.sample().text(BEFORE[k]).entity("IBAN_CODE", shown).text(AFTER[k]).add();
      }
    }
  }

  static String iban(RandomGenerator random, String country, String structure) {
    String bban = bban(random, structure);
    return country + checkDigits(country, bban) + bban;
  }

  /** ISO 7064 MOD 97-10 check digits: 98 minus (BBAN, country, "00" as a number) mod 97. */
  static String checkDigits(String country, String bban) {
    String rearranged = bban + country + "00";
    StringBuilder numeric = new StringBuilder();
    for (int i = 0; i < rearranged.length(); i++) {
      char c = rearranged.charAt(i);
      numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
    }
    int check = 98 - new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue();
    return check < 10 ? "0" + check : Integer.toString(check);
  }

  static String printFormat(String iban) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < iban.length(); i++) {
      if (i > 0 && i % 4 == 0) {
        sb.append(' ');
      }
      sb.append(iban.charAt(i));
    }
    return sb.toString();
  }

  /** Length of an IBAN with this structure: country, check digits and the BBAN. */
  static int length(String structure) {
    int total = 4;
    int number = 0;
    for (int i = 0; i < structure.length(); i++) {
      char c = structure.charAt(i);
      if (Character.isDigit(c)) {
        number = number * 10 + (c - '0');
      } else {
        total += number;
        number = 0;
      }
    }
    return total;
  }

  private static String bban(RandomGenerator random, String structure) {
    StringBuilder sb = new StringBuilder();
    int number = 0;
    for (int i = 0; i < structure.length(); i++) {
      char c = structure.charAt(i);
      if (Character.isDigit(c)) {
        number = number * 10 + (c - '0');
        continue;
      }
      for (int k = 0; k < number; k++) {
        sb.append(
            switch (c) {
              case 'n' -> (char) ('0' + random.nextInt(10));
              case 'a' -> LETTERS.charAt(random.nextInt(26));
              default ->
                  random.nextInt(4) == 0
                      ? LETTERS.charAt(random.nextInt(26))
                      : (char) ('0' + random.nextInt(10));
            });
      }
      number = 0;
    }
    return sb.toString();
  }

  private static Map<String, String> bban() {
    String table =
        "AD 4n4n12c|AE 3n16n|AL 8n16c|AT 5n11n|AZ 4a20c|BA 3n3n8n2n|BE 3n7n2n|BG 4a4n2n8c"
            + "|BH 4a14c|BI 5n5n11n2n|BR 8n5n10n1a1c|BY 4c4n16c|CH 5n12c|CR 4n14n|CY 3n5n16c"
            + "|CZ 4n6n10n|DE 8n10n|DJ 5n5n11n2n|DK 4n9n1n|DO 4c20n|EE 2n2n11n1n|EG 4n4n17n"
            + "|ES 4n4n1n1n10n|FI 3n11n|FK 2a12n|FO 4n9n1n|FR 5n5n11c2n|GB 4a6n8n|GE 2a16n"
            + "|GI 4a15c|GL 4n9n1n|GR 3n4n16c|GT 4c20c|HN 4a20n|HR 7n10n|HU 3n4n1n15n1n"
            + "|IE 4a6n8n|IL 3n3n13n|IQ 4a3n12n|IS 4n2n6n10n|IT 1a5n5n12c|JO 4a4n18c|KW 4a22c"
            + "|KZ 3n13c|LB 4n20c|LC 4a24c|LI 5n12c|LT 5n11n|LU 3n13c|LV 4a13c|LY 3n3n15n"
            + "|MC 5n5n11c2n|MD 2c18c|ME 3n13n2n|MK 3n10c2n|MN 4n12n|MR 5n5n11n2n|MT 4a5n18c"
            + "|MU 4a2n2n12n3n3a|NI 4a20n|NL 4a10n|NO 4n6n1n|OM 3n16c|PK 4a16c|PL 8n16n"
            + "|PS 4a21c|PT 4n4n11n2n|QA 4a21c|RO 4a16c|RS 3n13n2n|RU 9n5n15c|SA 2n18c"
            + "|SC 4a2n2n16n3a|SD 2n12n|SE 3n16n1n|SI 5n8n2n|SK 4n6n10n|SM 1a5n5n12c|SO 4n3n12n"
            + "|ST 4n4n11n2n|SV 4a20n|TL 3n14n2n|TN 2n3n13n2n|TR 5n1n16c|UA 6n19c|VA 3n15n"
            + "|VG 4a16n|XK 4n10n2n|YE 4a4n18c";
    Map<String, String> map = new LinkedHashMap<>();
    for (String entry : table.split("\\|")) {
      map.put(entry.substring(0, 2), entry.substring(3));
    }
    return java.util.Collections.unmodifiableMap(map);
  }
}
