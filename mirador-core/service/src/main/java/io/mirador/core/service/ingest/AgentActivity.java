package io.mirador.core.service.ingest;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each agent's last sealed batch was accepted (stored, or acknowledged as a duplicate) and the
 * highest sequence number seen, since the core started. In memory: a restart forgets it until the
 * agent's next batch, which the admin API says.
 */
@Singleton
public final class AgentActivity {
  /** The last accepted batch of one agent. */
  public record LastBatch(Instant at, long sequence, long batches) {}

  private final Map<String, LastBatch> byAgent = new ConcurrentHashMap<>();

  void accepted(String agentId, long sequence, Instant at) {
    byAgent.merge(
        agentId,
        new LastBatch(at, sequence, 1),
        (old, now) ->
            new LastBatch(
                now.at().isAfter(old.at()) ? now.at() : old.at(),
                Math.max(old.sequence(), now.sequence()),
                old.batches() + 1));
  }

  public Optional<LastBatch> last(String agentId) {
    return Optional.ofNullable(byAgent.get(agentId));
  }
}
