package io.mirador.rca.replay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A command line's comma-separated variant names (or {@code ALL}) read into an enum's values. */
final class VariantList {
  private VariantList() {}

  /**
   * Refuses an unknown name with the list of known ones; {@code ALL} (any case) is every value when
   * {@code allowAll}.
   */
  static <E extends Enum<E>> List<E> parse(Class<E> type, String arg, boolean allowAll) {
    E[] known = type.getEnumConstants();
    if (allowAll && arg.strip().equalsIgnoreCase("all")) {
      return List.of(known);
    }
    var out = new ArrayList<E>();
    for (String v : arg.split(",", 64)) {
      try {
        out.add(Enum.valueOf(type, v.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown variant " + v.strip() + ", expected one of " + Arrays.toString(known), e);
      }
    }
    return List.copyOf(out);
  }
}
