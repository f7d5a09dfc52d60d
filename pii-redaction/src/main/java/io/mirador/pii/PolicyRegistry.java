package io.mirador.pii;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One policy per tenant. A tenant without its own policy gets the policy of tenant {@value
 * RedactionPolicy#DEFAULT_TENANT} if one was given, else {@link RedactionPolicy#defaults}.
 */
public final class PolicyRegistry {
  private final Map<String, RedactionPolicy> byTenant;

  private PolicyRegistry(Map<String, RedactionPolicy> byTenant) {
    this.byTenant = Map.copyOf(byTenant);
  }

  public static PolicyRegistry of(Collection<RedactionPolicy> policies) {
    Map<String, RedactionPolicy> map = new HashMap<>();
    for (RedactionPolicy p : policies) {
      if (map.put(p.tenant(), p) != null) {
        throw new IllegalArgumentException("two policies for tenant " + p.tenant());
      }
    }
    return new PolicyRegistry(map);
  }

  /** Loads every {@code *.yaml} / {@code *.yml} file in {@code dir} (not recursive). */
  public static PolicyRegistry loadDirectory(Path dir) throws PolicyException {
    if (!Files.isDirectory(dir)) {
      throw new PolicyException(dir + ": not a directory");
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files =
          s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml"))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new PolicyException(dir + ": cannot list: " + e.getMessage(), e);
    }
    Map<String, RedactionPolicy> map = new HashMap<>();
    Map<String, Path> from = new HashMap<>();
    for (Path f : files) {
      RedactionPolicy p = PolicyLoader.load(f);
      Path previous = from.put(p.tenant(), f);
      if (previous != null) {
        throw new PolicyException(f + ": tenant " + p.tenant() + " is also defined in " + previous);
      }
      map.put(p.tenant(), p);
    }
    return new PolicyRegistry(map);
  }

  public RedactionPolicy forTenant(String tenant) {
    requireNonNull(tenant, "tenant");
    RedactionPolicy p = byTenant.get(tenant);
    if (p != null) {
      return p;
    }
    RedactionPolicy fallback = byTenant.get(RedactionPolicy.DEFAULT_TENANT);
    return fallback != null ? fallback : RedactionPolicy.defaults(RedactionPolicy.DEFAULT_TENANT);
  }
}
