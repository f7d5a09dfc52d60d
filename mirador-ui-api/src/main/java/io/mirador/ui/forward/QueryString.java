package io.mirador.ui.forward;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Strict parsing of a request's query string into name/value pairs, and the canonical encoding the
 * BFF forwards. Parameter names are plain identifiers; values are any text (they are telemetry
 * search terms) decoded as UTF-8; malformed escapes, control characters in names, too many
 * parameters or too long a string are refused with a message.
 */
public final class QueryString {
  /** The longest query string forwarded. */
  public static final int MAX_LENGTH = 4096;

  /** The most parameters forwarded. */
  public static final int MAX_PARAMETERS = 64;

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

  private QueryString() {}

  /** The pairs of {@code raw} (without the '?'); empty for null or "". */
  public static List<Map.Entry<String, String>> parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      return List.of();
    }
    if (raw.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "the query string is longer than " + MAX_LENGTH + " characters");
    }
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    for (String part : raw.split("&", -1)) {
      if (part.isEmpty()) {
        continue;
      }
      if (pairs.size() == MAX_PARAMETERS) {
        throw new IllegalArgumentException("more than " + MAX_PARAMETERS + " query parameters");
      }
      int eq = part.indexOf('=');
      String name = decode(eq < 0 ? part : part.substring(0, eq));
      String value = eq < 0 ? "" : decode(part.substring(eq + 1));
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("a query parameter name is not a plain identifier");
      }
      pairs.add(Map.entry(name, value));
    }
    return List.copyOf(pairs);
  }

  /** The canonical form of {@code pairs}: UTF-8 percent-encoding, spaces as %20. */
  public static String encode(List<Map.Entry<String, String>> pairs) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> pair : pairs) {
      if (!out.isEmpty()) {
        out.append('&');
      }
      out.append(component(pair.getKey())).append('=').append(component(pair.getValue()));
    }
    return out.toString();
  }

  private static String component(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String decode(String text) {
    String decoded;
    try {
      decoded = URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a query parameter has a malformed %-escape", e);
    }
    if (decoded.indexOf('\uFFFD') >= 0 && text.indexOf('\uFFFD') < 0) {
      throw new IllegalArgumentException("a query parameter is not valid UTF-8");
    }
    return decoded;
  }
}
