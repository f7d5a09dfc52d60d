package io.mirador.pii.detect;

/**
 * JSON Web Tokens (JWS compact form): {@code eyJ<header>.<payload>.<signature>}, three base64url
 * segments; the header always starts with {@code eyJ} (base64 of <code>{"</code>). An unsigned
 * token's empty signature is accepted.
 *
 * <p>Linear: anchored on {@code "eyJ"} with {@link String#indexOf}; after a candidate (accepted or
 * not) the search resumes at the end of its first segment, so each character is read at most once
 * as part of each of the three segments.
 */
final class JwtDetector implements Detector {
  private static final int MIN_SEGMENT = 4;

  @Override
  public DetectorKind kind() {
    return DetectorKind.JWT;
  }

  @Override
  public void detect(String text, char[] chars, Findings out) {
    int from = 0;
    int n = text.length();
    while (from < n) {
      int start = text.indexOf("eyJ", from);
      if (start < 0) {
        return;
      }
      if (start > 0 && Chars.isBase64Url(text.charAt(start - 1))) {
        from = start + 3;
        continue;
      }
      int headerEnd = segmentEnd(text, start);
      from = headerEnd;
      if (headerEnd - start < MIN_SEGMENT + 3 || headerEnd >= n || text.charAt(headerEnd) != '.') {
        continue;
      }
      int payloadEnd = segmentEnd(text, headerEnd + 1);
      if (payloadEnd - headerEnd - 1 < MIN_SEGMENT
          || payloadEnd >= n
          || text.charAt(payloadEnd) != '.') {
        continue;
      }
      int signatureEnd = segmentEnd(text, payloadEnd + 1);
      if (signatureEnd < n && text.charAt(signatureEnd) == '.') {
        continue; // four or more segments: not a JWS (a JWE has five; treated as not a JWT)
      }
      out.add(start, signatureEnd, DetectorKind.JWT);
      from = signatureEnd;
    }
  }

  private static int segmentEnd(String text, int from) {
    int i = from;
    while (i < text.length() && Chars.isBase64Url(text.charAt(i))) {
      i++;
    }
    return i;
  }
}
