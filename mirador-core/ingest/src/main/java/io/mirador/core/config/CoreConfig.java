package io.mirador.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The core's configuration, read from one YAML file ({@link CoreConfigLoader}) and validated as a
 * whole before anything starts. Immutable; paths are absolute (resolved against the data directory,
 * which is resolved against the file's directory).
 *
 * @param region the region this core serves; batches for tenants of other regions are refused
 * @param dataDir keyrings, replay state, agent registrations and the embedded store live here
 * @param regions every region of the site and its storage target
 * @param keys where the core's keyring lives and how it is protected
 * @param limits ingest limits
 * @param tenants every tenant of the site (of every region: the core refuses the others' data)
 */
public record CoreConfig(
    String region,
    Path dataDir,
    Map<String, StorageTarget> regions,
    KeysConfig keys,
    Limits limits,
    List<TenantConfig> tenants) {

  public CoreConfig {
    requireNonNull(region, "region");
    requireNonNull(dataDir, "dataDir");
    regions = Map.copyOf(requireNonNull(regions, "regions"));
    requireNonNull(keys, "keys");
    requireNonNull(limits, "limits");
    tenants = List.copyOf(requireNonNull(tenants, "tenants"));
  }

  /** The storage target of this core's own region. */
  public StorageTarget storage() {
    return regions.get(region);
  }

  public Optional<TenantConfig> tenant(String id) {
    for (TenantConfig tenant : tenants) {
      if (tenant.id().value().equals(id)) {
        return Optional.of(tenant);
      }
    }
    return Optional.empty();
  }

  /** Tenants whose data this core stores. */
  public List<TenantConfig> localTenants() {
    return tenants.stream().filter(t -> t.region().equals(region)).toList();
  }
}
