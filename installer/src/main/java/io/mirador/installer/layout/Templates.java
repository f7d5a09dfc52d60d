package io.mirador.installer.layout;

import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders configuration templates: every {@code @NAME@} (upper case, digits, underscore) is
 * replaced by its value. A placeholder without a value is an error that names it, so a template
 * that expects something the installer does not provide never produces a half-rendered file.
 */
public final class Templates {
  private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Z][A-Z0-9_]*)@");

  private Templates() {}

  public static String render(String templateName, String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 256);
    TreeSet<String> missing = new TreeSet<>();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        missing.add(m.group(1));
        m.appendReplacement(out, "");
      } else {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
          throw new IllegalArgumentException(
              templateName + ": the value of @" + m.group(1) + "@ contains a line break");
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          templateName + ": no value for placeholder(s) @" + String.join("@, @", missing) + "@");
    }
    m.appendTail(out);
    return out.toString();
  }
}
