package io.mirador.pii;

import static java.util.Objects.requireNonNull;

/** What to do with every attribute whose key matches {@code key}. */
public record KeyRule(KeyPattern key, Action action) {
  public KeyRule {
    requireNonNull(key, "key");
    requireNonNull(action, "action");
  }

  public static KeyRule of(String pattern, Action action) {
    return new KeyRule(KeyPattern.of(pattern), action);
  }
}
