package io.mirador.rca.replay;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;

/** Small OTLP builders shared by the converters. */
final class Otlp {
  private Otlp() {}

  static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  /** A pod's resource: {@code service.name} from the pod's service, and the pod itself. */
  static Resource podResource(String pod) {
    return Resource.newBuilder()
        .addAttributes(attribute("service.name", Pods.service(pod)))
        .addAttributes(attribute("k8s.pod.name", pod))
        .build();
  }
}
