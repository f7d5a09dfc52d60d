package io.mirador.core.service.query;

import io.mirador.core.service.api.ProblemException;
import io.mirador.core.service.audit.AuditEntry;
import io.mirador.core.service.audit.AuditLog;
import io.mirador.core.service.security.TenantAccess;
import io.mirador.store.StoreException;
import io.mirador.store.TenantId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Runs one API call scoped to a tenant the caller may see, and audits it whatever its outcome:
 * {@code ok} with the result count, {@code denied}, {@code invalid}, {@code not_found} or {@code
 * error}. Parameters name what was asked; callers pass no telemetry values (search text and
 * attribute values are recorded as their presence only).
 */
@ApplicationScoped
class QueryAudit {
  private final AuditLog audit;
  private final TenantAccess access;
  private final Clock clock;

  @Inject
  QueryAudit(AuditLog audit, TenantAccess access) {
    this.audit = audit;
    this.access = access;
    this.clock = Clock.systemUTC();
  }

  Instant now() {
    return clock.instant();
  }

  <T> T run(
      String action,
      String tenant,
      Map<String, String> parameters,
      Function<TenantId, T> call,
      ToLongFunction<T> count) {
    return record(
        action,
        access.auditedTenant(tenant),
        parameters,
        () -> call.apply(access.require(tenant)),
        count);
  }

  /**
   * Runs {@code read} and audits it whatever its outcome, under {@code recordedTenant} as given
   * (site-wide reads record "" or a tenant they checked themselves).
   */
  <T> T record(
      String action,
      String recordedTenant,
      Map<String, String> parameters,
      Supplier<T> read,
      ToLongFunction<T> count) {
    String outcome = "error";
    long results = -1;
    try {
      T result = read.get();
      outcome = "ok";
      results = count.applyAsLong(result);
      return result;
    } catch (ProblemException e) {
      outcome =
          switch (e.status()) {
            case 403 -> "denied";
            case 404 -> "not_found";
            default -> e.status() < 500 ? "invalid" : "error";
          };
      throw e;
    } catch (IllegalArgumentException e) {
      outcome = "invalid";
      throw e;
    } catch (StoreException e) {
      outcome = "error";
      throw e;
    } finally {
      audit.record(
          new AuditEntry(
              now(), access.actor(), recordedTenant, action, parameters, outcome, results));
    }
  }

  /** An insertion-ordered parameter map that skips absent values. */
  static final class Params {
    private final Map<String, String> map = new LinkedHashMap<>();

    Params put(String name, Object value) {
      if (value != null && !(value instanceof String s && s.isEmpty())) {
        String text = String.valueOf(value);
        map.put(name, text.length() > 256 ? text.substring(0, 256) + "..." : text);
      }
      return this;
    }

    /** Records that a value was given, and its length, without the value itself. */
    Params presence(String name, String value) {
      if (value != null && !value.isEmpty()) {
        map.put(name, "<" + value.length() + " chars>");
      }
      return this;
    }

    Map<String, String> build() {
      return map;
    }
  }
}
