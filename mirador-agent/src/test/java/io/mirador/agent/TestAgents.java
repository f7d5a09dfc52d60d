package io.mirador.agent;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Agent configurations for tests: everything through the same loader as production. */
final class TestAgents {
  private TestAgents() {}

  static AgentConfig config(Path dataDir, FakeCore core, Map<String, String> extra)
      throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("MIRADOR_AGENT_AGENT_ID", "agent-test");
    env.put("MIRADOR_AGENT_AGENT_TENANT", "acme");
    env.put("MIRADOR_AGENT_AGENT_HOST", "test-host");
    env.put("MIRADOR_AGENT_AGENT_DATADIR", dataDir.toString());
    env.put("MIRADOR_AGENT_RECEIVERS_GRPC_HOST", "127.0.0.1");
    env.put("MIRADOR_AGENT_RECEIVERS_GRPC_PORT", "0");
    env.put("MIRADOR_AGENT_CORE_ENDPOINTS", "127.0.0.1:" + core.port());
    env.put("MIRADOR_AGENT_CORE_KEYID", core.keyId);
    env.put("MIRADOR_AGENT_CORE_PUBLICKEY", core.publicKeyBase64());
    env.put("MIRADOR_AGENT_BATCH_MAXDELAYMILLIS", "20");
    env.put("MIRADOR_AGENT_FORWARDER_BACKOFFINITIALMILLIS", "20");
    env.put("MIRADOR_AGENT_FORWARDER_BACKOFFMAXMILLIS", "200");
    env.putAll(extra);
    return ConfigLoader.load(null, env);
  }
}
