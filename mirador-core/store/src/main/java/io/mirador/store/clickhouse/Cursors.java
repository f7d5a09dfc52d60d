package io.mirador.store.clickhouse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Keyset pagination cursors: the sort key of the last row of a page, {@code <nanos>:<tie-break>},
 * base64url-encoded. A cursor is parsed strictly: it comes back from a client.
 */
final class Cursors {
  private static final Pattern FORM = Pattern.compile("(\\d{1,19}):([0-9a-f]{0,64})");

  private Cursors() {}

  record Position(long timeNanos, String tieBreak) {}

  static String encode(long timeNanos, String tieBreak) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((timeNanos + ":" + tieBreak).getBytes(StandardCharsets.US_ASCII));
  }

  static Position decode(String cursor) {
    String text;
    try {
      if (cursor.length() > 128) {
        throw new IllegalArgumentException();
      }
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid cursor");
    }
    var matcher = FORM.matcher(text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("invalid cursor");
    }
    try {
      return new Position(Long.parseLong(matcher.group(1)), matcher.group(2));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid cursor");
    }
  }
}
