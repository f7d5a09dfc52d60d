package io.mirador.crypto;

/** The OTLP signal a batch carries; its code is part of the sealed batch's associated data. */
public enum Signal {
  TRACES(1),
  METRICS(2),
  LOGS(3),
  PROFILES(4);

  private final int code;

  Signal(int code) {
    this.code = code;
  }

  /** The stable wire code. */
  public int code() {
    return code;
  }

  /** The signal for a wire code, or null if unknown. */
  public static Signal byCode(int code) {
    for (Signal s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    return null;
  }
}
