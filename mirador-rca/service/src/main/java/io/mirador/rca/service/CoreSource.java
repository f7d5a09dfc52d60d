package io.mirador.rca.service;

import static java.util.Objects.requireNonNull;

import io.mirador.rca.Finding;
import io.mirador.rca.TimeWindow;
import io.mirador.rca.online.EdgeMinute;
import io.mirador.rca.online.EventPairMinute;
import io.mirador.rca.online.EvidenceSource;
import io.mirador.rca.online.FeatureData;
import io.mirador.rca.online.FeatureSource;
import io.mirador.rca.online.OperationSpansMinute;
import io.mirador.rca.online.SelfTimeMinute;
import io.mirador.rca.online.SpanEventMinute;
import java.util.List;
import java.util.Set;

/** Features and error examples from the core, with the credentials of one caller. */
final class CoreSource implements FeatureSource, EvidenceSource {
  private final CoreClient core;
  private final TokenSource token;

  CoreSource(CoreClient core, TokenSource token) {
    this.core = requireNonNull(core, "core");
    this.token = requireNonNull(token, "token");
  }

  @Override
  public FeatureData features(String tenant, TimeWindow window) {
    return core.features(token.token(), tenant, window);
  }

  @Override
  public List<SelfTimeMinute> selfTimes(
      String tenant, TimeWindow window, Set<String> gapsToCaller) {
    return core.selfTimes(token.token(), tenant, window, gapsToCaller);
  }

  @Override
  public List<EventPairMinute> eventPairs(String tenant, TimeWindow window) {
    return core.eventPairs(token.token(), tenant, window);
  }

  @Override
  public List<OperationSpansMinute> operations(String tenant, TimeWindow window) {
    return core.operations(token.token(), tenant, window);
  }

  @Override
  public List<EdgeMinute> edges(String tenant, TimeWindow window) {
    return core.edges(token.token(), tenant, window);
  }

  @Override
  public List<SpanEventMinute> spanEvents(String tenant, TimeWindow window) {
    return core.spanEvents(token.token(), tenant, window);
  }

  @Override
  public List<Finding.Example> errorSpans(
      String tenant, String service, TimeWindow window, int limit) {
    return core.errorSpans(token.token(), tenant, service, window, limit);
  }

  @Override
  public List<Finding.Example> errorLogs(
      String tenant, String service, TimeWindow window, int limit) {
    return core.errorLogs(token.token(), tenant, service, window, limit);
  }
}
