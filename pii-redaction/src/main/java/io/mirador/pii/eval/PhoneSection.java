package io.mirador.pii.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Phone numbers of 22 countries in their national and international formats, generated from each
 * country's numbering plan: the E.164 country code (ITU-T E.164 and its list of assigned country
 * codes), the trunk prefix, and the area/mobile prefixes and lengths of the national plans (NANP,
 * Ofcom National Telephone Numbering Plan, BNetzA Rufnummernplan, ARCEP plan de numérotation, AGCOM
 * PNN, CNMC, ACM, BIPT, OFCOM CH, RTR, PTS, UKE, ComReg, DoT NNP 2003, ACMA Numbering Plan 2015,
 * Anatel, IFT, MIC, IMDA, ICASA, NZ TCF). Group layouts follow each country's customary written
 * form (libphonenumber's example numbers served as a shape reference only: subscriber digits are
 * random here).
 *
 * <p>Where a plan reserves numbers for fiction they are used: North America 555-0100 to 555-0199,
 * UK Ofcom drama numbers (020 7946 0xxx, 0161 496 0xxx, 07700 900xxx), Australia ACMA (0491 570 xxx
 * list, 02 5550 xxxx, 03 7010 xxxx), France ARCEP (01 99 00 xx xx, 06 39 98 xx xx). Elsewhere the
 * numbers are synthetic, random within a real range.
 *
 * <p>Each number appears in every format its country uses (national with spaces, dashes, dots or a
 * parenthesised area code; E.164 {@code +4930...}; {@code +49 30 ...}; {@code +49-30-...}; {@code
 * 0049 ...}; {@code 011 49 ...}; with an extension), embedded in telemetry-like text: half of the
 * samples have a phone word nearby, half do not.
 */
final class PhoneSection implements CorpusSection {
  static final String TYPE = "PHONE_NUMBER";

  /**
   * One kind of number in one country's plan.
   *
   * @param region ISO 3166-1 alpha-2
   * @param cc country calling code (E.164)
   * @param trunk national (trunk) prefix written before national numbers, or empty
   * @param prefixes national significant number prefixes (one is picked per number)
   * @param length national significant number length
   * @param national digit group lengths of the national form (trunk prefix included)
   * @param international digit group lengths of the national significant number after {@code +cc}
   * @param styles national separator styles this country writes: ' ', '-', '.', '(' (area code in
   *     parentheses, then spaces), 'b' (Brazil: {@code (11) 91234-5678})
   */
  record Plan(
      String region,
      String cc,
      String trunk,
      String[] prefixes,
      int length,
      int[] national,
      int[] international,
      String styles) {
    Plan {
      int nat = 0;
      for (int g : national) {
        nat += g;
      }
      int intl = 0;
      for (int g : international) {
        intl += g;
      }
      if (nat != trunk.length() + length || intl != length) {
        throw new IllegalArgumentException(region + ": group lengths do not add up");
      }
      for (String p : prefixes) {
        if (p.length() > length) {
          throw new IllegalArgumentException(region + ": prefix " + p + " longer than the number");
        }
      }
    }
  }

  private static Plan plan(
      String region,
      String cc,
      String trunk,
      String prefixes,
      int length,
      int[] national,
      int[] international,
      String styles) {
    return new Plan(
        region, cc, trunk, prefixes.split(","), length, national, international, styles);
  }

  private static int[] g(int... lengths) {
    return lengths;
  }

