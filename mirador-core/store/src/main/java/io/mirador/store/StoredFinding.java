package io.mirador.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A root-cause finding as the core stores it: one incident of one tenant, its symptom, the ranked
 * probable causes and the evidence the RCA measured (JSON, opaque to the store). The RCA engine
 * produces findings; this is the core's own form of them, so the core does not depend on the
 * engine.
 *
 * @param id 32 lower-case hex digits, chosen by the core when the finding is created
 * @param evidenceJson a JSON document of at most {@link #MAX_EVIDENCE_CHARS} characters
 * @param detectedAt when the detection opened the incident (its start is {@code openedAt}); absent
 *     for findings written before it was recorded, or created without it
 */
public record StoredFinding(
    String id,
    TenantId tenant,
    Instant openedAt,
    Instant updatedAt,
    Optional<Instant> closedAt,
    Status status,
    Symptom symptom,
    List<Cause> causes,
    String evidenceJson,
    Optional<Instant> detectedAt) {

  public static final int MAX_CAUSES = 100;
  public static final int MAX_EVIDENCE_CHARS = 1 << 20;
  public static final int MAX_NAME_CHARS = 256;
  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

  /** Whether the incident still lasts. */
  public enum Status {
    OPEN,
    CLOSED
  }

  /** Where the incident shows: a metric of a service in a window. */
  public record Symptom(String service, String metric, TimeRange window) {
    public Symptom {
      requireName(service, "symptom.service");
      requireName(metric, "symptom.metric");
      requireNonNull(window, "window");
    }
  }

  /** A probable cause: a service, its score and its confidence (0 to 1). */
  public record Cause(String service, double score, double confidence) {
    public Cause {
      requireName(service, "cause.service");
      if (!Double.isFinite(score)) {
        throw new IllegalArgumentException("cause.score must be a finite number");
      }
      if (!(confidence >= 0 && confidence <= 1)) {
        throw new IllegalArgumentException("cause.confidence must be between 0 and 1");
      }
    }
  }

  public StoredFinding {
    requireId(id);
    requireNonNull(tenant, "tenant");
    requireNonNull(openedAt, "openedAt");
    requireNonNull(updatedAt, "updatedAt");
    requireNonNull(closedAt, "closedAt");
    requireNonNull(status, "status");
    requireNonNull(symptom, "symptom");
    causes = List.copyOf(requireNonNull(causes, "causes"));
    requireNonNull(evidenceJson, "evidenceJson");
    requireNonNull(detectedAt, "detectedAt");
    if (causes.size() > MAX_CAUSES) {
      throw new IllegalArgumentException("at most " + MAX_CAUSES + " causes");
    }
    if (evidenceJson.length() > MAX_EVIDENCE_CHARS) {
      throw new IllegalArgumentException(
          "evidence must be at most " + MAX_EVIDENCE_CHARS + " characters");
    }
    if (updatedAt.isBefore(openedAt)) {
      throw new IllegalArgumentException("updatedAt must not be before openedAt");
    }
    if ((status == Status.CLOSED) != closedAt.isPresent()) {
      throw new IllegalArgumentException("closedAt is set exactly when the status is CLOSED");
    }
  }

  /** A finding without a detection time. */
  public StoredFinding(
      String id,
      TenantId tenant,
      Instant openedAt,
      Instant updatedAt,
      Optional<Instant> closedAt,
      Status status,
      Symptom symptom,
      List<Cause> causes,
      String evidenceJson) {
    this(
        id,
        tenant,
        openedAt,
        updatedAt,
        closedAt,
        status,
        symptom,
        causes,
        evidenceJson,
        Optional.empty());
  }

  /** Returns {@code id} if it is a finding id (32 lower-case hex digits), else throws. */
  public static String requireId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("finding id must be 32 lower-case hex digits");
    }
    return id;
  }

  private static void requireName(String value, String what) {
    requireNonNull(value, what);
    if (value.isEmpty() || value.length() > MAX_NAME_CHARS) {
      throw new IllegalArgumentException(what + " must be 1 to " + MAX_NAME_CHARS + " characters");
    }
  }
}
