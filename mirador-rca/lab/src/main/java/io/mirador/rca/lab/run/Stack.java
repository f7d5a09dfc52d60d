package io.mirador.rca.lab.run;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The running product the lab measures: the core's and the RCA service's HTTP base URLs, the
 * agent's OTLP/HTTP endpoint the estate sends to, the core's local admin token file (read at each
 * use: it is new at every core start) and the lab's tenant.
 */
public record Stack(URI core, URI rca, URI agentOtlpHttp, Path tokenFile, String tenant) {
  public Stack {
    requireNonNull(core, "core");
    requireNonNull(rca, "rca");
    requireNonNull(agentOtlpHttp, "agentOtlpHttp");
    requireNonNull(tokenFile, "tokenFile");
    requireNonNull(tenant, "tenant");
    if (!tenant.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw new IllegalArgumentException("tenant must match [a-z0-9][a-z0-9-]{0,62}");
    }
  }

  String token() throws IOException {
    return Files.readString(tokenFile, StandardCharsets.US_ASCII).strip();
  }
}