  /** The plans, by country (22 countries). */
  static final List<Plan> PLANS =
      List.of(
          // NANP: NPA + 555 + 01xx (reserved for fiction).
          plan(
              "US",
              "1",
              "",
              "21255501,41555501,31255501,61755501,20655501",
              10,
              g(3, 3, 4),
              g(3, 3, 4),
              " -.("),
          plan(
              "CA",
              "1",
              "",
              "41655501,60455501,51455501,61355501",
              10,
              g(3, 3, 4),
              g(3, 3, 4),
              " -.("),
          // UK: Ofcom drama numbers.
          plan("GB", "44", "0", "2079460", 10, g(3, 4, 4), g(2, 4, 4), " "),
          plan("GB", "44", "0", "1614960,1214960", 10, g(4, 3, 4), g(3, 3, 4), " "),
          plan("GB", "44", "0", "7700900", 10, g(5, 6), g(4, 6), " "),
          plan("DE", "49", "0", "302,303,304,305,306,307,308,309", 10, g(3, 8), g(2, 8), " -("),
          plan("DE", "49", "0", "892,893,894,895,896,897", 10, g(3, 8), g(2, 8), " -"),
          plan("DE", "49", "0", "151,152,176", 11, g(4, 8), g(3, 8), " -"),
          plan("DE", "49", "0", "170,171,175", 10, g(4, 7), g(3, 7), " "),
          plan("FR", "33", "0", "19900,63998", 9, g(2, 2, 2, 2, 2), g(1, 2, 2, 2, 2), " .-"),
          plan("FR", "33", "0", "14,15,61,62,67,77", 9, g(2, 2, 2, 2, 2), g(1, 2, 2, 2, 2), " ."),
          plan("IT", "39", "", "06,02", 10, g(2, 4, 4), g(2, 4, 4), " "),
          plan("IT", "39", "", "320,333,347,348,349", 10, g(3, 3, 4), g(3, 3, 4), " -"),
          plan("ES", "34", "", "91,93", 9, g(2, 3, 2, 2), g(2, 3, 2, 2), " "),
          plan("ES", "34", "", "61,62,63,65,66,67", 9, g(3, 3, 3), g(3, 3, 3), " -"),
          plan("NL", "31", "0", "202,203,204,205,206", 9, g(3, 3, 4), g(2, 3, 4), " -"),
          plan("NL", "31", "0", "61,62,63,64,65", 9, g(2, 8), g(1, 8), " -"),
          plan("BE", "32", "0", "22,23,25", 8, g(2, 3, 2, 2), g(1, 3, 2, 2), " "),
          plan(
              "BE",
              "32",
              "0",
              "470,471,472,475,476,477,478,479,485,486,487,488,489",
              9,
              g(4, 2, 2, 2),
              g(3, 2, 2, 2),
              " "),
          plan(
              "CH", "41", "0", "442,443,445,446,447,448,449", 9, g(3, 3, 2, 2), g(2, 3, 2, 2), " "),
          plan("CH", "41", "0", "76,77,78,79", 9, g(3, 3, 2, 2), g(2, 3, 2, 2), " "),
          plan("AT", "43", "0", "12,13,14,15,16,17,18", 8, g(2, 3, 4), g(1, 3, 4), " "),
          plan("AT", "43", "0", "664,660,676,699", 10, g(4, 7), g(3, 7), " "),
          plan("SE", "46", "0", "82,83,84,85,86,87", 9, g(2, 3, 3, 2), g(1, 3, 3, 2), " -"),
          plan("SE", "46", "0", "70,72,73,76", 9, g(3, 3, 2, 2), g(2, 3, 2, 2), " -"),
          plan("PL", "48", "", "12,22,58,61,71", 9, g(2, 3, 2, 2), g(2, 3, 2, 2), " "),
          plan("PL", "48", "", "50,51,53,57,60,66,69,72,78,88", 9, g(3, 3, 3), g(3, 3, 3), " -"),
          plan("IE", "353", "0", "12,14,15,16,18", 8, g(2, 3, 4), g(1, 3, 4), " "),
          plan("IE", "353", "0", "83,85,86,87,89", 9, g(3, 3, 4), g(2, 3, 4), " "),
          plan(
              "IN",
              "91",
              "",
              "98,97,96,94,93,91,90,88,87,86,85,84,83,82,81,80,79,78,77,76,75," + "74,73,72,70",
              10,
              g(5, 5),
              g(5, 5),
              " "),
          plan("IN", "91", "0", "112,114,116", 10, g(3, 4, 4), g(2, 4, 4), " -"),
          plan(
              "AU",
              "61",
              "0",
              "491570156,491570157,491570158,491570159,491570110,491570313,"
                  + "491570737,491571266,491571491,491571804,491572549,491572665,491572983,491573770,"
                  + "491573087,491574118,491574632,491575254,491575789,491576398,491576801,491577426,"
                  + "491577644,491578957,491578148,491578888,491579212,491579760,491579455",
              9,
              g(4, 3, 3),
              g(3, 3, 3),
              " "),
          plan("AU", "61", "0", "25550,37010,75550,87010", 9, g(2, 4, 4), g(1, 4, 4), " ("),
          plan("BR", "55", "0", "119,219,319,419,519,619,719,819", 11, g(3, 5, 4), g(2, 5, 4), "b"),
          plan("BR", "55", "0", "113,213,313,513", 10, g(3, 4, 4), g(2, 4, 4), "b"),
          plan("MX", "52", "", "55,33,81", 10, g(2, 4, 4), g(2, 4, 4), " ("),
          plan("JP", "81", "0", "35,36,34", 9, g(2, 4, 4), g(1, 4, 4), "- "),
          plan(
              "JP",
              "81",
              "0",
              "901,902,905,908,801,804,808,702,703,708",
              10,
              g(3, 4, 4),
              g(2, 4, 4),
              "- "),
          plan(
              "SG",
              "65",
              "",
              "61,62,63,64,65,66,67,68,81,82,83,84,85,86,87,88,90,91,92,93,94," + "96,97,98",
              8,
              g(4, 4),
              g(4, 4),
              " "),
          plan("ZA", "27", "0", "112,113,114,214,215,218,313,315", 9, g(3, 3, 4), g(2, 3, 4), " "),
          plan("ZA", "27", "0", "72,73,74,76,78,79,82,83,84", 9, g(3, 3, 4), g(2, 3, 4), " "),
          plan("NZ", "64", "0", "92,93,94,95,96,48,33,34", 8, g(2, 3, 4), g(1, 3, 4), " -"),
          plan("NZ", "64", "0", "21,22,27", 9, g(3, 3, 4), g(2, 3, 4), " "));

