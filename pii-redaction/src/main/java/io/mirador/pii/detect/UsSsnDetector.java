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
      i = scanRun(text, run, i, out);
    }
  }

  /**
   * Judges the run at {@code from} in bounded slices ({@link NumberRun#scanBounded}): a slice
   * records at most {@value NumberRun#MAX_GROUPS} groups or {@value NumberRun#MAX_DIGITS} digits,
   * and the next slice resumes at the first group whose 3-2-4 window the slice could not judge, so
   * a list of SSNs longer than one slice is read to its end. Each group is read by a bounded number
   * of slices. Returns the end of the run.
   */
  private static int scanRun(String text, NumberRun run, int from, Findings out) {
    int at = from;
    char before = 0;
    while (true) {
      run.scanBounded(text, at, SEPARATORS, before);
      boolean endsCleanly = run.truncated || Chars.numberEndsCleanly(text, run.end);
      if (run.groupCount == 1) {
        if (at == from
            && run.digitCount == 9
            && endsCleanly
            && !run.truncated
            && Context.before(text, run.start, CONTEXT)
            && valid(run, 0)) {
          out.add(run.start, run.end, DetectorKind.US_SSN);
        }
        if (!run.truncated) {
          return run.end;
        }
        at = run.end + 1;
        before = run.stopSep;
        continue;
      }
      int next = windows(text, run, at != from, endsCleanly, out);
      if (!run.truncated && run.digitCount <= NumberRun.MAX_DIGITS) {
        return run.end;
      }
      if (next >= run.groupCount) {
        if (!run.truncated) {
          return run.end;
        }
        at = run.end + 1;
        before = run.stopSep;
      } else {
        at = run.groupStarts[next];
        before = run.sepBefore[next];
      }
    }
  }

  /**
   * Adds every 3-2-4 window of the recorded groups that is a token of its own; returns the first
   * group (at least 1) whose window was not judged in full, where the next slice starts.
   */
  private static int windows(
      String text, NumberRun run, boolean resumed, boolean endsCleanly, Findings out) {
    int groups = Math.min(run.groupCount, NumberRun.MAX_GROUPS);
    int next = -1;
    for (int g = 0; g < groups; g++) {
      if (g + 2 >= groups || run.digitOffset[g] + 9 > NumberRun.MAX_DIGITS) {
        next = g;
        break;
      }
      boolean last = g + 3 == run.groupCount;
      char inner = run.sepBefore[g + 1];
      boolean token =
          run.isToken(g, g + 2)
              && !(g == 0 && resumed && run.sepBefore[0] == inner)
              && !(last && run.truncated && run.stopSep == inner);
      if (run.groupLengths[g] == 3
          && run.groupLengths[g + 1] == 2
          && run.groupLengths[g + 2] == 4
          && token
          && (!last || endsCleanly)
          && valid(run, run.digitOffset[g])) {
        out.add(run.groupStarts[g], run.groupEnds[g + 2], DetectorKind.US_SSN);
        g += 2;
        next = g + 1;
      }
    }
    return Math.max(next < 0 ? groups : next, 1);
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
