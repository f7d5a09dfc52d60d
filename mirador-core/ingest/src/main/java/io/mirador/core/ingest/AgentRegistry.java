package io.mirador.core.ingest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mirador.core.config.CoreConfig;
import io.mirador.core.config.TenantConfig;
import io.mirador.crypto.X25519PublicKey;
import io.mirador.store.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The agents allowed to write, each bound to one tenant: those of the configuration file plus those
 * registered at run time, which are persisted (JSON, 0600, atomic replace) and survive restarts.
 * Agent ids are unique across tenants: the replay window and the sender key are per agent id.
 */
public final class AgentRegistry {
  /** The file format name. */
  public static final String FORMAT = "mirador-agents/v1";

  private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final long MAX_FILE_BYTES = 16L << 20;

  private final Path file;
  private final Map<String, Agent> agents = new ConcurrentHashMap<>();

  /** Where an agent's registration comes from. */
  public enum Source {
    CONFIG,
    API
  }

  /** A registered agent. */
  public record Agent(String id, TenantId tenant, X25519PublicKey publicKey, Source source) {
    public Agent {
      requireNonNull(id, "id");
      requireNonNull(tenant, "tenant");
      requireNonNull(publicKey, "publicKey");
      requireNonNull(source, "source");
    }
  }

  /** The outcome of a registration. */
  public sealed interface Registration {
    /** Newly registered and persisted. */
    record Created(Agent agent) implements Registration {}

    /** Exactly this registration existed already. */
    record Unchanged(Agent agent) implements Registration {}

    /** The id is taken (another key or tenant), or the request is invalid. */
    record Refused(String message, boolean conflict) implements Registration {}
  }

  private AgentRegistry(Path file) {
    this.file = file;
  }

  /**
   * The configured agents plus those persisted in {@code file} (absent at first start). A persisted
   * agent whose id the configuration now also names is superseded by the configuration.
   */
  public static AgentRegistry open(CoreConfig config, Path file) throws IOException {
    requireNonNull(config, "config");
    AgentRegistry registry = new AgentRegistry(requireNonNull(file, "file"));
    for (TenantConfig tenant : config.tenants()) {
      for (TenantConfig.AgentConfig agent : tenant.agents()) {
        registry.agents.put(
            agent.id(), new Agent(agent.id(), tenant.id(), agent.publicKey(), Source.CONFIG));
      }
    }
    if (Files.exists(file)) {
      for (Agent agent : read(file)) {
        registry.agents.putIfAbsent(agent.id(), agent);
      }
    }
    return registry;
  }

  private static List<Agent> read(Path file) throws IOException {
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new IOException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IOException(file + ": not valid JSON", e);
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw new IOException(file + ": not a " + FORMAT + " file");
    }
    List<Agent> out = new ArrayList<>();
    int i = 0;
    for (JsonNode node : root.path("agents")) {
      try {
        String id = node.path("id").asText();
        if (!AGENT_ID.matcher(id).matches()) {
          throw new IllegalArgumentException("bad agent id");
        }
        out.add(
            new Agent(
                id,
                new TenantId(node.path("tenant").asText()),
                X25519PublicKey.of(Base64.getDecoder().decode(node.path("publicKey").asText())),
                Source.API));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": agents[" + i + "] is invalid: " + e.getMessage(), e);
      }
      i++;
    }
    return out;
  }

  /** The agent with this id, if registered. */
  public Optional<Agent> find(String agentId) {
    return Optional.ofNullable(agents.get(agentId));
  }

  /** Every agent, or those of one tenant, ordered by tenant and id. */
  public List<Agent> list(Optional<TenantId> tenant) {
    return agents.values().stream()
        .filter(a -> tenant.isEmpty() || a.tenant().equals(tenant.get()))
        .sorted(Comparator.comparing((Agent a) -> a.tenant().value()).thenComparing(Agent::id))
        .toList();
  }

  /** Registers an agent for a tenant the caller has checked exists locally. */
  public synchronized Registration register(
      TenantId tenant, String agentId, X25519PublicKey publicKey) throws IOException {
    requireNonNull(tenant, "tenant");
    requireNonNull(agentId, "agentId");
    requireNonNull(publicKey, "publicKey");
    if (!AGENT_ID.matcher(agentId).matches()) {
      return new Registration.Refused(
          "agentId must be 1-64 characters of [A-Za-z0-9_.-] starting with a letter or digit",
          false);
    }
    Agent existing = agents.get(agentId);
    if (existing != null) {
      if (existing.tenant().equals(tenant) && existing.publicKey().equals(publicKey)) {
        return new Registration.Unchanged(existing);
      }
      return new Registration.Refused(
          "agent id '" + agentId + "' is already registered with another key or tenant", true);
    }
    Agent agent = new Agent(agentId, tenant, publicKey, Source.API);
    Map<String, Agent> next = new LinkedHashMap<>(agents);
    next.put(agentId, agent);
    persist(next);
    agents.put(agentId, agent);
    return new Registration.Created(agent);
  }

  private void persist(Map<String, Agent> all) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("format", FORMAT);
    ArrayNode list = root.putArray("agents");
    all.values().stream()
        .filter(a -> a.source() == Source.API)
        .sorted(Comparator.comparing(Agent::id))
        .forEach(
            a -> {
              ObjectNode node = list.addObject();
              node.put("id", a.id());
              node.put("tenant", a.tenant().value());
              node.put("publicKey", Base64.getEncoder().encodeToString(a.publicKey().bytes()));
            });
    AtomicFiles.write(file, mapper.writeValueAsBytes(root), AtomicFiles.OWNER_ONLY);
  }
}
