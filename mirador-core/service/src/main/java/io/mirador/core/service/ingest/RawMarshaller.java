package io.mirador.core.service.ingest;

import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes request bytes through unparsed, so that the service parses them itself and answers
 * INVALID_ARGUMENT with a clear message (a protobuf marshaller's parse failure would surface as
 * INTERNAL). gRPC's inbound message limit has already bounded the size.
 */
final class RawMarshaller implements MethodDescriptor.Marshaller<byte[]> {
  static final RawMarshaller INSTANCE = new RawMarshaller();

  @Override
  public InputStream stream(byte[] value) {
    return new ByteArrayInputStream(value);
  }

  @Override
  public byte[] parse(InputStream stream) {
    try {
      return stream.readAllBytes();
    } catch (IOException e) {
      throw Status.INTERNAL.withDescription("cannot read the request").asRuntimeException();
    }
  }
}
