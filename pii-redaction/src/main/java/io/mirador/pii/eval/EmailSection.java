package io.mirador.pii.eval;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * E-mail addresses by RFC 5322 section 3.4.1 ({@code addr-spec = local-part "@" domain}) with the
 * dot-atom local part: atoms of {@code atext} (letters, digits and {@code !#$&'*+-/=?^_`{|}~})
 * joined by single dots, at most 64 characters (RFC 5321 section 4.5.3.1.1); plus-addressing (RFC
 * 5233 sub-addresses); domains of one to three subdomain labels (letters, digits, inner hyphens,
 * RFC 1035), IDN labels in punycode (RFC 3492, {@code xn--}), upper and mixed case.
 *
 * <p>Domains are the reserved names of RFC 2606 and RFC 6761 ({@code example.com}, {@code
 * .example}, {@code .test}) and two of IANA's IDN test top-level domains ({@code xn--zckzah},
 * {@code xn--0zwm56d}), so no address belongs to anyone. Quoted local parts ({@code "john
 * doe"@example.com}) are left out: RFC 5321 section 4.1.2 asks hosts not to define such mailboxes,
 * and they do not occur in application telemetry. Of the {@code atext} specials, {@code % & / = ?}
 * are left out: they delimit URLs and {@code key=value} telemetry, and RFC 6068 section 2 requires
 * them percent-encoded in a {@code mailto:} address anyway (the encoded forms are the encoding
 * section's).
 */
final class EmailSection implements CorpusSection {
  static final int COUNT = 400;

  private static final String[] FIRST = {
    "jane", "john", "ana", "li", "omar", "sofia", "yuki", "noah", "emma", "raj", "olga", "kwame"
  };
  private static final String[] LAST = {
    "doe", "smith", "garcia", "wang", "haddad", "rossi", "tanaka", "nguyen", "mueller", "okafor"
  };
  private static final String SPECIALS = "!#$'*+-^_`{|}~";
  private static final String[] SLD = {
    "example", "mail.example", "eu.mail.example", "xn--bcher-kva.example"
  };
  private static final String[] TLD = {"com", "org", "net"};
  private static final String[] RESERVED_TLD = {"example", "test", "xn--zckzah", "xn--0zwm56d"};
  private static final String[][] CONTEXTS = {
    {"user.email=", ""},
    {"sent receipt to ", " at 10:02"},
    {"{\"email\": \"", "\", \"plan\": \"pro\"}"},
    {"From: Jane Doe <", ">"},
    {"mailto:", "?subject=order"},
    {"login failed for ", "."},
    {"enduser.id=", ";"},
    {"recipients: ops@example.org, ", ", audit@example.net"},
    {"(", ")"},
    {"'", "'"}
  };

  @Override
  public String name() {
    return "email";
  }

  @Override
  public void generate(RandomGenerator random, CorpusSink sink) {
    for (int i = 0; i < COUNT; i++) {
      String address = local(random, i) + "@" + domain(random, i);
      if (i % 10 == 7) {
        address = address.toUpperCase(Locale.ROOT);
      } else if (i % 10 == 8) {
        address = Character.toUpperCase(address.charAt(0)) + address.substring(1);
      }
      String[] context = CONTEXTS[random.nextInt(CONTEXTS.length)];
      CorpusSink.SampleBuilder sample = sink.sample();
      if (context[0].startsWith("recipients")) {
        sample
            .text("recipients: ")
            .entity("EMAIL_ADDRESS", "ops@example.org")
            .text(", ")
            .entity("EMAIL_ADDRESS", address)
            .text(", ")
            .entity("EMAIL_ADDRESS", "audit@example.net")
            .add();
      } else {
        sample.text(context[0]).entity("EMAIL_ADDRESS", address).text(context[1]).add();
      }
    }
  }

  private static String local(RandomGenerator r, int i) {
    String first = FIRST[r.nextInt(FIRST.length)];
    String last = LAST[r.nextInt(LAST.length)];
    return switch (i % 6) {
      case 0 -> first + "." + last;
      case 1 -> first + "." + last + "+" + (r.nextBoolean() ? "orders" : "tag" + r.nextInt(100));
      case 2 -> first.charAt(0) + last + r.nextInt(1000);
      case 3 -> first + "_" + last + "-" + r.nextInt(10);
      case 4 -> first + SPECIALS.charAt(r.nextInt(SPECIALS.length())) + last;
      default -> first + "." + (char) ('a' + r.nextInt(26)) + "." + last;
    };
  }

  private static String domain(RandomGenerator r, int i) {
    if (i % 5 == 4) {
      String label = r.nextBoolean() ? "corp" : "xn--mnchen-3ya";
      return label + "." + RESERVED_TLD[r.nextInt(RESERVED_TLD.length)];
    }
    String sld = SLD[r.nextInt(SLD.length)];
    // Reserved second-level names keep the .example suffix only under the RFC 2606 TLDs.
    return sld.endsWith(".example")
        ? sld.replace(".example", ".example." + TLD[r.nextInt(3)])
        : sld + "." + TLD[r.nextInt(TLD.length)];
  }
}
