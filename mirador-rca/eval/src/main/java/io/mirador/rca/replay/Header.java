package io.mirador.rca.replay;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Column positions of a CSV header, checked for the columns a converter needs. */
final class Header {
  private final Map<String, Integer> index = new HashMap<>();
  private final int size;

  Header(List<String> names, String file, List<String> required) {
    for (int i = 0; i < names.size(); i++) {
      index.putIfAbsent(names.get(i).strip(), i);
    }
    size = names.size();
    for (String column : required) {
      if (!index.containsKey(column)) {
        throw new IllegalArgumentException(file + ": header lacks column " + column);
      }
    }
  }

  int size() {
    return size;
  }

  int of(String column) {
    return index.getOrDefault(column, -1);
  }
}
