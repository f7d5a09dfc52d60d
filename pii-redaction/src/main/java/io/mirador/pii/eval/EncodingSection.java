package io.mirador.pii.eval;

import java.util.random.RandomGenerator;

/**
 * Identifiers as telemetry carries them encoded, labelled on the <em>encoded</em> text (the range a
 * redactor must replace):
 *
 * <ul>
 *   <li>percent-encoding in URLs and form bodies, RFC 3986 section 2.1 (upper and lower case hex,
 *       {@code %40} for {@code @}, {@code %20} and {@code %2B}); {@code +} for a space in query
 *       strings and {@code application/x-www-form-urlencoded} bodies (WHATWG URL standard, section
 *       5.1); double encoding ({@code %2540}) as left by proxies that encode twice;
 *   <li>JSON string escapes, RFC 8259 section 7 ({@code \u0040}, {@code \/});
 *   <li>HTML character references, WHATWG HTML section 13.5 (decimal {@code &#64;}, hexadecimal
 *       {@code &#x40;}, named {@code &commat;} and {@code &period;}).
 * </ul>
 *
 * <p>Values: e-mail domains are RFC 2606 reserved names; card numbers are random Luhn-valid numbers
 * (ISO/IEC 7812-1 Annex B) in published issuer ranges (Visa 4, Mastercard 51-55 and 2221-2720,
 * American Express 34/37, Discover 6011/65); phone numbers are the fictional ranges NANP 555-0100
 * to 555-0199 and Ofcom's drama numbers (020 7946 0000-0999). Also negatives: encoded URLs and
 * markup without PII (search terms, prices, paths), which must stay untouched.
 */
final class EncodingSection implements CorpusSection {
  static final int COUNT = 60;

  private static final String[] NAMES = {"jane.doe", "li.wang", "omar", "sofia+orders", "k.okafor"};
  private static final String[] DOMAINS = {"example.com", "mail.example.org", "example.net"};
  private static final String[][] CARD_PREFIXES = {
    {"4", "16"},
    {"51", "16"},
    {"55", "16"},
    {"2221", "16"},
    {"2720", "16"},
    {"34", "15"},
    {"37", "15"},
    {"6011", "16"},
    {"65", "16"},
    {"4", "19"}
  };

  @Override
  public String name() {
    return "encodings";
  }

  @Override
  public void generate(RandomGenerator random, CorpusSink sink) {
    for (int i = 0; i < COUNT; i++) {
      String email = NAMES[i % NAMES.length] + i + "@" + DOMAINS[random.nextInt(DOMAINS.length)];
      String card = card(random, CARD_PREFIXES[i % CARD_PREFIXES.length]);
      String phone = phone(random, i);
      emails(sink, email, i);
      cards(sink, card, i);
      phones(sink, phone, i);
      negatives(sink, i);
    }
  }

  private static void emails(CorpusSink sink, String email, int i) {
    String at = i % 2 == 0 ? "%40" : "%40".toLowerCase(java.util.Locale.ROOT);
    sink.sample()
        .text("GET https://shop.example.com/account?email=")
        .entity("EMAIL_ADDRESS", percent(email, "@", at).replace("+", "%2B"))
        .text("&page=" + i)
        .add();
    sink.sample()
        .text("http.target=/users/")
        .entity("EMAIL_ADDRESS", percent(email, "@", "%2540").replace("+", "%252B"))
        .text("/orders")
        .add();
    sink.sample()
        .text("{\"user\":\"")
        .entity("EMAIL_ADDRESS", email.replace("@", "\\u0040"))
        .text("\",\"next\":\"https:\\/\\/shop.example.com\\/cart\"}")
        .add();
    String entity =
        switch (i % 3) {
          case 0 -> email.replace("@", "&#64;");
          case 1 -> email.replace("@", "&#x40;");
          default -> email.replace("@", "&commat;").replace(".", "&period;");
        };
    sink.sample().text("<td class=\"mail\">").entity("EMAIL_ADDRESS", entity).text("</td>").add();
  }

