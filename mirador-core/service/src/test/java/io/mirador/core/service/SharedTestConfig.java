package io.mirador.core.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The module's one generated test configuration. Quarkus test resources are global and each returns
 * {@code mirador.config}: when two resources wrote a configuration of their own, one replaced the
 * other and its tenants were missing (the core answers 404 for those, 401 for their API keys).
 * Every resource adds what it needs here instead, and all return {@link #FILE}.
 *
 * <p>The file starts, once per test JVM, from {@code src/test/resources/mirador-core-test.yaml}
 * (its {@code dataDir} made absolute); later changes in the same JVM (other resources, or the same
 * one again when Quarkus restarts the application) apply on top. Tenants are put by id, replacing
 * an earlier entry, so a repeated start does not list a tenant twice.
 */
public final class SharedTestConfig {
  public static final Path FILE =
      Path.of("target/test-config/mirador-core-test.yaml").toAbsolutePath();
  private static final Path OWNER = FILE.resolveSibling("owner-pid");
  private static final Path BASE =
      Path.of("src/test/resources/mirador-core-test.yaml").toAbsolutePath();

  private SharedTestConfig() {}

  /** Applies {@code change} to the configuration and writes it; returns {@link #FILE}. */
  public static Path update(Consumer<ObjectNode> change) throws IOException {
    // An interned string is one lock for the copies of this class in every class loader.
    synchronized ("mirador-shared-test-config".intern()) {
      ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
      String pid = Long.toString(ProcessHandle.current().pid());
      boolean ours =
          Files.exists(FILE) && Files.exists(OWNER) && Files.readString(OWNER).strip().equals(pid);
      ObjectNode root;
      if (ours) {
        root = (ObjectNode) yaml.readTree(FILE.toFile());
      } else {
        root = (ObjectNode) yaml.readTree(BASE.toFile());
        String dataDir = root.path("dataDir").asText("data");
        root.put("dataDir", BASE.getParent().resolve(dataDir).normalize().toString());
      }
      change.accept(root);
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, yaml.writeValueAsString(root));
      Files.writeString(OWNER, pid);
      return FILE;
    }
  }

  /** Adds a tenant entry {@code {id, region}}, replacing one with the same id; returns it. */
  public static ObjectNode putTenant(ObjectNode root, String id, String region) {
    ArrayNode tenants = (ArrayNode) root.get("tenants");
    for (int i = tenants.size() - 1; i >= 0; i--) {
      JsonNode t = tenants.get(i);
      if (id.equals(t.path("id").asText())) {
        tenants.remove(i);
      }
    }
    ObjectNode node = tenants.addObject();
    node.put("id", id);
    node.put("region", region);
    return node;
  }
}
