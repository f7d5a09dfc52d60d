package io.mirador.pii.detect;

import java.util.Arrays;

/**
 * A growable, reusable list of findings ({@code [start, end)} character ranges and the detector
 * that found them). Primitive arrays keep the scan path free of per-finding allocation.
 */
public final class Findings {
  private int[] starts = new int[4];
  private int[] ends = new int[4];
  private DetectorKind[] kinds = new DetectorKind[4];
  private int size;

  public void add(int start, int end, DetectorKind kind) {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("empty or negative range [" + start + ", " + end + ")");
    }
    if (size == starts.length) {
      int capacity = size * 2;
      starts = Arrays.copyOf(starts, capacity);
      ends = Arrays.copyOf(ends, capacity);
      kinds = Arrays.copyOf(kinds, capacity);
    }
    starts[size] = start;
    ends[size] = end;
    kinds[size] = kind;
    size++;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public int start(int i) {
    return starts[checkIndex(i)];
  }

  public int end(int i) {
    return ends[checkIndex(i)];
  }

  public DetectorKind kind(int i) {
    return kinds[checkIndex(i)];
  }

  public void clear() {
    Arrays.fill(kinds, 0, size, null);
    size = 0;
  }

  /** Removes finding {@code i} (order of the others is kept). */
  public void remove(int i) {
    checkIndex(i);
    int tail = size - i - 1;
    System.arraycopy(starts, i + 1, starts, i, tail);
    System.arraycopy(ends, i + 1, ends, i, tail);
    System.arraycopy(kinds, i + 1, kinds, i, tail);
    size--;
    kinds[size] = null;
  }

  /** Sorts by start, then by end (insertion sort: lists are short and nearly sorted). */
  public void sort() {
    for (int i = 1; i < size; i++) {
      int s = starts[i];
      int e = ends[i];
      DetectorKind k = kinds[i];
      int j = i - 1;
      while (j >= 0 && (starts[j] > s || (starts[j] == s && ends[j] > e))) {
        starts[j + 1] = starts[j];
        ends[j + 1] = ends[j];
        kinds[j + 1] = kinds[j];
        j--;
      }
      starts[j + 1] = s;
      ends[j + 1] = e;
      kinds[j + 1] = k;
    }
  }

  private int checkIndex(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException(i);
    }
    return i;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Findings[");
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(kinds[i] == null ? "key_rule" : kinds[i].configName())
          .append('@')
          .append(starts[i])
          .append('-')
          .append(ends[i]);
    }
    return sb.append(']').toString();
  }
}
