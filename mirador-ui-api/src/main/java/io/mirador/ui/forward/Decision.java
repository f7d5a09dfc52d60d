package io.mirador.ui.forward;

import static java.util.Objects.requireNonNull;

/** What the BFF does with a {@code /ui/api/{core,rca}/**} request. */
public sealed interface Decision {
  /**
   * Forward to {@code /api/v1/<path>?<query>} of {@code upstream}; {@code query} is re-encoded from
   * the parsed parameters (empty when there were none).
   */
  record Forward(Upstream upstream, String method, String path, String query) implements Decision {
    public Forward {
      requireNonNull(upstream, "upstream");
      requireNonNull(method, "method");
      requireNonNull(path, "path");
      requireNonNull(query, "query");
    }
  }

  /** Answer {@code status} with a problem; nothing is forwarded. */
  record Refuse(int status, String title, String detail, String reason) implements Decision {
    public Refuse {
      requireNonNull(title, "title");
      requireNonNull(detail, "detail");
      requireNonNull(reason, "reason");
    }
  }
}
