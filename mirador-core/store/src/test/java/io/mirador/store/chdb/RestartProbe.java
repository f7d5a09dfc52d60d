package io.mirador.store.chdb;

import io.mirador.store.Retention;
import io.mirador.store.TelemetryStore;
import io.mirador.store.TelemetryStores;
import io.mirador.store.TenantId;
import io.mirador.store.testing.Otlp;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate process for {@link EmbeddedRestartIT}: {@code write DIR TRACE N} stores N spans of one
 * trace and prints {@code written}, then exits cleanly or (with {@code hold}) waits to be killed;
 * {@code read DIR TRACE} prints the number of spans of the trace.
 */
public final class RestartProbe {
  private RestartProbe() {}

  public static void main(String[] args) throws InterruptedException {
    TenantId tenant = TenantId.of("restart");
    try (TelemetryStore store = TelemetryStores.embedded(Path.of(args[1]))) {
      switch (args[0]) {
        case "write" -> {
          int n = Integer.parseInt(args[3]);
          long start = System.currentTimeMillis() * 1_000_000L;
          List<Span> spans = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            spans.add(
                Otlp.span(args[2], "%016x".formatted(i + 1), null, "op", start + i, 10).build());
          }
          ResourceSpans batch = Otlp.resourceSpans("svc", spans.toArray(Span[]::new));
          store.writeSpans(tenant, Retention.DEFAULT, List.of(batch));
          System.out.println("written");
          System.out.flush();
          if (args.length > 4 && args[4].equals("hold")) {
            Thread.sleep(120_000);
          }
        }
        case "read" -> System.out.println("spans=" + store.trace(tenant, args[2]).size());
        default -> throw new IllegalArgumentException(args[0]);
      }
    }
  }
}
