package io.mirador.installer.doctor;

/** The outcome of one preflight check: FAIL blocks install and upgrade, WARN does not. */
public record Check(String name, Status status, String detail) {
  public enum Status {
    OK,
    WARN,
    FAIL
  }

  static Check ok(String name, String detail) {
    return new Check(name, Status.OK, detail);
  }

  static Check warn(String name, String detail) {
    return new Check(name, Status.WARN, detail);
  }

  static Check fail(String name, String detail) {
    return new Check(name, Status.FAIL, detail);
  }
}
