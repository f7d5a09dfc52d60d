package io.mirador.installer.service;

import java.io.IOException;
import java.util.List;

/** Starts, stops and reports the installed services: systemd units, or processes with pid files. */
public interface ServiceManager {
  void start(ServiceSpec service) throws IOException;

  /** Stops the service and waits until it is gone; a stopped service is fine. */
  void stop(ServiceSpec service) throws IOException;

  boolean running(ServiceSpec service);

  /** How the service runs, for {@code status} ("pid 1234", "systemd: active"). */
  String describe(ServiceSpec service);

  default void stopAll(List<ServiceSpec> services) throws IOException {
    for (int i = services.size() - 1; i >= 0; i--) {
      stop(services.get(i));
    }
  }
}
