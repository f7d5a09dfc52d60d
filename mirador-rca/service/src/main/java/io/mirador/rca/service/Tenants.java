package io.mirador.rca.service;

import java.util.regex.Pattern;

/** The core's tenant id syntax, checked before a tenant is put into a URL. */
final class Tenants {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  private Tenants() {}

  static String require(String tenant) {
    if (tenant == null || tenant.isBlank()) {
      throw new BadRequestException(
          "tenant is required: a tenant id such as demo (1-64 characters of [a-z0-9_-])");
    }
    if (!VALID.matcher(tenant).matches()) {
      throw new BadRequestException(
          "tenant must be 1-64 characters of [a-z0-9_-] starting with a letter or digit");
    }
    return tenant;
  }

  static boolean valid(String tenant) {
    return tenant != null && VALID.matcher(tenant).matches();
  }
}
