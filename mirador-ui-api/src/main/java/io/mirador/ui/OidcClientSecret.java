package io.mirador.ui;

import io.quarkus.credentials.CredentialsProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The OIDC client secret, read from the file {@code MIRADOR_UI_OIDC_CLIENT_SECRET_FILE} (so it is
 * in no environment variable, command line or properties file).
 */
@ApplicationScoped
@Named(OidcClientSecret.NAME)
final class OidcClientSecret implements CredentialsProvider {
  static final String NAME = "mirador-ui-oidc-secret";

  private final Optional<Path> file;

  OidcClientSecret(UiConfig config) {
    this.file = config.oidc().clientSecretFile();
  }

  @Override
  public Map<String, String> getCredentials(String credentialsProviderName) {
    if (file.isEmpty()) {
      throw new IllegalStateException(
          "OIDC is on but MIRADOR_UI_OIDC_CLIENT_SECRET_FILE is not set");
    }
    try {
      return Map.of("secret", Files.readString(file.get(), StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read the OIDC client secret file "
              + file.get()
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }
}
