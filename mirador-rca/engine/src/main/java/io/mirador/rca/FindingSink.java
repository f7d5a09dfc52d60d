package io.mirador.rca;

/**
 * Where incident events go; the service stores them through the core. An implementation keeps one
 * finding per {@link Incident#id()}: {@link IncidentEvent.Opened} creates it, {@link
 * IncidentEvent.Updated} and {@link IncidentEvent.Closed} replace it.
 */
@FunctionalInterface
public interface FindingSink {
  void record(IncidentEvent event);
}
