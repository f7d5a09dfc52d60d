package io.mirador.installer;

/** A command failed; the message is for the operator, the code is the process's exit status. */
final class InstallerException extends Exception {
  private static final long serialVersionUID = 1L;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int VERIFY = 3;
  static final int DOCTOR = 4;
  static final int ROLLED_BACK = 5;
  static final int ROLLBACK_FAILED = 6;

  private final int exitCode;

  InstallerException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  InstallerException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
