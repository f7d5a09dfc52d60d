package io.mirador.ui;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/** The SPA's page paths (contract "Pages"), its index.html, and the {@code next} rule. */
final class Pages {
  /** Every page path of the contract; each serves the SPA's index.html. */
  static final Pattern PAGE =
      Pattern.compile(
          "/(findings(/[^/]+)?|map|services/[^/]+|traces(/[^/]+)?|logs|metrics"
              + "|admin/(audit|agents|keys|tenants|privacy))");

  static final Pattern ADMIN_PAGE = Pattern.compile("/admin/.*");

  static final String HOME = "/findings";
  private static final int MAX_NEXT = 2048;

  private static final AtomicReference<String> INDEX = new AtomicReference<>();

  private Pages() {}

  /**
   * {@code next} when it is a same-origin page path with an optional query (no scheme, no
   * authority, no backslash, no control character), else the findings page.
   */
  static String safeNext(String next) {
    if (next == null || next.isEmpty() || next.length() > MAX_NEXT) {
      return HOME;
    }
    if (!next.startsWith("/") || next.startsWith("//") || next.indexOf('\\') >= 0) {
      return HOME;
    }
    for (int i = 0; i < next.length(); i++) {
      char c = next.charAt(i);
      if (c < 0x21 || c == 0x7f) {
        return HOME;
      }
    }
    try {
      URI uri = new URI(next);
      if (uri.getScheme() != null
          || uri.getRawAuthority() != null
          || uri.getRawFragment() != null
          || uri.getRawPath() == null
          || !PAGE.matcher(uri.getRawPath()).matches()) {
        return HOME;
      }
    } catch (URISyntaxException e) {
      return HOME;
    }
    return next;
  }

  /** The built SPA's index.html, read once; empty while the UI is not built. */
  static Optional<String> index() {
    String cached = INDEX.get();
    if (cached != null) {
      return Optional.of(cached);
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in = loader.getResourceAsStream("META-INF/resources/index.html")) {
      if (in == null) {
        return Optional.empty();
      }
      String html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      INDEX.compareAndSet(null, html);
      return Optional.of(html);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
