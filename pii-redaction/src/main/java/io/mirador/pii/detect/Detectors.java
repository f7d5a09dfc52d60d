package io.mirador.pii.detect;

import java.util.EnumMap;
import java.util.Map;

/** The built-in detector for each {@link DetectorKind}. */
public final class Detectors {
  private static final Map<DetectorKind, Detector> ALL = create();

  private Detectors() {}

  public static Detector of(DetectorKind kind) {
    return ALL.get(kind);
  }

  private static Map<DetectorKind, Detector> create() {
    Map<DetectorKind, Detector> map = new EnumMap<>(DetectorKind.class);
    for (Detector d :
        new Detector[] {
          new EmailDetector(),
          new CreditCardDetector(),
          new IbanDetector(),
          new UsSsnDetector(),
          new PhoneDetector(),
          new IpAddressDetector(),
          new JwtDetector(),
          new AuthCredentialDetector(),
          new CloudKeyDetector(),
          new PrivateKeyDetector(),
          new UrlSecretDetector(),
          new SqlLiteralDetector()
        }) {
      map.put(d.kind(), d);
    }
    if (map.size() != DetectorKind.values().length) {
      throw new IllegalStateException("a detector kind has no detector");
    }
    return map;
  }
}
