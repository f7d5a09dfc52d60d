package io.mirador.core.ingest;

import static java.util.Objects.requireNonNull;

import io.mirador.crypto.Signal;

/**
 * What names a sealed batch across retries: the agent's sequence number is unique per agent (the
 * replay window's key), and tenant and signal are bound to it by the batch's associated data.
 */
record BatchIdentity(String tenant, String agentId, long sequence, Signal signal) {
  BatchIdentity {
    requireNonNull(tenant, "tenant");
    requireNonNull(agentId, "agentId");
    requireNonNull(signal, "signal");
  }
}
