package io.mirador.pii.detect;

/**
 * One cheap pass over a text that tells which detectors can possibly match, so that most detectors
 * never scan ordinary telemetry. Every condition is a necessary condition of a match (see {@link
 * #mayMatch}), so gating never loses a finding.
 */
public final class TextProfile {
  private TextProfile() {}

  /**
   * Bit {@code 1 << kind.ordinal()} is set for each detector that may match {@code text}. Linear:
   * one pass, constant work per character.
   */
  public static int mayMatch(String text) {
    int n = text.length();
    int digits = 0;
    int dots = 0;
    int colons = 0;
    int spaces = 0;
    boolean at = false;
    boolean eq = false;
    int alnumRun = 0;
    int maxAlnumRun = 0;
    int tokenRun = 0;
    int maxTokenRun = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      int lower = c | 0x20;
      if (c >= '0' && c <= '9') {
        digits++;
        alnumRun++;
        tokenRun++;
        continue;
      }
      if (lower >= 'a' && lower <= 'z') {
        alnumRun++;
        tokenRun++;
        continue;
      }
      if (alnumRun > maxAlnumRun) {
        maxAlnumRun = alnumRun;
      }
      alnumRun = 0;
      if (c == '-' || c == '_') {
        tokenRun++;
        continue;
      }
      if (tokenRun > maxTokenRun) {
        maxTokenRun = tokenRun;
      }
      tokenRun = 0;
      switch (c) {
        case '.' -> dots++;
        case ':' -> colons++;
        case ' ', '\t' -> spaces++;
        case '@' -> at = true;
        case '=' -> eq = true;
        default -> {}
      }
    }
    maxAlnumRun = Math.max(maxAlnumRun, alnumRun);
    maxTokenRun = Math.max(maxTokenRun, tokenRun);

    int mask = 0;
    if (at) {
      mask |= bit(DetectorKind.EMAIL);
    }
    if (digits >= 13) {
      mask |= bit(DetectorKind.CREDIT_CARD);
    }
    // Electronic IBANs are one run of at least 15 alphanumerics; print format has 3+ spaces.
    if (digits >= 4 && (maxAlnumRun >= 15 || spaces >= 3)) {
      mask |= bit(DetectorKind.IBAN);
    }
    if (digits >= 9) {
      mask |= bit(DetectorKind.US_SSN);
    }
    if (digits >= 6) {
      mask |= bit(DetectorKind.PHONE);
    }
    if ((dots >= 3 && digits >= 4) || colons >= 2) {
      mask |= bit(DetectorKind.IP_ADDRESS);
    }
    if (dots >= 2) {
      mask |= bit(DetectorKind.JWT);
    }
    // Bearer and Basic credentials are at least 8 characters; checked by the detector itself.
    if (spaces >= 1) {
      mask |= bit(DetectorKind.AUTH_CREDENTIAL);
    }
    // Every cloud key rule has a prefix plus body of 14+ token characters, except AccountKey= and
    // SharedAccessKey=, whose names alone are 10+ alphanumerics followed by '='.
    if (maxTokenRun >= 14 || (eq && maxAlnumRun >= 10)) {
      mask |= bit(DetectorKind.CLOUD_KEY);
    }
    if (dots + colons + spaces > 0 || eq) {
      mask |= bit(DetectorKind.PRIVATE_KEY);
    }
    if (eq || colons > 0) {
      mask |= bit(DetectorKind.URL_SECRET);
    }
    if (digits > 0 || text.indexOf('\'') >= 0) {
      mask |= bit(DetectorKind.SQL_LITERAL);
    }
    return mask;
  }

  public static int bit(DetectorKind kind) {
    return 1 << kind.ordinal();
  }
}
