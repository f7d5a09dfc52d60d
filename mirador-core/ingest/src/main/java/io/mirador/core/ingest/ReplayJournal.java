package io.mirador.core.ingest;

import io.mirador.crypto.ReplayGuard;
import java.io.IOException;

/**
 * Group commit for the replay window. Requests whose store writes were coalesced finish together;
 * if each flushed the window itself, their fsyncs would run one after the other. Each acceptance
 * takes a ticket; a flush covers every ticket issued before it started, so a request whose
 * acceptance an earlier flush already covered returns at once.
 */
final class ReplayJournal {
  private final ReplayGuard guard;
  private final Object flushLock = new Object();
  private long issued;
  private long flushed;

  ReplayJournal(ReplayGuard guard) {
    this.guard = guard;
  }

  ReplayGuard guard() {
    return guard;
  }

  /** Marks the sequence number accepted; returns the ticket to pass to {@link #flush}. */
  synchronized long accept(String sender, long sequence) {
    guard.accept(sender, sequence);
    return ++issued;
  }

  /** Persists the window unless a flush since {@code ticket} was issued already did. */
  void flush(long ticket) throws IOException {
    synchronized (flushLock) {
      if (flushed >= ticket) {
        return;
      }
      long upTo;
      synchronized (this) {
        upTo = issued;
      }
      guard.flush();
      flushed = upTo;
    }
  }
}
