package io.mirador.ui.forward;

/** The services behind the BFF, each under its own prefix. */
public enum Upstream {
  /** {@code /ui/api/core/**} to the core's {@code /api/v1/**}. */
  CORE("core"),
  /** {@code /ui/api/rca/**} to the RCA service's {@code /api/v1/**}. */
  RCA("RCA service");

  private final String displayName;

  Upstream(String displayName) {
    this.displayName = displayName;
  }

  /** As error messages name it. */
  public String displayName() {
    return displayName;
  }
}
