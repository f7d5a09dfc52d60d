package io.mirador.core.service.ingest;

import io.mirador.core.ingest.ApiKeys;
import io.mirador.core.ingest.IngestResult;
import java.util.Optional;
import java.util.regex.Pattern;

/** Authenticates a plain OTLP caller by API key and the optional tenant header. */
final class OtlpCaller {
  static final String API_KEY_HEADER = "x-mirador-api-key";
  static final String TENANT_HEADER = "x-mirador-tenant";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  private OtlpCaller() {}

  /** The outcome: the caller, or the refusal to answer. */
  sealed interface Outcome {
    record Caller(ApiKeys.Match match) implements Outcome {}

    record Denied(IngestResult.Refused refusal, String tenantLabel) implements Outcome {}
  }

  static Outcome authenticate(ApiKeys keys, String apiKey, String tenantHeader) {
    Optional<ApiKeys.Match> match = keys.match(apiKey);
    if (match.isEmpty()) {
      return new Outcome.Denied(
          new IngestResult.Refused(
              IngestResult.Refusal.UNAUTHENTICATED,
              apiKey == null || apiKey.isEmpty()
                  ? "missing API key (header " + API_KEY_HEADER + ")"
                  : "unknown API key"),
          tenantHeader);
    }
    if (tenantHeader != null
        && !tenantHeader.isEmpty()
        && !tenantHeader.equals(match.get().tenant().value())) {
      return new Outcome.Denied(
          new IngestResult.Refused(
              IngestResult.Refusal.UNKNOWN_AGENT,
              "the API key does not belong to the tenant named in " + TENANT_HEADER),
          match.get().tenant().value());
    }
    return new Outcome.Caller(match.get());
  }

  static String label(String tenant) {
    return tenant != null && NAME.matcher(tenant).matches() ? tenant : "unknown";
  }
}
