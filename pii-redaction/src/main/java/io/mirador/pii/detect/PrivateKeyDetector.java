package io.mirador.pii.detect;

/**
 * PEM private-key blocks ({@code -----BEGIN RSA PRIVATE KEY-----} ... {@code -----END RSA PRIVATE
 * KEY-----}, also EC, OPENSSH, ENCRYPTED, PGP ... BLOCK). A block without its END line (a truncated
 * log line) is redacted to the end of the value.
 *
 * <p>Linear: {@link String#indexOf} for the BEGIN marker, the header label is at most {@value
 * #MAX_LABEL} characters, and the END search starts where the header ends; the next BEGIN search
 * starts after the block.
 */
final class PrivateKeyDetector implements Detector {
  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";
  private static final int MAX_LABEL = 64;

  @Override
  public DetectorKind kind() {
    return DetectorKind.PRIVATE_KEY;
  }

  @Override
  public void detect(String text, char[] chars, Findings out) {
    int from = 0;
    while (true) {
      int start = text.indexOf(BEGIN, from);
      if (start < 0) {
        return;
      }
      int labelStart = start + BEGIN.length();
      int labelEnd = labelEnd(text, labelStart);
      if (labelEnd < 0 || !text.substring(labelStart, labelEnd).contains("PRIVATE KEY")) {
        from = labelStart;
        continue;
      }
      int headerEnd = labelEnd + DASHES.length();
      int endMarker = text.indexOf(END, headerEnd);
      if (endMarker < 0) {
        out.add(start, text.length(), DetectorKind.PRIVATE_KEY);
        return;
      }
      int footerLabelEnd = labelEnd(text, endMarker + END.length());
      int end = footerLabelEnd < 0 ? text.length() : footerLabelEnd + DASHES.length();
      out.add(start, end, DetectorKind.PRIVATE_KEY);
      from = end;
    }
  }

  /** Index of the "-----" that closes a label starting at {@code from}, or -1. */
  private static int labelEnd(String text, int from) {
    int limit = Math.min(text.length(), from + MAX_LABEL);
    for (int i = from; i < limit; i++) {
      char c = text.charAt(i);
      if (c == '-') {
        return text.startsWith(DASHES, i) ? i : -1;
      }
      if (!(Chars.isUpper(c) || Chars.isDigit(c) || c == ' ')) {
        return -1;
      }
    }
    return -1;
  }
}
