package io.mirador.pii.eval;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Unlabelled telemetry lines full of numbers and identifiers that look like PII and are not: the
 * precision half of the generated corpus. Every detection on these lines is a false positive.
 *
 * <p>Formats follow their specifications: ISO 8601 / RFC 3339 and RFC 1123 dates, Unix epoch
 * seconds, milliseconds and nanoseconds, Semantic Versioning 2.0.0, RFC 9562 UUIDs, W3C Trace
 * Context trace ids (32 hex) and span ids (16 hex), ISBN-10/ISBN-13 (ISO 2108, with their check
 * digits), EAN-13 (GS1 General Specifications, with its check digit), RFC 9110 status codes,
 * SHA-1/SHA-256 hex digests, Kubernetes pod names (deployment, 10-character ReplicaSet hash, 5
 * characters), Java stack-trace frames, ISO 6709 decimal coordinates. Phone-like strings are too
 * short or all zeros; card-like numbers fail Luhn.
 *
 * <p>A number that is Luhn-valid and starts like a card (2-6, 12-19 digits) is a card by the
 * published ranges whatever it was meant to be, so the generators draw again when they produce one
 * (an EAN-13 beginning with 4 can be Luhn-valid: no context-free detector could tell it from a
 * 13-digit Visa number). No value here belongs to a real person.
 */
final class NegativeSection implements CorpusSection {
  /** Lines per generator (38 generators: 1,140 negative samples). */
  static final int PER_KIND = 30;

