package io.mirador.agent;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The agent's validated configuration (see {@link ConfigLoader} and the README's reference). All
 * sizes are bytes, all durations milliseconds in the file.
 */
record AgentConfig(
    String agentId,
    String tenant,
    String host,
    Path dataDir,
    Path keyringFile,
    Path keyringKeyFile,
    Path policyDir,
    String grpcHost,
    int grpcPort,
    String httpHost,
    int httpPort,
    int maxRequestBytes,
    long memoryLimitBytes,
    int heapLimitPercent,
    int batchMaxBytes,
    Duration batchMaxDelay,
    Durability durability,
    Path queueDir,
    long queueMaxBytes,
    double queueHighWatermark,
    List<String> coreEndpoints,
    Path corePublicKeyFile,
    String coreRegion,
    String coreKeyId,
    String corePublicKey,
    Duration coreKeyRefresh,
    Duration forwardTimeout,
    Duration backoffInitial,
    Duration backoffMax,
    int inFlightPerEndpoint) {

  /** Whether an acknowledged request is on disk (fsynced) or only in memory. */
  enum Durability {
    DISK,
    MEMORY
  }

  AgentConfig {
    requireNonNull(agentId, "agentId");
    requireNonNull(tenant, "tenant");
    requireNonNull(host, "host");
    requireNonNull(dataDir, "dataDir");
    requireNonNull(keyringFile, "keyringFile");
    requireNonNull(keyringKeyFile, "keyringKeyFile");
    requireNonNull(durability, "durability");
    requireNonNull(queueDir, "queueDir");
    coreEndpoints = List.copyOf(coreEndpoints);
  }
}
