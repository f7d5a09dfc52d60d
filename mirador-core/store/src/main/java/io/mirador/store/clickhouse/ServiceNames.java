package io.mirador.store.clickhouse;

import io.opentelemetry.proto.resource.v1.Resource;

/** The service a resource belongs to, as the OpenTelemetry resource semantic conventions say. */
final class ServiceNames {
  /** What the SDKs report when an application sets no {@code service.name}. */
  static final String UNKNOWN = "unknown_service";

  private ServiceNames() {}

  static String of(Resource resource) {
    String name = AttributeValues.find(resource.getAttributesList(), "service.name", UNKNOWN);
    return name.isEmpty() ? UNKNOWN : name;
  }
}
