package io.mirador.core.service.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.mirador.crypto.BatchHeader;
import io.mirador.crypto.BatchSealer;
import io.mirador.crypto.Signal;
import io.mirador.crypto.X25519KeyPair;
import io.mirador.crypto.X25519PublicKey;
import io.mirador.ingest.IngestMethods;
import io.mirador.ingest.WireBatches;
import io.mirador.ingest.v1.PushResponse;
import io.mirador.ingest.v1.SealedBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A test agent: its own X25519 key, the core's published key (read over HTTP as a real agent
 * would), and a real gRPC client of {@code mirador.ingest.v1.Ingest/Push}.
 */
final class IngestClient implements AutoCloseable {
  final ManagedChannel channel;
  final X25519KeyPair key;
  final String agentId;

  IngestClient(int grpcPort, String agentId, X25519KeyPair key) {
    this.channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort)
            .usePlaintext()
            .maxInboundMessageSize(64 << 20)
            .build();
    this.agentId = agentId;
    this.key = key;
  }

  /** The core's active key id and public key, from the unauthenticated endpoint. */
  static CoreKey coreKey(URI http) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(http.resolve("/api/v1/ingest/keys")).GET().build(),
                  HttpResponse.BodyHandlers.ofString());
      return activeKey(response.body(), "published: " + response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The core's key as an agent on the host reads it: from the file the core publishes. */
  static CoreKey publishedKey(Path file) throws IOException {
    return activeKey(Files.readString(file), "in " + file);
  }

  /** The active key of a key document ({@code {active, keys: [{keyId, publicKey}]}}). */
  private static CoreKey activeKey(String json, String where) throws IOException {
    JsonNode doc = new ObjectMapper().readTree(json);
    String active = doc.path("active").asText();
    for (JsonNode key : doc.path("keys")) {
      if (key.path("keyId").asText().equals(active)) {
        return new CoreKey(
            active, X25519PublicKey.of(Base64.getDecoder().decode(key.path("publicKey").asText())));
      }
    }
    throw new IllegalStateException("no active key " + where);
  }

  record CoreKey(String id, X25519PublicKey publicKey) {}

  SealedBatch seal(CoreKey core, String tenant, long sequence, Signal signal, byte[] otlp) {
    return seal(core, tenant, agentId, sequence, signal, otlp);
  }

  SealedBatch seal(
      CoreKey core, String tenant, String claimedAgent, long sequence, Signal signal, byte[] otlp) {
    BatchSealer sealer =
        BatchSealer.builder().recipient(core.id(), core.publicKey()).sender(key).build();
    return WireBatches.toWire(
        sealer.seal(new BatchHeader(tenant, claimedAgent, core.id(), sequence, signal), otlp));
  }

  PushResponse push(SealedBatch batch) {
    return ClientCalls.blockingUnaryCall(
        channel,
        IngestMethods.PUSH_MESSAGE,
        CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
        batch);
  }

  PushResponse pushRaw(byte[] bytes) {
    return ClientCalls.blockingUnaryCall(
        channel,
        IngestMethods.PUSH,
        CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
        bytes);
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
