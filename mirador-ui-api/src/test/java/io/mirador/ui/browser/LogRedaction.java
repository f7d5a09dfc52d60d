package io.mirador.ui.browser;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the harness removes from a child's output before it reaches a log file under target/: the
 * core prints its admin token once, the ui-api prints a one-time login link, and OIDC tokens are
 * JWTs. A log of a test run is an artefact people share; none of these may be in it.
 */
final class LogRedaction {
  private static final String REDACTED = "[redacted]";
  private static final List<Pattern> SECRETS =
      List.of(
          Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]+"),
          Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*"),
          Pattern.compile("(?i)([?&](?:code|token|state)=)[^&\\s\"']+"),
          Pattern.compile(
              "(?i)((?:token|secret|password|csrf)[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',}]+"),
          // 32+ hex or base64url characters in a row: the local admin token and session ids.
          Pattern.compile("(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{40,}(?![A-Za-z0-9_-])"));

  private LogRedaction() {}

  static String redact(String line) {
    String out = line;
    for (Pattern p : SECRETS) {
      out =
          p.matcher(out)
              .replaceAll(
                  m ->
                      Matcher.quoteReplacement(
                          m.groupCount() > 0 ? m.group(1) + REDACTED : REDACTED));
    }
    return out;
  }
}
