package io.mirador.agent;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mirador.crypto.X25519PublicKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;

/** The core's current HPKE public key, which the agent seals to. */
record CoreKey(String keyId, X25519PublicKey publicKey) {
  CoreKey {
    requireNonNull(keyId, "keyId");
    requireNonNull(publicKey, "publicKey");
  }

  /** The format name of the core's published key document (mirador-core). */
  static final String CORE_FORMAT = "mirador-core-public-keys/v1";

  /** From base64 (or hex) text. */
  static CoreKey of(String keyId, String encoded) {
    return new CoreKey(keyId, X25519PublicKey.of(decode(encoded.trim())));
  }

  private static byte[] decode(String s) {
    if (s.length() == 64 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      return HexFormat.of().parseHex(s);
    }
    return Base64.getDecoder().decode(s);
  }

  /**
   * Reads the file the core publishes its key in. Accepted forms: JSON {@code {"keyId": ..,
   * "publicKey": ..}}, JSON {@code {"keys": [{"keyId", "publicKey", "state"}, ..]}} (the ACTIVE one
   * is used), or a text line {@code <key id> <base64 key>}.
   */
  static CoreKey read(Path file, String expectedRegion) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    try {
      if (text.startsWith("{") || text.startsWith("[")) {
        JsonNode root = new ObjectMapper().readTree(text);
        JsonNode keys = root.isArray() ? root : root.path("keys");
        String format = root.path("format").asText("");
        if (!format.isEmpty() && !format.equals(CORE_FORMAT)) {
          throw new IOException(file + ": format " + format + " is not " + CORE_FORMAT);
        }
        if (expectedRegion != null && !expectedRegion.equals(root.path("region").asText(null))) {
          // Residency: an agent configured for one region never seals to another region's core.
          throw new IOException(
              file + ": the core's region is not " + expectedRegion + " (core.region)");
        }
        String active = root.path("active").asText(null);
        if (keys.isArray()) {
          JsonNode chosen = null;
          for (JsonNode k : keys) {
            if (active != null) {
              if (active.equals(k.path("keyId").asText())) {
                chosen = k;
              }
              continue;
            }
            String kind = k.path("kind").asText("X25519");
            if (!kind.equalsIgnoreCase("X25519")) {
              continue;
            }
            if (k.path("state").asText("ACTIVE").equalsIgnoreCase("ACTIVE")) {
              chosen = k;
            }
          }
          if (chosen == null) {
            throw new IOException(file + ": no active X25519 key");
          }
          return fromJson(chosen, file);
        }
        return fromJson(root, file);
      }
      for (String line : text.split("\n")) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        String[] parts = l.split("\\s+");
        if (parts.length != 2) {
          throw new IOException(file + ": expected '<key id> <base64 public key>'");
        }
        return of(parts[0], parts[1]);
      }
      throw new IOException(file + ": empty");
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": not a valid X25519 public key: " + e.getMessage());
    }
  }

  private static CoreKey fromJson(JsonNode k, Path file) throws IOException {
    String id = text(k, "keyId", "key_id", "id");
    String key = text(k, "publicKey", "public_key", "key");
    if (id == null || key == null) {
      throw new IOException(file + ": needs keyId and publicKey");
    }
    return of(id, key);
  }

  private static String text(JsonNode k, String... names) {
    for (String n : names) {
      if (k.hasNonNull(n)) {
        return k.get(n).asText();
      }
    }
    return null;
  }
}
