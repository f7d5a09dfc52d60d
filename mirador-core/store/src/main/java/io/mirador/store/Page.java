package io.mirador.store;

import java.util.List;
import java.util.Optional;

/**
 * One page of a search, newest first. {@code nextCursor}, when present, continues the search after
 * the last item of this page; it is opaque to callers.
 */
public record Page<T>(List<T> items, Optional<String> nextCursor) {
  public Page {
    items = List.copyOf(items);
  }
}
