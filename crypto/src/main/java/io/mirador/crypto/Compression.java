package io.mirador.crypto;

/** How a batch's plaintext is compressed before sealing. The id is authenticated with the batch. */
public enum Compression {
  NONE(0),
  GZIP(1),
  ZSTD(2);

  private final int id;

  Compression(int id) {
    this.id = id;
  }

  public int id() {
    return id;
  }

  static Compression byId(int id) {
    for (Compression c : values()) {
      if (c.id == id) {
        return c;
      }
    }
    return null;
  }
}
