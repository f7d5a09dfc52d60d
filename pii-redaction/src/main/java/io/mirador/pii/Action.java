package io.mirador.pii;

import java.util.Locale;
import java.util.Optional;

/**
 * What happens to a value (or the part of a value a detector found). Ordered by how much they hide:
 * when findings overlap, the strongest action wins.
 */
public enum Action {
  /** Leave it, but still count it. */
  KEEP,
  /** Replace with a deterministic per-tenant token such as {@code pii:5f2a9c01d3e4b7a8}. */
  HASH,
  /** Replace with the policy's mask text (SQL literals become {@code ?}). */
  MASK,
  /** Remove the attribute; for fields that cannot be removed (a span name), mask it. */
  DROP;

  private final String configName = name().toLowerCase(Locale.ROOT);

  public String configName() {
    return configName;
  }

  public static Optional<Action> fromConfigName(String name) {
    for (Action a : values()) {
      if (a.configName.equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  Action max(Action other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
