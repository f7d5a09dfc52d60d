package io.mirador.crypto;

/** Where the core finds the private key a batch was sealed to. */
@FunctionalInterface
public interface RecipientKeys {
  /** The key pair with this id if it may open batches now, otherwise null. */
  X25519KeyPair find(String keyId);
}
