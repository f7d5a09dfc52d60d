package io.mirador.rca.lab.run;

import java.io.IOException;
import java.io.OutputStream;

/** Writes to two streams: the lab's log lines go to the terminal and to {@code lab.log}. */
final class Tee extends OutputStream {
  private final OutputStream a;
  private final OutputStream b;

  Tee(OutputStream a, OutputStream b) {
    this.a = a;
    this.b = b;
  }

  @Override
  public void write(int c) throws IOException {
    a.write(c);
    b.write(c);
  }

  @Override
  public void write(byte[] bytes, int off, int len) throws IOException {
    a.write(bytes, off, len);
    b.write(bytes, off, len);
  }

  @Override
  public void flush() throws IOException {
    a.flush();
    b.flush();
  }

  /** Closes only the second stream (the first is the terminal). */
  @Override
  public void close() throws IOException {
    a.flush();
    b.close();
  }
}