  private static void cards(CorpusSink sink, String card, int i) {
    String grouped = group(card);
    String plus = grouped.replace(" ", "+");
    String pct =
        grouped.replace(" ", i % 2 == 0 ? "%20" : "%20".toLowerCase(java.util.Locale.ROOT));
    sink.sample()
        .text("url.query=card=")
        .entity("CREDIT_CARD", plus)
        .text("&exp=12%2F29&amount=19.99")
        .add();
    sink.sample()
        .text("POST /checkout?step=2&pan=")
        .entity("CREDIT_CARD", pct)
        .text("&cvc=[hidden]")
        .add();
    sink.sample()
        .text("body={\"pan\":\"")
        .entity("CREDIT_CARD", grouped.replace(" ", "\\u0020"))
        .text("\"}")
        .add();
  }

  private static void phones(CorpusSink sink, String phone, int i) {
    String encoded =
        i % 2 == 0
            ? phone.replace("+", "%2B").replace(" ", "%20")
            : phone.replace("+", "%2b").replace(" ", "+");
    sink.sample()
        .text("GET https://shop.example.com/callback?phone=")
        .entity("PHONE_NUMBER", encoded)
        .text("&lang=en")
        .add();
    sink.sample()
        .text("<a href=\"tel:")
        .entity("PHONE_NUMBER", phone.replace("+", "&#43;"))
        .text("\">call us</a>")
        .add();
  }

  private static void negatives(CorpusSink sink, int i) {
    String[] texts = {
      "GET https://shop.example.com/search?q=red%20shoes&size=4" + (i % 10) + "&sort=price+asc",
      "url.full=https://shop.example.com/p/caf%C3%A9-cr%C3%A8me?ref=home%2Fbanner&v=" + i,
      "<p>Tom &amp; Jerry&#39;s price: &#8364;"
          + (i + 10)
          + ".99 &mdash; order #A-"
          + (1000 + i)
          + "</p>",
      "{\"path\":\"\\/api\\/v2\\/orders\\/" + (4000 + i) + "\",\"msg\":\"caf\\u00e9 ok\"}",
      "form=qty%3D" + i + "%26sku%3DSKU-" + (20000 + i) + "&note=gift+wrap",
    };
    sink.sample().text(texts[i % texts.length]).add();
  }

  private static String percent(String value, String what, String with) {
    return value.replace(what, with);
  }

  private static String group(String card) {
    StringBuilder b = new StringBuilder();
    int[] groups = card.length() == 15 ? new int[] {4, 6, 5} : null;
    if (groups != null) {
      b.append(card, 0, 4).append(' ').append(card, 4, 10).append(' ').append(card, 10, 15);
      return b.toString();
    }
    for (int k = 0; k < card.length(); k += 4) {
      if (k > 0) {
        b.append(' ');
      }
      b.append(card, k, Math.min(card.length(), k + 4));
    }
    return b.toString();
  }

  /** A random Luhn-valid number with {@code spec[0]} as prefix and {@code spec[1]} digits. */
  static String card(RandomGenerator random, String[] spec) {
    int length = Integer.parseInt(spec[1]);
    StringBuilder b = new StringBuilder(spec[0]);
    while (b.length() < length - 1) {
      b.append((char) ('0' + random.nextInt(10)));
    }
    return b.append(luhnDigit(b)).toString();
  }

  /** ISO/IEC 7812-1 Annex B: the check digit that makes {@code payload} + digit Luhn-valid. */
  static char luhnDigit(CharSequence payload) {
    int sum = 0;
    boolean dbl = true;
    for (int i = payload.length() - 1; i >= 0; i--) {
      int d = payload.charAt(i) - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return (char) ('0' + (10 - sum % 10) % 10);
  }

  private static String phone(RandomGenerator random, int i) {
    if (i % 2 == 0) {
      String[] areas = {"202", "212", "415", "617", "312"};
      return "+1 " + areas[random.nextInt(areas.length)] + " 555 01" + two(random);
    }
    return "+44 20 7946 0" + two(random) + random.nextInt(10);
  }

  private static String two(RandomGenerator random) {
    int v = random.nextInt(100);
    return v < 10 ? "0" + v : Integer.toString(v);
  }
}
