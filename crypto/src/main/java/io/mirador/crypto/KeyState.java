package io.mirador.crypto;

/**
 * The life of a key (publish-then-promote rotation).
 *
 * <pre>
 * PENDING --promote--> ACTIVE --(successor promoted)--> RETIRING --retire--> RETIRED
 * </pre>
 */
public enum KeyState {
  /** Published (its public part is known to peers) but not yet used to seal or sign. */
  PENDING(1),
  /** The primary key of its kind and scope: new batches, files and signatures use it. */
  ACTIVE(2),
  /** Superseded: still opens and verifies old data, never used for new data. */
  RETIRING(3),
  /** Done: the secret is erased, only the metadata stays for audit. */
  RETIRED(4);

  final int code;

  KeyState(int code) {
    this.code = code;
  }

  /** Whether a key in this state may open, decrypt or verify existing data. */
  public boolean usableForExistingData() {
    return this != RETIRED;
  }

  static KeyState byCode(int code) {
    for (KeyState s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    return null;
  }
}
