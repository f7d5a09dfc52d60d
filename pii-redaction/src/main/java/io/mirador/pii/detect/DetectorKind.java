package io.mirador.pii.detect;

import java.util.Locale;
import java.util.Optional;

/** The value detectors. The {@link #configName()} is the name used in policy YAML and metrics. */
public enum DetectorKind {
  EMAIL,
  CREDIT_CARD,
  IBAN,
  US_SSN,
  PHONE,
  IP_ADDRESS,
  JWT,
  AUTH_CREDENTIAL,
  CLOUD_KEY,
  PRIVATE_KEY,
  URL_SECRET,
  /** Key-scoped: runs only on SQL statement attributes such as {@code db.statement}. */
  SQL_LITERAL;

  private final String configName = name().toLowerCase(Locale.ROOT);

  /** Lower-case name used in policies and in {@code mirador.redaction.*} attribute keys. */
  public String configName() {
    return configName;
  }

  /** True for detectors that run on every value, without looking at the key. */
  public boolean contextFree() {
    return this != SQL_LITERAL;
  }

  public static Optional<DetectorKind> fromConfigName(String name) {
    for (DetectorKind kind : values()) {
      if (kind.configName.equals(name)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
