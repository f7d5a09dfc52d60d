package io.mirador.rca.online;

import io.mirador.rca.Finding;
import io.mirador.rca.TimeWindow;
import java.util.List;

/**
 * Where examples for a finding come from: the core's span search (status error at the candidate)
 * and log search (severity ERROR and above at the candidate). Both return what the core stored,
 * which the agent and the core have already redacted.
 */
public interface EvidenceSource {
  /** No examples: for tests, and for a core that offers no search. */
  EvidenceSource NONE =
      new EvidenceSource() {
        @Override
        public List<Finding.Example> errorSpans(
            String tenant, String service, TimeWindow window, int limit) {
          return List.of();
        }

        @Override
        public List<Finding.Example> errorLogs(
            String tenant, String service, TimeWindow window, int limit) {
          return List.of();
        }
      };

  /** At most {@code limit} spans of {@code service} with error status in {@code window}. */
  List<Finding.Example> errorSpans(String tenant, String service, TimeWindow window, int limit);

  /** At most {@code limit} log records of {@code service} of severity ERROR or above. */
  List<Finding.Example> errorLogs(String tenant, String service, TimeWindow window, int limit);
}
