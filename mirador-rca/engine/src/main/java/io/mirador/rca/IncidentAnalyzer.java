package io.mirador.rca;

import java.util.Set;

/**
 * Produces the finding of an incident: the RCA over the incident's window, for example a {@link
 * RootCauseRanker} over features fetched from the core. Called when an incident opens and on every
 * minute it is still anomalous.
 */
@FunctionalInterface
public interface IncidentAnalyzer {
  Finding analyze(String tenant, Set<String> services, TimeWindow window);
}
