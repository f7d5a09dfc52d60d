package io.mirador.pii.eval;

import io.mirador.pii.detect.IssuerRanges;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Payment card numbers generated from the published issuer ranges: every row of {@link
 * IssuerRanges} (ISO/IEC 7812-1 and the card networks' own range tables, cited there) × every
 * length the row allows × every written form (ungrouped, and grouped as issued with spaces, dashes
 * or dots), with the range's first prefix, its last prefix and a random prefix in between, each
 * completed with random digits and the Luhn check digit of ISO/IEC 7812-1 Annex B. They sit in
 * telemetry-like text: log lines, JSON bodies, key=value pairs, URLs (plain separators only; {@code
 * +} and {@code %20} are the encoding section's), XML, tab-separated records, and next to a
 * quantity or a CVV.
 *
 * <p>Unlabelled card-shaped numbers that must stay: the same numbers with a wrong check digit, the
 * prefixes just below and above each range and the lengths one off, Luhn-valid, wherever no other
 * row issues them. Not among them: a 17-19 digit number with a wrong check digit printed in groups
 * of four with spaces ({@code 6443 3366 7025 2634 599}); when its first 16 digits are a valid card
 * it reads as a card followed by its CVV, which the detector redacts by design.
 *
 * <p>The corpus takes its rows from the detector's own table, so it measures the scanner (written
 * forms, windows, context) over every range; whether the table matches the published ranges is
 * {@code IssuerRangesTest}'s job, which writes the expected boundaries out independently. The
 * numbers are random account numbers in the published ranges: no real person's card.
 */
final class CardSection implements CorpusSection {
  static final String TYPE = "CREDIT_CARD";

  private static final char[] SEPARATORS = {0, ' ', '-', '.'};

  @Override
  public String name() {
    return "credit_card";
  }

  @Override
  public void generate(RandomGenerator random, CorpusSink sink) {
    for (IssuerRanges.Range r : IssuerRanges.ranges()) {
      for (int len = IssuerRanges.MIN_LENGTH; len <= IssuerRanges.MAX_LENGTH; len++) {
        if (!r.allows(len)) {
          continue;
        }
        for (char sep : SEPARATORS) {
          for (String prefix : List.of(r.low(), r.high(), between(r, random))) {
            String number = CardNumbers.number(prefix, len, random);
            labelled(sink, random, written(number, r, sep), sep);
            if (sep != ' ' || len <= 16) {
              unlabelled(sink, random, written(wrongCheckDigit(number), r, sep));
            }
          }
        }
        for (String prefix : new String[] {below(r.low()), above(r.high())}) {
          if (prefix != null) {
            uncovered(sink, random, CardNumbers.number(prefix, len, random), r);
          }
        }
        uncovered(sink, random, CardNumbers.number(r.low(), len - 1, random), r);
        if (len < IssuerRanges.MAX_LENGTH) {
          uncovered(sink, random, CardNumbers.number(r.high(), len + 1, random), r);
        }
      }
    }
  }

  /** A card-shaped number no row issues stays unlabelled; one that some row issues is skipped. */
  private static void uncovered(
      CorpusSink sink, RandomGenerator random, String number, IssuerRanges.Range r) {
    if (number.length() >= IssuerRanges.MIN_LENGTH && !IssuerRanges.issued(number)) {
      // Spaces only up to 16 digits: longer, the first 16 may read as a card and its CVV.
      char sep = SEPARATORS[random.nextInt(SEPARATORS.length)];
      if (sep == ' ' && number.length() > 16) {
        sep = '-';
      }
      unlabelled(sink, random, written(number, r, sep));
    }
  }

  private static void labelled(CorpusSink sink, RandomGenerator random, String card, char sep) {
    int templates = sep == ' ' ? 9 : 10; // no plain spaces inside a URL
    switch (random.nextInt(templates)) {
      case 0 ->
          sink.sample()
              .text("2026-12-07T10:15:" + two(random) + "Z INFO payment authorised pan=")
              .entity(TYPE, card)
              .text(" amount=42.10 currency=EUR")
              .add();
      case 1 ->
          sink.sample()
              .text("{\"event\":\"charge\",\"card_number\":\"")
              .entity(TYPE, card)
              .text("\",\"currency\":\"EUR\"}")
              .add();
      case 2 ->
          sink.sample()
              .text("card=")
              .entity(TYPE, card)
              .text(" status=declined reason=do_not_honor")
              .add();
      case 3 ->
          sink.sample()
              .text("Customer paid with card ")
              .entity(TYPE, card)
              .text(", order ORD-7731 confirmed")
              .add();
      case 4 -> sink.sample().text("charge card ").entity(TYPE, card).text(" 123 exp 12/29").add();
      case 5 -> sink.sample().text("qty 2 ").entity(TYPE, card).text(" billed").add();
      case 6 ->
          sink.sample().text("<payment><pan>").entity(TYPE, card).text("</pan></payment>").add();
      case 7 ->
          sink.sample().text("2026-12-07\tcheckout\t").entity(TYPE, card).text("\tAPPROVED").add();
      case 8 ->
          sink.sample().text("Zahlung mit Karte ").entity(TYPE, card).text(" abgelehnt.").add();
      default ->
          sink.sample()
              .text("GET /api/v1/payments?card=")
              .entity(TYPE, card)
              .text("&amount=1999 HTTP/1.1")
              .add();
    }
  }

  private static void unlabelled(CorpusSink sink, RandomGenerator random, String number) {
    String text =
        switch (random.nextInt(4)) {
          case 0 -> "reference " + number + " processed";
          case 1 -> "{\"ref\":\"" + number + "\",\"status\":\"ok\"}";
          case 2 -> "batch=" + number + " items=3";
          default -> "order " + number + " shipped";
        };
    sink.sample().text(text).add();
  }

  private static String written(String digits, IssuerRanges.Range r, char sep) {
    return CardNumbers.printed(digits, r.scheme().equals("UATP"), sep);
  }

  private static String wrongCheckDigit(String number) {
    int last = number.charAt(number.length() - 1) - '0';
    return number.substring(0, number.length() - 1) + (char) ('0' + (last + 1) % 10);
  }

  /** A random prefix in {@code [low, high]}, as many digits as the row's. */
  private static String between(IssuerRanges.Range r, RandomGenerator random) {
    int low = Integer.parseInt(r.low());
    int high = Integer.parseInt(r.high());
    return pad(low + random.nextInt(high - low + 1), r.low().length());
  }

  private static String below(String prefix) {
    int v = Integer.parseInt(prefix) - 1;
    return v < 0 ? null : pad(v, prefix.length());
  }

  private static String above(String prefix) {
    int v = Integer.parseInt(prefix) + 1;
    return String.valueOf(v).length() > prefix.length() ? null : pad(v, prefix.length());
  }

  private static String pad(int value, int width) {
    String s = Integer.toString(value);
    return "0".repeat(width - s.length()) + s;
  }

  private static String two(RandomGenerator random) {
    return pad(random.nextInt(60), 2);
  }
}
