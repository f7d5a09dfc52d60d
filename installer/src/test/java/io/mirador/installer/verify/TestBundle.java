package io.mirador.installer.verify;

import io.mirador.crypto.DetachedSignature;
import io.mirador.crypto.Ed25519Signer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * A small signed bundle (files, a symlink, MANIFEST, signature), as a directory and as a tar.gz.
 */
final class TestBundle {
  static final Ed25519Signer KEY = Ed25519Signer.generate(new SecureRandom());
  static final Ed25519Signer OTHER_KEY = Ed25519Signer.generate(new SecureRandom());

  String top;
  final Map<String, byte[]> files = new TreeMap<>();
  final Map<String, String> symlinks = new TreeMap<>();
  String version = "1.2.3";
  String kind = "appliance";

  TestBundle() {
    this.top = "mirador-1.2.3";
    files.put(
        "VERSION",
        ("version=1.2.3\nschema=4\nkind=appliance\njava=25\nchdb=26.7\ncommit=unknown\n")
            .getBytes(StandardCharsets.UTF_8));
    files.put("install.sh", "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8));
    files.put("apps/core/quarkus-run.jar", "core jar bytes".getBytes(StandardCharsets.UTF_8));
    files.put("apps/core/lib/shared.jar", "shared jar bytes".getBytes(StandardCharsets.UTF_8));
    files.put("apps/rca/lib/shared.jar", "shared jar bytes".getBytes(StandardCharsets.UTF_8));
    files.put(
        "config/mirador-core.yaml.tmpl", "region: @REGION@\n".getBytes(StandardCharsets.UTF_8));
    symlinks.put("runtime/lib/link.jar", "../../apps/core/quarkus-run.jar");
  }

  /** The agent bundle: kind=agent in VERSION and the signature, top {@code mirador-agent-1.2.3}. */
  static TestBundle agent() {
    TestBundle b = new TestBundle();
    b.kind = "agent";
    b.top = "mirador-agent-1.2.3";
    b.files.put(
        "VERSION",
        ("version=1.2.3\nschema=none\nkind=agent\njava=25\nchdb=none\ncommit=unknown\n")
            .getBytes(StandardCharsets.UTF_8));
    return b;
  }

  String manifest() {
    TreeMap<String, String> lines = new TreeMap<>();
    files.forEach((p, b) -> lines.put(p, sha256(b) + "  " + p));
    symlinks.forEach((p, t) -> lines.put(p, "symlink  " + p + " -> " + t));
    StringBuilder sb = new StringBuilder();
    lines.values().forEach(l -> sb.append(l).append('\n'));
    return sb.toString();
  }

  String signature(String manifest, Ed25519Signer key) {
    return DetachedSignature.sign(
        key, manifest.getBytes(StandardCharsets.UTF_8), "mirador " + kind + " " + version);
  }

  static String publicKey(Ed25519Signer key) {
    return DetachedSignature.publicKeyFile(key);
  }

  /** Writes the bundle directory; returns its top. */
  Path writeDirectory(Path parent) throws IOException {
    Path root = parent.resolve(top);
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Path p = root.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, f.getValue());
    }
    for (Map.Entry<String, String> s : symlinks.entrySet()) {
      Path p = root.resolve(s.getKey());
      Files.createDirectories(p.getParent());
      Files.createSymbolicLink(p, Path.of(s.getValue()));
    }
    String m = manifest();
    Files.writeString(root.resolve("MANIFEST"), m);
    Files.writeString(root.resolve("MANIFEST.minisig"), signature(m, KEY));
    return root;
  }

  /** The tar of this bundle (signed with KEY), shared jar stored once as a hard link. */
  TestTar tar() {
    TestTar t = signedTop();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      if (f.getKey().equals("apps/rca/lib/shared.jar")) {
        continue;
      }
      t.file(top + "/" + f.getKey(), f.getValue());
    }
    t.hardlink(top + "/apps/rca/lib/shared.jar", top + "/apps/core/lib/shared.jar");
    symlinks.forEach((p, target) -> t.symlink(top + "/" + p, target));
    return t;
  }

  /**
   * The tarball with each file as {@code content} maps it (to other bytes, or null to leave it
   * out), shared.jar a plain file rather than a hard link; the MANIFEST still lists the originals.
   */
  TestTar tarWith(BiFunction<String, byte[], byte[]> content) {
    TestTar t = signedTop();
    files.forEach(
        (p, bytes) -> {
          byte[] replaced = content.apply(p, bytes);
          if (replaced != null) {
            t.file(top + "/" + p, replaced);
          }
        });
    symlinks.forEach((p, target) -> t.symlink(top + "/" + p, target));
    return t;
  }

  /** The top directory with the MANIFEST and its signature. */
  private TestTar signedTop() {
    String m = manifest();
    return new TestTar()
        .dir(top)
        .file(top + "/MANIFEST", m)
        .file(top + "/MANIFEST.minisig", signature(m, KEY));
  }

  static Path keyFile(Path dir, Ed25519Signer key) throws IOException {
    Path p = dir.resolve("key-" + HexFormat.of().formatHex(key.keyNumber()) + ".pub");
    Files.writeString(p, publicKey(key));
    return p;
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
