package io.mirador.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.mirador.core.config.CoreConfig;
import io.mirador.core.config.CoreConfigLoader;
import io.mirador.core.ingest.IngestResult.Refusal;
import io.mirador.crypto.BatchHeader;
import io.mirador.crypto.BatchSealer;
import io.mirador.crypto.Signal;
import io.mirador.crypto.X25519KeyPair;
import io.mirador.crypto.X25519PublicKey;
import io.mirador.ingest.WireBatches;
import io.mirador.store.RedactionMinute;
import io.mirador.store.TenantId;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestPipelineTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  private final X25519KeyPair agentA = X25519KeyPair.generate(RANDOM);
  private final X25519KeyPair agentB = X25519KeyPair.generate(RANDOM);
  private final X25519KeyPair agentFar = X25519KeyPair.generate(RANDOM);
  private final RecordingStore store = new RecordingStore();
  private final List<IngestEvent> events = new CopyOnWriteArrayList<>();
  private CoreConfig config;
  private CoreKeys keys;
  private IngestPipeline pipeline;

  @BeforeEach
  void setUp() throws Exception {
    config = config(Map.of());
    keys =
        CoreKeys.open(
            config.keys(),
            config.region(),
            List.of(TenantId.of("a"), TenantId.of("b")),
            name -> null,
            Clock.systemUTC(),
            RANDOM);
    pipeline = pipeline(config);
  }

  private CoreConfig config(Map<String, String> limits) throws Exception {
    StringBuilder limitYaml = new StringBuilder();
    limits.forEach((k, v) -> limitYaml.append("  ").append(k).append(": ").append(v).append('\n'));
    String yaml =
        """
        region: eu
        dataDir: data
        regions:
          eu: {storage: {type: embedded}}
          us: {storage: {type: embedded}}
        limits:
        %s
        tenants:
          - id: a
            region: eu
            retention: {traces: 3}
            agents: [{id: agent-a, publicKey: "%s"}]
          - id: b
            region: eu
            agents: [{id: agent-b, publicKey: "%s"}]
          - id: far
            region: us
            agents: [{id: agent-far, publicKey: "%s"}]
        """
            .formatted(
                limitYaml.isEmpty() ? "  {}" : limitYaml.toString().stripTrailing(),
                b64(agentA.publicKey()),
                b64(agentB.publicKey()),
                b64(agentFar.publicKey()));
    if (limitYaml.isEmpty()) {
      yaml = yaml.replace("limits:\n  {}", "limits: {}");
    }
    return CoreConfigLoader.parse(yaml, "test.yaml", dir);
  }

  private IngestPipeline pipeline(CoreConfig config) throws Exception {
    return IngestPipeline.builder()
        .config(config)
        .keys(keys)
        .agents(AgentRegistry.open(config, config.dataDir().resolve("agents.json")))
        .store(store)
        .listener(events::add)
        .build();
  }

  private static String b64(X25519PublicKey key) {
    return Base64.getEncoder().encodeToString(key.bytes());
  }

  private io.mirador.ingest.v1.SealedBatch seal(
      X25519KeyPair sender, String tenant, String agentId, long sequence, byte[] plaintext) {
    BatchSealer sealer =
        BatchSealer.builder()
            .recipient(
                keys.activeKeyId(), keys.recipientKeys().find(keys.activeKeyId()).publicKey())
            .sender(sender)
            .build();
    return WireBatches.toWire(
        sealer.seal(
            new BatchHeader(tenant, agentId, keys.activeKeyId(), sequence, Signal.TRACES),
            plaintext));
  }

  private io.mirador.ingest.v1.SealedBatch traces(
      X25519KeyPair sender, String tenant, String agentId, long sequence, int spans) {
    return seal(
        sender, tenant, agentId, sequence, TestData.traces("checkout", spans).toByteArray());
  }

  @Test
  void storesABatchRedactedWithTheTenantsRetention() {
    IngestResult result = pipeline.push(traces(agentA, "a", "agent-a", 1, 5));

    assertThat(result).isEqualTo(new IngestResult.Stored(5, 0, ""));
    assertThat(store.writes).hasSize(1);
    RecordingStore.Write write = store.writes.get(0);
    assertThat(write.tenant()).isEqualTo(TenantId.of("a"));
    assertThat(write.retention().traceDays()).isEqualTo(3);
    // Defence in depth: the e-mail attribute is hashed by the core's default policy.
    String stored = write.resources().toString();
    assertThat(stored).doesNotContain("someone@example.com").contains("user.email");
    assertThat(events).singleElement().satisfies(e -> assertThat(e.tenant()).isEqualTo("a"));
  }

  @Test
  void theRedactionCountsOfAStoredBatchAreStoredWithItsMinute() throws Exception {
    Instant now = Instant.parse("2026-12-07T01:02:03.456Z");
    IngestPipeline clocked =
        IngestPipeline.builder()
            .config(config)
            .keys(keys)
            .agents(AgentRegistry.open(config, config.dataDir().resolve("agents2.json")))
            .store(store)
            .replayState(dir.resolve("replay2.state"))
            .clock(Clock.fixed(now, ZoneOffset.UTC))
            .build();
    var request = TestData.traces("checkout", 5).toBuilder();
    request
        .getResourceSpansBuilder(0)
        .getResourceBuilder()
        // the agent's counters, as it adds them
        .addAttributes(counter("mirador.redaction.credit_card.mask.span_name", 2))
        .addAttributes(counter("mirador.redaction.key_rule.hash.span_attribute", 4))
        // an agent from before locations
        .addAttributes(counter("mirador.redaction.phone.hash", 1))
        // a sender's invention: refused, counted, never stored
        .addAttributes(counter("mirador.redaction.someone@example.com.hash.span_name", 9));
    IngestResult result =
        clocked.export(
            "otlp_http",
            new ApiKeys.Match(TenantId.of("a"), "ci"),
            new OtlpRequest.Traces(request.build()),
            100);
    assertThat(result).isInstanceOf(IngestResult.Stored.class);
    Instant minute = Instant.parse("2026-12-07T01:02:00Z");
    TenantId a = TenantId.of("a");
    // the core hashed user.email on 5 spans: its count adds to the agent's 4
    assertThat(store.redactions)
        .containsExactlyInAnyOrder(
            new RedactionMinute(a, minute, "traces", "span_name", "credit_card", "mask", 2),
            new RedactionMinute(a, minute, "traces", "span_attribute", "key_rule", "hash", 9),
            new RedactionMinute(a, minute, "traces", "unknown", "phone", "hash", 1));
    assertThat(clocked.rejectedRedactionCounters()).isEqualTo(1);
    assertThat(store.redactions.toString()).doesNotContain("someone");
    clocked.close();
  }

  @Test
  void aBatchWithoutRedactionsStoresNoCountsAndAFailedCountWriteAsksForARetry() {
    var clean = TestData.traces("checkout", 2).toBuilder();
    clean.getResourceSpansBuilder(0).getScopeSpansBuilder(0).getSpansBuilder(0).clearAttributes();
    clean.getResourceSpansBuilder(0).getScopeSpansBuilder(0).getSpansBuilder(1).clearAttributes();
    ApiKeys.Match caller = new ApiKeys.Match(TenantId.of("b"), "ci");
    assertThat(pipeline.export("otlp_http", caller, new OtlpRequest.Traces(clean.build()), 10))
        .isInstanceOf(IngestResult.Stored.class);
    assertThat(store.redactions).isEmpty();

    store.redactionsFailing = true;
    assertThat(
            pipeline.export(
                "otlp_http", caller, new OtlpRequest.Traces(TestData.traces("cart", 1)), 10))
        .isInstanceOfSatisfying(
            IngestResult.RetryLater.class,
            r -> assertThat(r.reason()).isEqualTo(IngestResult.Retry.STORE_UNAVAILABLE));
    store.redactionsFailing = false;
    assertThat(
            pipeline.export(
                "otlp_http", caller, new OtlpRequest.Traces(TestData.traces("cart", 1)), 10))
        .isInstanceOf(IngestResult.Stored.class);
    assertThat(store.redactions)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.tenant()).isEqualTo(TenantId.of("b"));
              assertThat(r.source()).isEqualTo("key_rule");
              assertThat(r.count()).isEqualTo(1);
            });
    assertThat(pipeline.redactor(TenantId.of("b"))).isPresent();
    assertThat(pipeline.redactor(TenantId.of("far"))).isEmpty();
    assertThat(pipeline.redactor(TenantId.of("nobody"))).isEmpty();
  }

  private static io.opentelemetry.proto.common.v1.KeyValue counter(String key, long value) {
    return io.opentelemetry.proto.common.v1.KeyValue.newBuilder()
        .setKey(key)
        .setValue(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  @Test
  void aReplayedBatchIsAcknowledgedAsDuplicateAndNotStoredTwice() {
    io.mirador.ingest.v1.SealedBatch batch = traces(agentA, "a", "agent-a", 7, 3);
    assertThat(pipeline.push(batch)).isInstanceOf(IngestResult.Stored.class);
    assertThat(pipeline.push(batch)).isInstanceOf(IngestResult.Duplicate.class);
    assertThat(store.rows(TenantId.of("a"))).isEqualTo(3);
  }

  @Test
  void theReplayWindowSurvivesARestart() throws Exception {
    io.mirador.ingest.v1.SealedBatch batch = traces(agentA, "a", "agent-a", 11, 2);
    assertThat(pipeline.push(batch)).isInstanceOf(IngestResult.Stored.class);
    pipeline.close();

    IngestPipeline restarted = pipeline(config);
    assertThat(restarted.push(batch)).isInstanceOf(IngestResult.Duplicate.class);
    assertThat(store.rows(TenantId.of("a"))).isEqualTo(2);
  }

  @Test
  void anAgentOfTenantACannotWriteTenantB() {
    // agent-a claims tenant b in the header: it is not registered for b.
    IngestResult claimed = pipeline.push(traces(agentA, "b", "agent-a", 1, 2));
    assertThat(claimed)
        .isInstanceOfSatisfying(
            IngestResult.Refused.class, r -> assertThat(r.kind()).isEqualTo(Refusal.UNKNOWN_AGENT));

    // agent-a's key used under agent-b's id for tenant b: the batch does not open.
    IngestResult impersonated = pipeline.push(traces(agentA, "b", "agent-b", 1, 2));
    assertThat(impersonated)
        .isInstanceOfSatisfying(
            IngestResult.Refused.class, r -> assertThat(r.kind()).isEqualTo(Refusal.NOT_OPENED));

    // A batch of agent-a for a, with its header rewritten to b: the associated data breaks.
    io.mirador.ingest.v1.SealedBatch moved =
        traces(agentB, "b", "agent-b", 5, 2).toBuilder().setTenantId("a").build();
    assertThat(pipeline.push(moved)).isInstanceOf(IngestResult.Refused.class);

    assertThat(store.writes).isEmpty();
  }

  @Test
  void aBatchForATenantOfAnotherRegionIsRefusedAndReported() {
    IngestResult result = pipeline.push(traces(agentFar, "far", "agent-far", 1, 4));

    assertThat(result)
        .isInstanceOfSatisfying(
            IngestResult.Refused.class,
            r -> {
              assertThat(r.kind()).isEqualTo(Refusal.WRONG_REGION);
              assertThat(r.message()).contains("us").contains("eu");
            });
    assertThat(store.writes).isEmpty();
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.tenant()).isEqualTo("far");
              assertThat(e.actor()).isEqualTo("agent:agent-far");
            });
  }

  @Test
  void malformedTamperedAndGarbageBatchesAreRefusedWithClearReasons() {
    assertThat(pipeline.push(io.mirador.ingest.v1.SealedBatch.getDefaultInstance()))
        .isInstanceOfSatisfying(
            IngestResult.Refused.class,
            r -> {
              assertThat(r.kind()).isEqualTo(Refusal.MALFORMED);
              assertThat(r.message()).contains("tenant_id is missing");
            });

    io.mirador.ingest.v1.SealedBatch good = traces(agentA, "a", "agent-a", 20, 2);
    ByteString payload = good.getPayload();
    ByteString truncated = payload.substring(0, payload.size() - 9);
    assertThat(pipeline.push(good.toBuilder().setPayload(truncated).build()))
        .isInstanceOfSatisfying(
            IngestResult.Refused.class, r -> assertThat(r.kind()).isEqualTo(Refusal.NOT_OPENED));

    io.mirador.ingest.v1.SealedBatch garbage =
        seal(agentA, "a", "agent-a", 21, "not an otlp request at all".getBytes());
    assertThat(pipeline.push(garbage))
        .isInstanceOfSatisfying(
            IngestResult.Refused.class,
            r -> {
              assertThat(r.kind()).isEqualTo(Refusal.INVALID_OTLP);
              assertThat(r.message()).doesNotContain("not an otlp");
            });
    assertThat(store.writes).isEmpty();
    // The refused sequence numbers were not burnt: a correct batch with them is stored.
    assertThat(pipeline.push(traces(agentA, "a", "agent-a", 21, 1)))
        .isInstanceOf(IngestResult.Stored.class);
  }

  @Test
  void oversizedBatchesAreRefused() throws Exception {
    CoreConfig small =
        config(
            Map.of(
                "maxBatchBytes", "1024",
                "maxPlaintextBytes", "2048",
                "memoryBudgetBytes", "1000000"));
    IngestPipeline limited = pipeline(small);
    byte[] big = new byte[4096];
    RANDOM.nextBytes(big);
    IngestResult result = limited.push(seal(agentA, "a", "agent-a", 1, big));
    assertThat(result)
        .isInstanceOfSatisfying(
            IngestResult.Refused.class, r -> assertThat(r.kind()).isEqualTo(Refusal.TOO_LARGE));
  }

  @Test
  void aStoreFailureAsksForARetryAndTheRetryIsStored() {
    io.mirador.ingest.v1.SealedBatch batch = traces(agentA, "a", "agent-a", 30, 3);
    store.failing = true;
    assertThat(pipeline.push(batch))
        .isInstanceOfSatisfying(
            IngestResult.RetryLater.class,
            r -> assertThat(r.reason()).isEqualTo(IngestResult.Retry.STORE_UNAVAILABLE));
    assertThat(pipeline.storeFailing()).isTrue();

    store.failing = false;
    assertThat(pipeline.push(batch)).isInstanceOf(IngestResult.Stored.class);
    assertThat(pipeline.push(batch)).isInstanceOf(IngestResult.Duplicate.class);
    assertThat(store.rows(TenantId.of("a"))).isEqualTo(3);
    assertThat(pipeline.inflightBytes()).isZero();
  }

  @Test
  void sequenceNumbersOlderThanTheWindowAreRefused() {
    assertThat(pipeline.push(traces(agentA, "a", "agent-a", 5000, 1)))
        .isInstanceOf(IngestResult.Stored.class);
    assertThat(pipeline.push(traces(agentA, "a", "agent-a", 1, 1)))
        .isInstanceOfSatisfying(
            IngestResult.Refused.class, r -> assertThat(r.kind()).isEqualTo(Refusal.TOO_OLD));
  }

  @Test
  void invalidSpansAreLeftOutAndCounted() {
    var request = TestData.traces("checkout", 3).toBuilder();
    request
        .getResourceSpansBuilder(0)
        .getScopeSpansBuilder(0)
        .getSpansBuilder(1)
        .setTraceId(ByteString.copyFrom(new byte[3]));
    IngestResult result =
        pipeline.export(
            "otlp_http",
            new ApiKeys.Match(TenantId.of("b"), "ci"),
            new OtlpRequest.Traces(request.build()),
            100);
    assertThat(result)
        .isInstanceOfSatisfying(
            IngestResult.Stored.class,
            s -> {
              assertThat(s.rows()).isEqualTo(2);
              assertThat(s.rejected()).isEqualTo(1);
              assertThat(s.rejectionMessage()).contains("trace_id");
            });
  }

  @Test
  void plainOtlpOfATenantOfAnotherRegionIsRefused() {
    IngestResult result =
        pipeline.export(
            "otlp_grpc",
            new ApiKeys.Match(TenantId.of("far"), "k"),
            new OtlpRequest.Traces(TestData.traces("x", 1)),
            10);
    assertThat(result)
        .isInstanceOfSatisfying(
            IngestResult.Refused.class, r -> assertThat(r.kind()).isEqualTo(Refusal.WRONG_REGION));
    assertThat(store.writes).isEmpty();
  }

  @Test
  void overTheMemoryBudgetAsksForARetry() throws Exception {
    CoreConfig small =
        config(
            Map.of(
                "maxBatchBytes", "100000",
                "maxPlaintextBytes", "100000",
                "memoryBudgetBytes", "100000"));
    IngestPipeline limited = pipeline(small);
    IngestResult result =
        limited.export(
            "otlp_http",
            new ApiKeys.Match(TenantId.of("a"), "ci"),
            new OtlpRequest.Traces(TestData.traces("x", 1)),
            200_000);
    assertThat(result)
        .isInstanceOfSatisfying(
            IngestResult.RetryLater.class,
            r -> assertThat(r.reason()).isEqualTo(IngestResult.Retry.OVER_MEMORY_BUDGET));
    assertThat(limited.inflightBytes()).isZero();
  }
}
