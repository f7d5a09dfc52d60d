package io.mirador.pii.detect;

import java.util.Set;

/**
 * US social security numbers: {@code AAA-GG-SSSS} or {@code AAA GG SSSS}, and nine bare digits only
 * when a word such as "ssn" or "social security" precedes them. Numbers the SSA never issues are
 * excluded: area 000, 666 and 900-999, group 00, serial 0000, and the well-known advertising
 * numbers 078-05-1120 and 219-09-9999.
 *
 * <p>Linear: each digit run is read once ({@link NumberRun}); the context check reads a window of
 * {@value Context#BEFORE} characters.
 */
final class UsSsnDetector implements Detector {
  private static final String SEPARATORS = " -";
  private static final Set<String> CONTEXT = Set.of("ssn", "ssns", "social", "security", "ss#");

  @Override
  public DetectorKind kind() {
    return DetectorKind.US_SSN;
  }

  @Override
  public void detect(String text, char[] chars, Findings out) {
    NumberRun run = null;
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!Chars.isDigit(chars[i])) {
        i++;
        continue;
      }
      if (!Chars.numberStartsCleanly(text, i)) {
        while (i < n && Chars.isDigit(chars[i])) {
          i++;
        }
        continue;
      }
      if (run == null) {
        run = new NumberRun();
      }
      int end = run.scan(text, i, SEPARATORS);
      boolean endsCleanly = Chars.numberEndsCleanly(text, end);
      if (run.groupCount == 1) {
        if (run.digitCount == 9
            && endsCleanly
            && Context.before(text, run.start, CONTEXT)
            && valid(run, 0)) {
          out.add(run.start, end, DetectorKind.US_SSN);
        }
      } else {
        // Any 3-2-4 window that is a token of its own within the run.
        int groups = Math.min(run.groupCount, NumberRun.MAX_GROUPS);
        for (int g = 0; g + 2 < groups; g++) {
          boolean last = g + 3 == run.groupCount;
          if (run.groupLengths[g] == 3
              && run.groupLengths[g + 1] == 2
              && run.groupLengths[g + 2] == 4
              && run.isToken(g, g + 2)
              && (!last || endsCleanly)
              && run.digitOffset[g] + 9 <= NumberRun.MAX_DIGITS
              && valid(run, run.digitOffset[g])) {
            out.add(run.groupStarts[g], run.groupEnds[g + 2], DetectorKind.US_SSN);
            g += 2;
          }
        }
      }
      i = end;
    }
  }

  private static boolean valid(NumberRun run, int offset) {
    int area = run.digitValue(offset, 3);
    int group = run.digitValue(offset + 3, 2);
    int serial = run.digitValue(offset + 5, 4);
    if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
      return false;
    }
    return !(area == 78 && group == 5 && serial == 1120)
        && !(area == 219 && group == 9 && serial == 9999);
  }
}