  /** Dialled from North America with {@code 011}: a London drama number. */
  private static final Plan FROM_NANP = PLANS.get(2);

  private static final String[] WITH_WORD = {
    "{\"customer\":{\"phone\":\"%s\",\"tier\":\"gold\"}}",
    "sms gateway: message 7 queued for mobile %s",
    "X-Caller-Phone: %s",
    "tel=%s status=ringing attempt=2",
    "INFO please call %s to confirm the delivery window",
    "fax %s (accounts payable)",
  };

  private static final String[] WITHOUT_WORD = {
    "{\"msisdn\":\"%s\",\"status\":\"ok\"}",
    "recipient=%s status=queued retries=0",
    "WARN escalation target %s did not acknowledge within 300s",
    "OTP delivered to %s in 412 ms",
    "<td class=\"num\">%s</td>",
    "user.callback_number = %s",
    "forwarded to %s; ticket INC-2231 reassigned",
  };

  private static final String[] EXTENSIONS = {" ext. %d", " x%d", " ext %d", " extension %d"};

  @Override
  public String name() {
    return "phone";
  }

  @Override
  public void generate(RandomGenerator random, CorpusSink sink) {
    for (Plan plan : PLANS) {
      for (int round = 0; round < 2; round++) {
        for (String formatted : formats(plan, random)) {
          boolean word = random.nextBoolean();
          String[] templates = word ? WITH_WORD : WITHOUT_WORD;
          String template = templates[random.nextInt(templates.length)];
          int at = template.indexOf("%s");
          sink.sample()
              .text(template.substring(0, at))
              .entity(TYPE, formatted)
              .text(template.substring(at + 2))
              .add();
        }
      }
    }
  }

  /** One new number of {@code plan}, written in each of the plan's formats (fresh digits each). */
  static List<String> formats(Plan plan, RandomGenerator random) {
    List<String> out = new ArrayList<>();
    for (char style : plan.styles().toCharArray()) {
      out.add(national(plan, nsn(plan, random), style));
    }
    out.add("+" + plan.cc() + nsn(plan, random));
    out.add("+" + plan.cc() + " " + group(nsn(plan, random), plan.international(), ' '));
    out.add("+" + plan.cc() + "-" + group(nsn(plan, random), plan.international(), '-'));
    String idd = plan.cc().equals("1") ? "011 44 " : "00" + plan.cc() + " ";
    Plan target = plan.cc().equals("1") ? FROM_NANP : plan;
    out.add(idd + group(nsn(target, random), target.international(), ' '));
    String ext = EXTENSIONS[random.nextInt(EXTENSIONS.length)];
    out.add(
        national(plan, nsn(plan, random), plan.styles().charAt(0))
            + String.format(java.util.Locale.ROOT, ext, 10 + random.nextInt(9990)));
    return out;
  }

  /** A national significant number: one of the plan's prefixes, then random digits. */
  static String nsn(Plan plan, RandomGenerator random) {
    String prefix = plan.prefixes()[random.nextInt(plan.prefixes().length)];
    StringBuilder sb = new StringBuilder(prefix);
    while (sb.length() < plan.length()) {
      sb.append((char) ('0' + random.nextInt(10)));
    }
    return sb.toString();
  }

  static String national(Plan plan, String nsn, char style) {
    String digits = plan.trunk() + nsn;
    return switch (style) {
      case '(' -> {
        int area = plan.national()[0];
        int[] rest = java.util.Arrays.copyOfRange(plan.national(), 1, plan.national().length);
        yield "(" + digits.substring(0, area) + ") " + group(digits.substring(area), rest, ' ');
      }
      case 'b' -> {
        // Brazil: (area) subscriber with a dash, trunk prefix left out as customary.
        int[] intl = plan.international();
        yield "("
            + nsn.substring(0, intl[0])
            + ") "
            + nsn.substring(intl[0], intl[0] + intl[1])
            + "-"
            + nsn.substring(intl[0] + intl[1]);
      }
      default -> group(digits, plan.national(), style);
    };
  }

  static String group(String digits, int[] lengths, char separator) {
    StringBuilder sb = new StringBuilder();
    int at = 0;
    for (int len : lengths) {
      if (at > 0) {
        sb.append(separator);
      }
      sb.append(digits, at, at + len);
      at += len;
    }
    return sb.toString();
  }
}
