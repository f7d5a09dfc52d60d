package io.mirador.ui.forward;

import static java.util.Objects.requireNonNull;

import io.mirador.ui.session.Principal;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The only requests the BFF forwards: a method and a path pattern per upstream endpoint the UI
 * reads (contract "BFF API"). Everything else is refused before any upstream sees it, in this
 * order: a path that is not plain (400: encoded characters, {@code .}/{@code ..} or empty segments,
 * a scheme, too long), a bad query (400), a path or method not on the list (404), an admin-only
 * endpoint for a non-admin (403), a tenant in the path or a {@code tenant} parameter outside the
 * session's tenants (403).
 */
public final class AllowList {
  /** The longest path (after the {@code /ui/api/<upstream>/} prefix) forwarded. */
  public static final int MAX_PATH = 256;

  private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*");
  private static final String TENANT = "(?<tenant>[a-z0-9][a-z0-9_-]{0,63})";
  private static final String HEX32 = "[0-9a-f]{32}";

  private record Rule(Upstream upstream, String method, Pattern path, boolean adminOnly) {}

  private static final List<Rule> RULES =
      List.of(
          core(
              "GET",
              "tenants/"
                  + TENANT
                  + "/(services|dependencies|spans|traces|logs|metrics|metrics/series|findings"
                  + "|features|features/operations|features/self-times)",
              false),
          core("GET", "tenants/" + TENANT + "/traces/" + HEX32, false),
          core("GET", "tenants/" + TENANT + "/findings/" + HEX32, false),
          core("GET", "tenants/" + TENANT + "/(audit|privacy/redactions)", true),
          core("GET", "admin/(agents|keys|tenants|residency-refusals)", true),
          core("POST", "admin/keys/rotate", true),
          // Reads every stored value of the range: admins only, and audited by the core.
          core("POST", "tenants/" + TENANT + "/privacy/scan", true),
          rca("GET", "(findings|anomalies|detection)"),
          rca("GET", "findings/" + HEX32),
          rca("POST", "rca"));

  private AllowList() {}

  private static Rule core(String method, String path, boolean adminOnly) {
    return new Rule(Upstream.CORE, method, Pattern.compile(path), adminOnly);
  }

  private static Rule rca(String method, String path) {
    return new Rule(Upstream.RCA, method, Pattern.compile(path), false);
  }

  /**
   * Decides on {@code method rawPath?rawQuery} to {@code upstream} for {@code who}.
   *
   * @param rawPath the request path after {@code /ui/api/<upstream>/}, exactly as sent (not
   *     decoded, not normalized)
   * @param rawQuery the raw query string without '?', or null
   */
  public static Decision decide(
      Upstream upstream, String method, String rawPath, String rawQuery, Principal who) {
    requireNonNull(upstream, "upstream");
    requireNonNull(method, "method");
    requireNonNull(who, "who");
    if (rawPath == null || rawPath.isEmpty()) {
      return notFound(upstream);
    }
    if (rawPath.length() > MAX_PATH) {
      return badRequest("the path is longer than " + MAX_PATH + " characters");
    }
    if (!PLAIN_PATH.matcher(rawPath).matches()) {
      return badRequest(
          "the path must be plain segments of letters, digits and ._~- (no %-escapes,"
              + " no empty segments)");
    }
    for (String segment : rawPath.split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        return badRequest("the path must not contain . or .. segments");
      }
    }
    List<Map.Entry<String, String>> query;
    try {
      query = QueryString.parse(rawQuery);
    } catch (IllegalArgumentException e) {
      return badRequest(e.getMessage());
    }
    Rule rule = null;
    Matcher matched = null;
    for (Rule candidate : RULES) {
      if (candidate.upstream() != upstream || !candidate.method().equals(method)) {
        continue;
      }
      Matcher m = candidate.path().matcher(rawPath);
      if (m.matches()) {
        rule = candidate;
        matched = m;
        break;
      }
    }
    if (rule == null) {
      return notFound(upstream);
    }
    if (rule.adminOnly() && !who.isAdmin()) {
      return new Decision.Refuse(
          403, "Forbidden", "this endpoint is for administrators only", "admin");
    }
    if (rule.path().pattern().contains("?<tenant>")) {
      String tenant = matched.group("tenant");
      if (!who.mayRead(tenant)) {
        return tenantRefusal();
      }
    }
    for (Map.Entry<String, String> pair : query) {
      if (pair.getKey().equals("tenant") && !who.mayRead(pair.getValue())) {
        return tenantRefusal();
      }
    }
    return new Decision.Forward(upstream, method, rawPath, QueryString.encode(query));
  }

  /** The refusal for a tenant the session may not see (also used for a body's tenant). */
  public static Decision.Refuse tenantRefusal() {
    return new Decision.Refuse(
        403, "Forbidden", "the tenant is not one of this session's tenants", "tenant");
  }

  private static Decision notFound(Upstream upstream) {
    return new Decision.Refuse(
        404,
        "Not Found",
        "no such UI API endpoint of the " + upstream.displayName() + " (or not for this method)",
        "not-allowed");
  }

  private static Decision badRequest(String detail) {
    return new Decision.Refuse(400, "Bad Request", detail, "malformed");
  }
}
