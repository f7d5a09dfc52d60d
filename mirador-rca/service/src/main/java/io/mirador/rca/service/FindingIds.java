package io.mirador.rca.service;

import java.util.regex.Pattern;

/** The core's finding id syntax: 32 lower-case hex digits. */
final class FindingIds {
  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

  private FindingIds() {}

  static String require(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new BadRequestException("finding id must be 32 lower-case hex digits");
    }
    return id;
  }
}
