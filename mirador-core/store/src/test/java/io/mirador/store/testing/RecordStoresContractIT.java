package io.mirador.store.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mirador.store.AuditQuery;
import io.mirador.store.AuditRecord;
import io.mirador.store.AuditStore;
import io.mirador.store.FindingQuery;
import io.mirador.store.FindingStore;
import io.mirador.store.Page;
import io.mirador.store.StoredFinding;
import io.mirador.store.TenantId;
import io.mirador.store.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The findings and audit-trail contract, run against every transport; tenants keep tests apart. */
public abstract class RecordStoresContractIT {
  private static final AtomicInteger TENANTS = new AtomicInteger();

  protected abstract FindingStore findings();

  protected abstract AuditStore audit();

  private final Random random = new Random(7);
  private final Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);

  private static TenantId newTenant() {
    return TenantId.of("r" + ProcessHandle.current().pid() + "-" + TENANTS.incrementAndGet());
  }

  private String newId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private StoredFinding open(TenantId tenant, String id, Instant opened, String evidence) {
    return new StoredFinding(
        id,
        tenant,
        opened,
        opened,
        Optional.empty(),
        StoredFinding.Status.OPEN,
        new StoredFinding.Symptom(
            "frontend", "latencyP99", TimeRange.of(opened.minusSeconds(300), opened)),
        List.of(new StoredFinding.Cause("cart", 3.5, 0.7), new StoredFinding.Cause("db", 1.5, 0.3)),
        evidence);
  }

  private TimeRange around() {
    return TimeRange.of(base.minus(Duration.ofHours(1)), base.plus(Duration.ofHours(1)));
  }

  @Test
  void findingsRoundTripAndTheLatestVersionWins() {
    TenantId tenant = newTenant();
    String id = newId();
    String evidence =
        "{\"metrics\":[{\"metric\":\"errorRate\",\"observed\":0.5}],\"q\":\"' OR 1=1 --\"}";
    StoredFinding opened = open(tenant, id, base, evidence);
    findings().put(opened);
    assertThat(findings().get(tenant, id)).contains(opened);
    assertThat(opened.detectedAt()).isEmpty();

    Instant closedAt = base.plusSeconds(600);
    StoredFinding closed =
        new StoredFinding(
            id,
            tenant,
            base,
            closedAt,
            Optional.of(closedAt),
            StoredFinding.Status.CLOSED,
            opened.symptom(),
            List.of(new StoredFinding.Cause("cart", 4.0, 1.0)),
            "{}",
            Optional.of(base.plusSeconds(180).plusNanos(123)));
    findings().put(closed);

    assertThat(findings().get(tenant, id)).contains(closed);
    Page<StoredFinding> page =
        findings().list(new FindingQuery(tenant, around(), Optional.empty(), 10, Optional.empty()));
    assertThat(page.items()).containsExactly(closed);
    assertThat(
            findings()
                .list(
                    new FindingQuery(
                        tenant,
                        around(),
                        Optional.of(StoredFinding.Status.OPEN),
                        10,
                        Optional.empty()))
                .items())
        .isEmpty();
  }

  @Test
  void findingsPageNewestFirstWithoutGapsOrRepeats() {
    TenantId tenant = newTenant();
    Set<String> written = new HashSet<>();
    for (int i = 0; i < 23; i++) {
      String id = newId();
      // pairs share an opening instant, so the tie-break is exercised
      findings().put(open(tenant, id, base.plusSeconds(i / 2), "{}"));
      written.add(id);
    }
    List<String> seen = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    Instant previous = Instant.MAX;
    do {
      Page<StoredFinding> page =
          findings().list(new FindingQuery(tenant, around(), Optional.empty(), 5, cursor));
      assertThat(page.items().size()).isLessThanOrEqualTo(5);
      for (StoredFinding f : page.items()) {
        assertThat(f.openedAt()).isBeforeOrEqualTo(previous);
        previous = f.openedAt();
        seen.add(f.id());
      }
      cursor = page.nextCursor();
    } while (cursor.isPresent());
    assertThat(seen).hasSize(23).doesNotHaveDuplicates();
    assertThat(new HashSet<>(seen)).isEqualTo(written);
  }

  @Test
  void findingsAreTenantScopedAndErasedPerTenant() {
    TenantId a = newTenant();
    TenantId b = newTenant();
    String shared = newId();
    findings().put(open(a, shared, base, "{\"a\":1}"));
    findings().put(open(b, shared, base, "{\"b\":1}"));
    findings().put(open(a, newId(), base, "{}"));

    assertThat(findings().get(a, shared).orElseThrow().evidenceJson()).isEqualTo("{\"a\":1}");
    assertThat(findings().get(b, shared).orElseThrow().evidenceJson()).isEqualTo("{\"b\":1}");
    assertThat(findings().get(newTenant(), shared)).isEmpty();

    assertThat(findings().eraseTenant(a)).isEqualTo(2);
    assertThat(findings().get(a, shared)).isEmpty();
    assertThat(
            findings()
                .list(new FindingQuery(a, around(), Optional.empty(), 10, Optional.empty()))
                .items())
        .isEmpty();
    assertThat(findings().get(b, shared)).isPresent();
  }

  @Test
  void badIdsAndCursorsAreRefused() {
    TenantId tenant = newTenant();
    assertThatThrownBy(() -> findings().get(tenant, "' OR 1=1 --"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                findings()
                    .list(
                        new FindingQuery(
                            tenant, around(), Optional.empty(), 10, Optional.of("not a cursor"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void auditRecordsRoundTripPageAndFilter() {
    String tenant = newTenant().value();
    for (int i = 0; i < 7; i++) {
      audit()
          .append(
              new AuditRecord(
                  base.plusSeconds(i),
                  i % 2 == 0 ? "alice" : "bob\t'\n",
                  tenant,
                  "query.spans.search",
                  Map.of("limit", Integer.toString(i), "service", "x'); DROP TABLE t; --"),
                  "ok",
                  i));
    }
    audit()
        .append(
            new AuditRecord(
                base, "alice", newTenant().value(), "query.spans.search", Map.of(), "ok", 1));

    List<AuditRecord> seen = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      Page<AuditRecord> page =
          audit()
              .search(
                  new AuditQuery(tenant, around(), Optional.empty(), Optional.empty(), 3, cursor));
      seen.addAll(page.items());
      cursor = page.nextCursor();
    } while (cursor.isPresent());
    assertThat(seen).hasSize(7);
    assertThat(seen.getFirst().resultCount()).isEqualTo(6);
    assertThat(seen.getFirst().parameters())
        .containsEntry("service", "x'); DROP TABLE t; --")
        .containsEntry("limit", "6");
    assertThat(seen.getFirst().time()).isEqualTo(base.plusSeconds(6));
    assertThat(seen).allSatisfy(r -> assertThat(r.tenant()).isEqualTo(tenant));

    assertThat(
            audit()
                .search(
                    new AuditQuery(
                        tenant,
                        around(),
                        Optional.of("bob\t'\n"),
                        Optional.empty(),
                        100,
                        Optional.empty()))
                .items())
        .hasSize(3);
    assertThat(
            audit()
                .search(
                    new AuditQuery(
                        tenant,
                        around(),
                        Optional.empty(),
                        Optional.of("admin.erase"),
                        100,
                        Optional.empty()))
                .items())
        .isEmpty();
  }
}
