package io.mirador.bundle;

import java.nio.file.Path;
import java.util.Map;

/**
 * A bundle that was built: the tarball, its detached signature and the public key to check it, the
 * tarball's SHA-256 and size, and what each stage took (for the README's figures).
 *
 * @param schema the store schema version written to VERSION ("none" in the agent bundle)
 * @param parts bytes before compression per top-level part (runtime, apps, lib, ...), shared jars
 *     counted once
 */
public record BuiltBundle(
    BundleKind kind,
    String version,
    String schema,
    Path tarball,
    Path signature,
    Path publicKey,
    String sha256,
    long compressedBytes,
    long storedBytes,
    int files,
    int hardLinks,
    Map<String, Long> parts,
    Map<String, Long> stageMillis) {
  public BuiltBundle {
    parts = Map.copyOf(parts);
    stageMillis = Map.copyOf(stageMillis);
  }
}