  private static final String[] SERVICES = {
    "checkout", "cart", "payment", "frontend", "inventory", "shipping", "auth", "search"
  };
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };
  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  private static final String LOWER_ALNUM = "bcdfghjklmnpqrstvwxz2456789";

  private final List<Function<RandomGenerator, String>> generators =
      List.of(
          NegativeSection::orderId,
          NegativeSection::orderIdDigits,
          NegativeSection::isoTimestamp,
          NegativeSection::epochSeconds,
          NegativeSection::epochMillis,
          NegativeSection::epochNanos,
          NegativeSection::semanticVersion,
          NegativeSection::buildNumber,
          NegativeSection::uuid,
          NegativeSection::traceparent,
          NegativeSection::traceAndSpanIds,
          NegativeSection::isbn10,
          NegativeSection::isbn13,
          NegativeSection::ean13,
          NegativeSection::duration,
          NegativeSection::byteSize,
          NegativeSection::httpStatus,
          NegativeSection::hostPort,
          NegativeSection::sha,
          NegativeSection::podName,
          NegativeSection::stackTrace,
          NegativeSection::amount,
          NegativeSection::coordinates,
          NegativeSection::dateSlashes,
          NegativeSection::dateDots,
          NegativeSection::dateWords,
          NegativeSection::rfc1123Date,
          NegativeSection::compactDate,
          NegativeSection::shortPhoneLike,
          NegativeSection::zeroPhoneLike,
          NegativeSection::cardFailingLuhn,
          NegativeSection::cardLengthOutOfRange,
          NegativeSection::metricLine,
          NegativeSection::invalidSsnLike,
          NegativeSection::ibanBadChecksum,
          NegativeSection::emailLike,
          NegativeSection::ipLike,
          NegativeSection::sqlishLogLine);

  @Override
  public String name() {
    return "negatives";
  }

  @Override
  public void generate(RandomGenerator random, CorpusSink sink) {
    for (Function<RandomGenerator, String> generator : generators) {
      for (int i = 0; i < PER_KIND; i++) {
        sink.sample().text(generator.apply(random)).add();
      }
    }
  }

  int kinds() {
    return generators.size();
  }

  // ---- identifiers -------------------------------------------------------------------------

  static String orderId(RandomGenerator r) {
    return switch (r.nextInt(4)) {
      case 0 -> "order ORD-" + year(r) + "-" + digits(r, 6) + " placed by " + service(r);
      case 1 -> "invoice INV" + digits(r, 8) + " status=paid";
      case 2 -> "cart_id=C" + digits(r, 10) + "&items=" + (1 + r.nextInt(9));
      default -> "{\"orderId\": \"" + hex(r, 8) + "-" + digits(r, 4) + "\", \"qty\": 2}";
    };
  }

  /** Purely numeric ids of card-like lengths that are no card (Luhn or range rule them out). */
  static String orderIdDigits(RandomGenerator r) {
    String id = nonCardDigits(r, 12 + r.nextInt(8));
    return switch (r.nextInt(3)) {
      case 0 -> "order_id=" + id;
      case 1 -> "processing order " + id + " for tenant acme";
      default -> "{\"order\": " + id + ", \"lines\": 3}";
    };
  }

  // ---- time --------------------------------------------------------------------------------

  static String isoTimestamp(RandomGenerator r) {
    String base =
        year(r)
            + "-"
            + two(1 + r.nextInt(12))
            + "-"
            + two(1 + r.nextInt(28))
            + "T"
            + two(r.nextInt(24))
            + ":"
            + two(r.nextInt(60))
            + ":"
            + two(r.nextInt(60));
    String fraction =
        switch (r.nextInt(4)) {
          case 0 -> "";
          case 1 -> "." + digits(r, 3);
          case 2 -> "." + digits(r, 6);
          default -> "." + digits(r, 9);
        };
    String zone =
        r.nextBoolean() ? "Z" : (r.nextBoolean() ? "+" : "-") + two(r.nextInt(13)) + ":00";
    return "ts=" + base + fraction + zone + " level=INFO msg=\"request completed\"";
  }

  static String epochSeconds(RandomGenerator r) {
    return "created=" + (1_600_000_000L + r.nextLong(200_000_000L)) + " updated=" + epoch(r, 1);
  }

  static String epochMillis(RandomGenerator r) {
    return "{\"timestamp\": " + epoch(r, 1_000L) + ", \"service\": \"" + service(r) + "\"}";
  }

  static String epochNanos(RandomGenerator r) {
    return "time_unix_nano=" + epoch(r, 1_000_000_000L) + " observed=" + epoch(r, 1_000_000_000L);
  }

  static String duration(RandomGenerator r) {
    return switch (r.nextInt(4)) {
      case 0 -> "took " + r.nextInt(5000) + "ms";
      case 1 -> "duration=" + r.nextInt(100) + "." + digits(r, 3) + "s";
      case 2 -> "timeout PT" + (1 + r.nextInt(23)) + "H" + r.nextInt(60) + "M";
      default ->
          "latency p50=" + r.nextInt(900) + "µs p99=" + r.nextInt(90) + "." + digits(r, 2) + "ms";
    };
  }

  static String dateSlashes(RandomGenerator r) {
    int d = 1 + r.nextInt(28);
    int m = 1 + r.nextInt(12);
    return r.nextBoolean()
        ? "billing period " + two(m) + "/" + two(d) + "/" + year(r) + " closed"
        : "valid until " + two(d) + "/" + two(m) + "/" + year(r);
  }

  static String dateDots(RandomGenerator r) {
    return "Lieferung am "
        + two(1 + r.nextInt(28))
        + "."
        + two(1 + r.nextInt(12))
        + "."
        + year(r)
        + " um "
        + two(r.nextInt(24))
        + ":"
        + two(r.nextInt(60));
  }

  static String dateWords(RandomGenerator r) {
    return "released "
        + MONTHS[r.nextInt(12)]
        + " "
        + (1 + r.nextInt(28))
        + ", "
        + year(r)
        + " and "
        + (1 + r.nextInt(28))
        + " "
        + MONTHS[r.nextInt(12)]
        + " "
        + year(r);
  }

  static String rfc1123Date(RandomGenerator r) {
    return "Date: "
        + DAYS[r.nextInt(7)]
        + ", "
        + two(1 + r.nextInt(28))
        + " "
        + MONTHS[r.nextInt(12)]
        + " "
        + year(r)
        + " "
        + two(r.nextInt(24))
        + ":"
        + two(r.nextInt(60))
        + ":"
        + two(r.nextInt(60))
        + " GMT";
  }

  static String compactDate(RandomGenerator r) {
    return "backup-"
        + year(r)
        + two(1 + r.nextInt(12))
        + two(1 + r.nextInt(28))
        + "-"
        + two(r.nextInt(24))
        + two(r.nextInt(60))
        + two(r.nextInt(60))
        + ".tar.gz partition "
        + year(r)
        + two(1 + r.nextInt(12))
        + two(1 + r.nextInt(28));
  }

  // ---- versions and ids from specifications --------------------------------------------------

  static String semanticVersion(RandomGenerator r) {
    String v = r.nextInt(30) + "." + r.nextInt(40) + "." + r.nextInt(100);
    return switch (r.nextInt(4)) {
      case 0 -> "service.version=" + v;
      case 1 ->
          "upgrading "
              + service(r)
              + " from v"
              + v
              + " to v"
              + r.nextInt(30)
              + ".0.0-rc."
              + r.nextInt(9);
      case 2 -> "telemetry.sdk.version=" + v + "+build." + digits(r, 4);
      default ->
          "User-Agent: Mozilla/5.0 Chrome/"
              + (100 + r.nextInt(40))
              + ".0."
              + digits(r, 4)
              + "."
              + r.nextInt(200);
    };
  }

  static String buildNumber(RandomGenerator r) {
    return switch (r.nextInt(3)) {
      case 0 -> "os.version=10.0." + (19000 + r.nextInt(7000)) + "." + (1000 + r.nextInt(8000));
      case 1 -> "build #" + digits(r, 5) + " of pipeline " + digits(r, 7);
      default ->
          "image registry.local/"
              + service(r)
              + ":"
              + year(r)
              + "."
              + two(1 + r.nextInt(12))
              + "."
              + r.nextInt(30);
    };
  }

  static String uuid(RandomGenerator r) {
    String u =
        hex(r, 8)
            + "-"
            + hex(r, 4)
            + "-4"
            + hex(r, 3)
            + "-"
            + "89ab".charAt(r.nextInt(4))
            + hex(r, 3)
            + "-"
            + hex(r, 12);
    return r.nextBoolean() ? "request_id=" + u : "GET /api/v1/orders/" + u + "/items HTTP/1.1";
  }

  static String traceparent(RandomGenerator r) {
    return "traceparent: 00-" + hex(r, 32) + "-" + hex(r, 16) + "-01";
  }

  static String traceAndSpanIds(RandomGenerator r) {
    return "{\"traceId\": \""
        + hex(r, 32)
        + "\", \"spanId\": \""
        + hex(r, 16)
        + "\", \"parentSpanId\": \""
        + hex(r, 16)
        + "\"}";
  }

  /** ISBN-10 with hyphens: group, publisher, title, check digit (mod 11, X for 10). */
  static String isbn10(RandomGenerator r) {
    String body = digits(r, 9);
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += (10 - i) * (body.charAt(i) - '0');
    }
    int check = (11 - sum % 11) % 11;
    String c = check == 10 ? "X" : Integer.toString(check);
    int publisher = 2 + r.nextInt(4);
    String isbn =
        body.charAt(0)
            + "-"
            + body.substring(1, 1 + publisher)
            + "-"
            + body.substring(1 + publisher)
            + "-"
            + c;
    return "book.isbn=" + isbn;
  }

  /** ISBN-13 (prefix 978/979) with hyphens and its EAN check digit. */
  static String isbn13(RandomGenerator r) {
    String twelve = (r.nextBoolean() ? "978" : "979") + digits(r, 9);
    String isbn = twelve + eanCheck(twelve);
    int publisher = 2 + r.nextInt(4);
    String hyphenated =
        isbn.substring(0, 3)
            + "-"
            + isbn.charAt(3)
            + "-"
            + isbn.substring(4, 4 + publisher)
            + "-"
            + isbn.substring(4 + publisher, 12)
            + "-"
            + isbn.charAt(12);
    return r.nextBoolean() ? "ISBN " + hyphenated : "{\"isbn13\": \"" + isbn + "\"}";
  }

  /** EAN-13 product codes of several GS1 country prefixes, check digit included. */
  static String ean13(RandomGenerator r) {
    String[] prefixes = {
      "400", "401", "500", "760", "800", "840", "870", "900", "930", "590", "471"
    };
    while (true) {
      String twelve = prefixes[r.nextInt(prefixes.length)] + digits(r, 9);
      String ean = twelve + eanCheck(twelve);
      if (!couldBeCard(ean)) {
        return "product.ean=" + ean + " sku=" + hex(r, 6).toUpperCase(Locale.ROOT);
      }
    }
  }

  static String sha(RandomGenerator r) {
    return r.nextBoolean()
        ? "git.commit.sha=" + hex(r, 40)
        : "sha256:" + hex(r, 64) + " layer pulled";
  }

  static String podName(RandomGenerator r) {
    StringBuilder hash = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      hash.append(LOWER_ALNUM.charAt(r.nextInt(LOWER_ALNUM.length())));
    }
    StringBuilder suffix = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      suffix.append(LOWER_ALNUM.charAt(r.nextInt(LOWER_ALNUM.length())));
    }
    return "k8s.pod.name="
        + service(r)
        + "-"
        + hash
        + "-"
        + suffix
        + " k8s.node.name=node-"
        + r.nextInt(64);
  }

  static String stackTrace(RandomGenerator r) {
    String svc = service(r);
    String cls = Character.toUpperCase(svc.charAt(0)) + svc.substring(1) + "Service";
    return "\tat io.example."
        + svc
        + "."
        + cls
        + ".handle("
        + cls
        + ".java:"
        + (1 + r.nextInt(2000))
        + ")\n"
        + "\tat java.base/java.lang.Thread.run(Thread.java:"
        + (800 + r.nextInt(400))
        + ")";
  }

  // ---- quantities --------------------------------------------------------------------------

  static String byteSize(RandomGenerator r) {
    return switch (r.nextInt(3)) {
      case 0 -> "http.response.body.size=" + r.nextInt(10_000_000);
      case 1 ->
          "heap used "
              + r.nextInt(4096)
              + "."
              + r.nextInt(10)
              + " MiB of "
              + (4 + r.nextInt(60))
              + " GiB";
      default -> "wrote " + (1L << (20 + r.nextInt(12))) + " bytes to disk";
    };
  }

  static String httpStatus(RandomGenerator r) {
    int[] codes = {200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 409, 429, 500, 502, 503, 504};
    return "http.response.status_code="
        + codes[r.nextInt(codes.length)]
        + " http.request.method=GET";
  }

  static String hostPort(RandomGenerator r) {
    return "server.address="
        + service(r)
        + ".svc.cluster.local server.port="
        + (1024 + r.nextInt(64000))
        + " url.full=http://"
        + service(r)
        + ":"
        + (1024 + r.nextInt(64000))
        + "/health";
  }

  static String amount(RandomGenerator r) {
    return switch (r.nextInt(3)) {
      case 0 -> "total=" + r.nextInt(100_000) + "." + two(r.nextInt(100)) + " currency=EUR";
      case 1 ->
          "charged USD "
              + (1 + r.nextInt(999))
              + ","
              + three(r.nextInt(1000))
              + ","
              + three(r.nextInt(1000))
              + "."
              + two(r.nextInt(100));
      default ->
          "Betrag "
              + (1 + r.nextInt(999))
              + "."
              + three(r.nextInt(1000))
              + ","
              + two(r.nextInt(100))
              + " €";
    };
  }

  static String coordinates(RandomGenerator r) {
    String lat = (r.nextBoolean() ? "" : "-") + r.nextInt(90) + "." + digits(r, 4 + r.nextInt(3));
    String lon = (r.nextBoolean() ? "" : "-") + r.nextInt(180) + "." + digits(r, 4 + r.nextInt(3));
    return r.nextBoolean()
        ? "geo.location.lat=" + lat + " geo.location.lon=" + lon
        : "position (" + lat + ", " + lon + ")";
  }

  static String metricLine(RandomGenerator r) {
    return "http_server_duration_bucket{le=\""
        + r.nextInt(10)
        + "."
        + r.nextInt(100)
        + "\",code=\""
        + (200 + r.nextInt(4))
        + "\"} "
        + r.nextInt(1_000_000)
        + " "
        + epoch(r, 1_000L);
  }

  // ---- PII-shaped but invalid --------------------------------------------------------------

  /** Too few digits for any national numbering plan. */
  static String shortPhoneLike(RandomGenerator r) {
    return switch (r.nextInt(3)) {
      case 0 -> "phone ext " + digits(r, 3 + r.nextInt(2));
      case 1 -> "call queue " + digits(r, 2) + "-" + digits(r, 2);
      default -> "retry " + r.nextInt(10) + " of " + r.nextInt(10) + " (" + digits(r, 3) + ")";
    };
  }

  /** All zeros: no numbering plan assigns these. */
  static String zeroPhoneLike(RandomGenerator r) {
    String[] words = {"phone", "tel", "fax", "mobile", "call"};
    String[] shapes = {
      "000-000-0000",
      "00 00 00 00 00",
      "+0 000 000 0000",
      "(000) 000-0000",
      "0000 000000",
      "000.000.0000",
      "+00 0000 000000"
    };
    return words[r.nextInt(words.length)]
        + ": "
        + shapes[r.nextInt(shapes.length)]
        + " (placeholder)";
  }

  /** Card-shaped (right prefix and length, grouped as cards are) but failing Luhn. */
  static String cardFailingLuhn(RandomGenerator r) {
    String[] prefixes = {
      "4", "51", "55", "2221", "2720", "34", "37", "6011", "65", "3528", "62", "36"
    };
    String prefix = prefixes[r.nextInt(prefixes.length)];
    int len = prefix.startsWith("3") && (prefix.equals("34") || prefix.equals("37")) ? 15 : 16;
    String digits = prefix + digits(r, len - prefix.length() - 1);
    char good = luhnCheck(digits);
    char bad = (char) ('0' + ((good - '0' + 1 + r.nextInt(9)) % 10));
    String number = digits + bad;
    return r.nextBoolean() ? "ref " + number : "ref " + group4(number, r.nextBoolean() ? ' ' : '-');
  }

  /** Luhn-valid numbers whose length no scheme uses for their prefix (Amex is 15 only, ...). */
  static String cardLengthOutOfRange(RandomGenerator r) {
    String[] prefixes = {"34", "37", "51", "53"};
    String prefix = prefixes[r.nextInt(prefixes.length)];
    int len = prefix.startsWith("3") ? 17 : 14;
    String body = prefix + digits(r, len - prefix.length() - 1);
    return "account ref " + body + luhnCheck(body);
  }

  /** SSN-shaped with an area the SSA never assigns (000, 666, 900-999) or a zero group/serial. */
  static String invalidSsnLike(RandomGenerator r) {
    String area =
        switch (r.nextInt(3)) {
          case 0 -> "000";
          case 1 -> "666";
          default -> Integer.toString(900 + r.nextInt(100));
        };
    String ssn =
        r.nextInt(4) == 0
            ? digits3(r) + "-00-" + four(1 + r.nextInt(9998))
            : area + "-" + two(1 + r.nextInt(99)) + "-" + four(1 + r.nextInt(9998));
    return "applicant ssn " + ssn + " rejected";
  }

  /** IBAN-shaped with a wrong mod-97 check. */
  static String ibanBadChecksum(RandomGenerator r) {
    String bban = "WEST" + digits(r, 14);
    String good = IbanSection.checkDigits("GB", bban);
    int wrong = (Integer.parseInt(good) + 1 + r.nextInt(90)) % 97 + 2;
    return "iban GB" + two(wrong) + bban + " invalid";
  }

  static String emailLike(RandomGenerator r) {
    return switch (r.nextInt(4)) {
      case 0 -> "image " + service(r) + "@sha256:" + hex(r, 64);
      case 1 ->
          "npm package @opentelemetry/sdk-trace-base@"
              + r.nextInt(3)
              + "."
              + r.nextInt(30)
              + "."
              + r.nextInt(9);
      case 2 -> "mention @" + service(r) + "-team in #incidents";
      default -> "decorator @Transactional on " + service(r) + "@" + r.nextInt(9);
    };
  }

  static String ipLike(RandomGenerator r) {
    return switch (r.nextInt(4)) {
      case 0 -> "version 1.2." + r.nextInt(10) + "." + r.nextInt(10) + "." + r.nextInt(10);
      case 1 -> "oid 1.3.6.1.4.1." + digits(r, 5) + ".1";
      case 2 ->
          "mac " + hex(r, 2) + ":" + hex(r, 2) + ":" + hex(r, 2) + ":" + hex(r, 2) + ":" + hex(r, 2)
              + ":" + hex(r, 2);
      default ->
          "at "
              + two(r.nextInt(24))
              + ":"
              + two(r.nextInt(60))
              + ":"
              + two(r.nextInt(60))
              + " std::vector<int> size "
              + r.nextInt(999);
    };
  }

  static String sqlishLogLine(RandomGenerator r) {
    return "db.statement=SELECT * FROM orders WHERE id = ? LIMIT "
        + (10 + r.nextInt(90))
        + " rows="
        + r.nextInt(5000)
        + " db.operation.duration="
        + r.nextInt(1000)
        + "."
        + digits(r, 3);
  }

  // ---- helpers -----------------------------------------------------------------------------

  static String digits(RandomGenerator r, int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = (char) ('0' + r.nextInt(10));
    }
    return new String(c);
  }

  private static String digits3(RandomGenerator r) {
    return three(1 + r.nextInt(665));
  }

  static String hex(RandomGenerator r, int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = "0123456789abcdef".charAt(r.nextInt(16));
    }
    return new String(c);
  }

  /** Digits with a leading 1-9 that no published card range accepts (see the class comment). */
  private static String nonCardDigits(RandomGenerator r, int n) {
    while (true) {
      String d = (char) ('1' + r.nextInt(9)) + digits(r, n - 1);
      if (!couldBeCard(d)) {
        return d;
      }
    }
  }

  /** Conservatively: 12-19 digits, a card's first digit (2-6) and Luhn-valid. */
  static boolean couldBeCard(String digits) {
    int n = digits.length();
    char first = digits.charAt(0);
    return n >= 12 && n <= 19 && first >= '2' && first <= '6' && luhnValid(digits);
  }

  static boolean luhnValid(String digits) {
    int sum = 0;
    boolean dbl = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (dbl) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  /** The check digit that makes {@code body + digit} Luhn-valid. */
  static char luhnCheck(String body) {
    for (char c = '0'; c <= '9'; c++) {
      if (luhnValid(body + c)) {
        return c;
      }
    }
    throw new AssertionError("every body has a Luhn check digit");
  }

  /** GS1 check digit: weights 1 and 3 from the left over 12 digits. */
  static char eanCheck(String twelve) {
    int sum = 0;
    for (int i = 0; i < twelve.length(); i++) {
      sum += (twelve.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
    }
    return (char) ('0' + (10 - sum % 10) % 10);
  }

  private static String group4(String number, char sep) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < number.length(); i++) {
      if (i > 0 && i % 4 == 0) {
        sb.append(sep);
      }
      sb.append(number.charAt(i));
    }
    return sb.toString();
  }

  private static long epoch(RandomGenerator r, long scale) {
    return (1_600_000_000L + r.nextLong(200_000_000L)) * scale + r.nextLong(scale);
  }

  private static String service(RandomGenerator r) {
    return SERVICES[r.nextInt(SERVICES.length)];
  }

  private static int year(RandomGenerator r) {
    return 2015 + r.nextInt(15);
  }

  private static String two(int v) {
    return v < 10 ? "0" + v : Integer.toString(v);
  }

  private static String three(int v) {
    return String.format(Locale.ROOT, "%03d", v);
  }

  private static String four(int v) {
    return String.format(Locale.ROOT, "%04d", v);
  }
}
