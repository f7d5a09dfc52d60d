package io.mirador.ingest;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.mirador.ingest.v1.PushResponse;
import io.mirador.ingest.v1.SealedBatch;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The one method of {@code mirador.ingest.v1.Ingest}, as gRPC method descriptors for the core's
 * hand-written service definition, the agent's forwarder, tests and load harnesses; one copy, so
 * that the name and the marshalling cannot drift apart.
 */
public final class IngestMethods {
  public static final String SERVICE = "mirador.ingest.v1.Ingest";

  /**
   * Push with the request as serialized {@code SealedBatch} bytes: the agent sends them from its
   * disk queue without parsing, and the core parses them itself so that a malformed batch gets a
   * clear INVALID_ARGUMENT instead of the INTERNAL a marshaller's parse failure would give.
   */
  public static final MethodDescriptor<byte[], PushResponse> PUSH =
      MethodDescriptor.<byte[], PushResponse>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Push"))
          .setRequestMarshaller(SerializedBytes.INSTANCE)
          .setResponseMarshaller(new Messages<>(PushResponse::parseFrom))
          .build();

  /** Push with a {@code SealedBatch} message as the request, for clients that build one. */
  public static final MethodDescriptor<SealedBatch, PushResponse> PUSH_MESSAGE =
      PUSH.toBuilder(new Messages<>(SealedBatch::parseFrom), PUSH.getResponseMarshaller()).build();

  private IngestMethods() {}

  /** Passes already-serialized message bytes through, unparsed. */
  public static final class SerializedBytes implements MethodDescriptor.Marshaller<byte[]> {
    public static final SerializedBytes INSTANCE = new SerializedBytes();

    private SerializedBytes() {}

    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    /** gRPC's inbound message limit has already bounded the size. */
    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw Status.INTERNAL.withDescription("cannot read the message").asRuntimeException();
      }
    }
  }

  @FunctionalInterface
  private interface Parser<T> {
    T parse(InputStream stream) throws IOException;
  }

  private record Messages<T extends com.google.protobuf.MessageLite>(Parser<T> parser)
      implements MethodDescriptor.Marshaller<T> {
    @Override
    public InputStream stream(T value) {
      return new ByteArrayInputStream(value.toByteArray());
    }

    @Override
    public T parse(InputStream stream) {
      try {
        return parser.parse(stream);
      } catch (IOException e) {
        throw Status.INTERNAL
            .withDescription("malformed message: " + e.getMessage())
            .asRuntimeException();
      }
    }
  }
}
