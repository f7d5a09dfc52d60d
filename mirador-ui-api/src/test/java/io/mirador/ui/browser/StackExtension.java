package io.mirador.ui.browser;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives browser tests the one {@link MiradorStack} of this test run: started by the first test
 * class that asks (about 20 s, then about three minutes until the fault's finding exists), shared
 * by every later class, stopped when the run ends (JUnit closes the root store's values). Skips,
 * with the reason, when Chromium or an app is not there.
 */
final class StackExtension implements ParameterResolver {
  private static final String KEY = "mirador-browser-stack";

  /** The store's value: JUnit closes it at the end of the run. */
  private record Shared(MiradorStack stack) implements AutoCloseable {
    @Override
    public void close() {
      stack.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == MiradorStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    assumeTrue(
        Browser.available(),
        "chromium and chromium-driver are not installed (tools/setup.sh installs them)");
    for (String app :
        new String[] {
          "mirador-core/service", "mirador-agent", "mirador-rca/service", "mirador-ui-api"
        }) {
      assumeTrue(
          Files.isRegularFile(
              MiradorStack.root().resolve(app).resolve("target/quarkus-app/quarkus-run.jar")),
          app + " is not packaged (./mvnw -pl " + app + " package)");
    }
    String attach = System.getProperty("browser-it.attach", "");
    if (!attach.isBlank()) {
      try {
        return MiradorStack.attach(java.nio.file.Path.of(attach));
      } catch (java.io.IOException e) {
        throw new IllegalStateException("cannot attach to " + attach, e);
      }
    }
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .computeIfAbsent(
            KEY,
            k -> {
              try {
                return new Shared(MiradorStack.start());
              } catch (Exception e) {
                throw new IllegalStateException("the stack did not start: " + e.getMessage(), e);
              }
            },
            Shared.class)
        .stack();
  }
}
