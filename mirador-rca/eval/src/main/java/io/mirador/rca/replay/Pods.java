package io.mirador.rca.replay;

/** Kubernetes pod names of the Nezha data. */
final class Pods {
  private Pods() {}

  /**
   * The service of a Deployment's pod: the name without its two trailing hash parts ({@code
   * ts-travel-service-64469b5b48-25zj6} is {@code ts-travel-service}); a name with fewer parts is
   * its own service.
   */
  static String service(String pod) {
    int last = pod.lastIndexOf('-');
    int before = last <= 0 ? -1 : pod.lastIndexOf('-', last - 1);
    return before <= 0 ? pod : pod.substring(0, before);
  }
}
