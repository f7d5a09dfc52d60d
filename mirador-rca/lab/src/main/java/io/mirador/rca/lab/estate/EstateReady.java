package io.mirador.rca.lab.estate;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.List;

/** The estate's ready file: its control API, its services and its pid. */
public record EstateReady(URI control, List<String> services, long pid) {
  public EstateReady {
    requireNonNull(control, "control");
    services = List.copyOf(requireNonNull(services, "services"));
    String host = control.getHost();
    if (!"http".equals(control.getScheme())
        || !("127.0.0.1".equals(host) || "localhost".equals(host))) {
      throw new IllegalArgumentException("the estate's control API must be http on 127.0.0.1");
    }
  }
}
