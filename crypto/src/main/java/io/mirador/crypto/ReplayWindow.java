package io.mirador.crypto;

import java.util.Arrays;

/**
 * A sliding anti-replay window over one sender's sequence numbers (as in IPsec, RFC 4303 3.4.3):
 * accepts numbers out of order within {@code size} of the highest seen, refuses duplicates and
 * anything older. Not thread-safe; {@link ReplayGuard} serialises access.
 */
final class ReplayWindow {
  private final int size;
  private final long[] bits;
  private long highest;

  ReplayWindow(int size) {
    this(size, -1, new long[size / 64]);
  }

  ReplayWindow(int size, long highest, long[] bits) {
    if (size < 64 || size % 64 != 0) {
      throw new IllegalArgumentException("window size must be a positive multiple of 64");
    }
    if (bits.length != size / 64) {
      throw new IllegalArgumentException("bitmap length does not match the window size");
    }
    this.size = size;
    this.highest = highest;
    this.bits = bits;
  }

  long highest() {
    return highest;
  }

  long[] bits() {
    return bits.clone();
  }

  ReplayGuard.Verdict check(long seq) {
    if (seq < 0) {
      return ReplayGuard.Verdict.TOO_OLD;
    }
    if (seq > highest) {
      return ReplayGuard.Verdict.ACCEPTED;
    }
    if (highest - seq >= size) {
      return ReplayGuard.Verdict.TOO_OLD;
    }
    return isSet(seq) ? ReplayGuard.Verdict.DUPLICATE : ReplayGuard.Verdict.ACCEPTED;
  }

  ReplayGuard.Verdict accept(long seq) {
    ReplayGuard.Verdict verdict = check(seq);
    if (verdict != ReplayGuard.Verdict.ACCEPTED) {
      return verdict;
    }
    if (seq > highest) {
      if (highest < 0 || seq - highest >= size) {
        Arrays.fill(bits, 0L);
      } else {
        for (long s = highest + 1; s < seq; s++) {
          clear(s);
        }
      }
      highest = seq;
    }
    set(seq);
    return verdict;
  }

  /** Forgets an accepted number (its batch could not be stored), if still inside the window. */
  void release(long seq) {
    if (seq >= 0 && seq <= highest && highest - seq < size) {
      clear(seq);
    }
  }

  private boolean isSet(long seq) {
    int i = (int) (seq % size);
    return (bits[i >>> 6] & (1L << (i & 63))) != 0;
  }

  private void set(long seq) {
    int i = (int) (seq % size);
    bits[i >>> 6] |= 1L << (i & 63);
  }

  private void clear(long seq) {
    int i = (int) (seq % size);
    bits[i >>> 6] &= ~(1L << (i & 63));
  }
}
