package io.mirador.agent;

import static java.util.Objects.requireNonNull;

import io.mirador.crypto.Signal;

/**
 * One sealed batch as it waits in the queue: the serialized {@code mirador.ingest.v1.SealedBatch}
 * (already end-to-end encrypted for the core) and what the agent needs to route and count it.
 */
record QueuedBatch(
    long sequence, Signal signal, int lane, int records, long createdMillis, byte[] wire) {
  QueuedBatch {
    requireNonNull(signal, "signal");
    requireNonNull(wire, "wire");
  }
}
