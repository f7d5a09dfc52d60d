package io.mirador.pii.detect;

import java.util.List;

/**
 * Cloud and SaaS credentials with a recognisable prefix: AWS access key ids ({@code AKIA...},
 * {@code ASIA...}), Google API keys ({@code AIza...}), GitHub ({@code ghp_}, {@code github_pat_}),
 * GitLab ({@code glpat-}), Slack ({@code xoxb-}), Stripe secret keys ({@code sk_live_}), OpenAI and
 * Anthropic keys, npm and Hugging Face tokens, and Azure storage {@code AccountKey=} / {@code
 * SharedAccessKey=} values. Secrets without a prefix (an AWS secret access key) are caught by the
 * key name instead (see {@link UrlSecretDetector} and the policy's key rules).
 *
 * <p>Linear: one pass; at a word start the few prefixes for that first character are compared
 * (bounded), the body is read once by maximal munch and the scan resumes after it.
 */
final class CloudKeyDetector implements Detector {
  private enum Body {
    UPPER_ALNUM,
    ALNUM,
    WORD,
    BASE64URL,
    ALNUM_DASH,
    BASE64;

    boolean accepts(char c) {
      return switch (this) {
        case UPPER_ALNUM -> Chars.isUpper(c) || Chars.isDigit(c);
        case ALNUM -> Chars.isAsciiAlnum(c);
        case WORD -> Chars.isAsciiAlnum(c) || c == '_';
        case BASE64URL -> Chars.isBase64Url(c);
        case ALNUM_DASH -> Chars.isAsciiAlnum(c) || c == '-';
        case BASE64 -> Chars.isAsciiAlnum(c) || c == '+' || c == '/' || c == '=';
      };
    }
  }

  /** A prefix, the body's characters and length; {@code valueOnly} reports only the body. */
  private record Rule(String prefix, Body body, int min, int max, boolean valueOnly) {}

  private static final List<Rule> RULES =
      List.of(
          aws("AKIA"),
          aws("ASIA"),
          aws("ABIA"),
          aws("ACCA"),
          aws("AGPA"),
          aws("AIDA"),
          aws("AROA"),
          aws("AIPA"),
          aws("ANPA"),
          aws("ANVA"),
          aws("APKA"),
          new Rule("AIza", Body.BASE64URL, 35, 35, false),
          new Rule("ghp_", Body.ALNUM, 36, 255, false),
          new Rule("gho_", Body.ALNUM, 36, 255, false),
          new Rule("ghu_", Body.ALNUM, 36, 255, false),
          new Rule("ghs_", Body.ALNUM, 36, 255, false),
          new Rule("ghr_", Body.ALNUM, 36, 255, false),
          new Rule("github_pat_", Body.WORD, 22, 255, false),
          new Rule("glpat-", Body.BASE64URL, 20, 255, false),
          new Rule("xoxb-", Body.ALNUM_DASH, 10, 255, false),
          new Rule("xoxp-", Body.ALNUM_DASH, 10, 255, false),
          new Rule("xoxa-", Body.ALNUM_DASH, 10, 255, false),
          new Rule("xoxr-", Body.ALNUM_DASH, 10, 255, false),
          new Rule("xoxs-", Body.ALNUM_DASH, 10, 255, false),
          new Rule("xapp-", Body.ALNUM_DASH, 10, 255, false),
          new Rule("sk_live_", Body.ALNUM, 16, 255, false),
          new Rule("rk_live_", Body.ALNUM, 16, 255, false),
          new Rule("sk-proj-", Body.BASE64URL, 20, 512, false),
          new Rule("sk-ant-", Body.BASE64URL, 20, 512, false),
          new Rule("npm_", Body.ALNUM, 36, 36, false),
          new Rule("hf_", Body.ALNUM, 30, 64, false),
          new Rule("AccountKey=", Body.BASE64, 40, 512, true),
          new Rule("SharedAccessKey=", Body.BASE64, 40, 512, true));

  private static Rule aws(String prefix) {
    return new Rule(prefix, Body.UPPER_ALNUM, 16, 16, false);
  }

  /** The rules by the first character of their prefix (ASCII only). */
  private static final Rule[][] BY_FIRST_CHAR = byFirstChar();

  private static Rule[][] byFirstChar() {
    Rule[][] table = new Rule[128][];
    for (Rule r : RULES) {
      char c = r.prefix.charAt(0);
      Rule[] old = table[c] == null ? new Rule[0] : table[c];
      Rule[] grown = java.util.Arrays.copyOf(old, old.length + 1);
      grown[old.length] = r;
      table[c] = grown;
    }
    return table;
  }

  @Override
  public DetectorKind kind() {
    return DetectorKind.CLOUD_KEY;
  }

  @Override
  public void detect(String text, char[] chars, Findings out) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = chars[i];
      Rule[] rules = c < 128 ? BY_FIRST_CHAR[c] : null;
      if (rules == null || Chars.isWordCharAt(text, i - 1)) {
        i++;
        continue;
      }
      int next = i + 1;
      char second = i + 1 < n ? chars[i + 1] : 0;
      for (Rule rule : rules) {
        if (rule.prefix.charAt(1) != second || !text.startsWith(rule.prefix, i)) {
          continue;
        }
        int bodyStart = i + rule.prefix.length();
        int j = bodyStart;
        while (j < n && j - bodyStart <= rule.max && rule.body.accepts(chars[j])) {
          j++;
        }
        int len = j - bodyStart;
        next = Math.max(next, j);
        if (len >= rule.min && len <= rule.max && !Chars.isWordCharAt(text, j)) {
          out.add(rule.valueOnly ? bodyStart : i, j, DetectorKind.CLOUD_KEY);
          break;
        }
      }
      i = next;
    }
  }
}
