package io.mirador.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueFileCipherTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SEG = 64; // 2^6: many segments from little data
  private final byte[] master = new byte[32];
  private final QueueFileCipher cipher;

  QueueFileCipherTest() {
    RANDOM.nextBytes(master);
    cipher = QueueFileCipher.of("q-1", Map.of("q-1", master)::get, 6, RANDOM);
  }

  private static byte[] data(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  @Test
  void roundTripsEveryLengthAroundSegmentBoundaries() throws IOException {
    for (int n : new int[] {0, 1, SEG - 1, SEG, SEG + 1, 2 * SEG, 5 * SEG + 7, 10_000}) {
      byte[] pt = data(n);
      byte[] file = cipher.encrypt(pt);
      assertThat(cipher.decrypt(file)).as("length %d", n).isEqualTo(pt);
    }
  }

  @Test
  void streamsWithSmallWritesAndReads() throws IOException {
    byte[] pt = data(3000);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out = cipher.encryptingStream(sink)) {
      for (byte b : pt) {
        out.write(b);
      }
    }
    try (InputStream in = cipher.decryptingStream(new ByteArrayInputStream(sink.toByteArray()))) {
      ByteArrayOutputStream back = new ByteArrayOutputStream();
      for (int b; (b = in.read()) >= 0; ) {
        back.write(b);
      }
      assertThat(back.toByteArray()).isEqualTo(pt);
    }
  }

  @Test
  void everySingleBitFlipIsDetected() throws IOException {
    byte[] file = cipher.encrypt(data(3 * SEG + 10));
    for (int bit = 0; bit < file.length * 8; bit++) {
      byte[] bad = file.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      int b = bit;
      assertThatThrownBy(() -> cipher.decrypt(bad)).as("bit %d", b).isInstanceOf(IOException.class);
    }
  }

  @Test
  void truncationAtAnyLengthIsDetected() throws IOException {
    byte[] pt = data(4 * SEG);
    byte[] file = cipher.encrypt(pt);
    for (int len = 0; len < file.length; len++) {
      byte[] cut = Arrays.copyOf(file, len);
      int l = len;
      assertThatThrownBy(() -> cipher.decrypt(cut))
          .as("length %d", l)
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void reorderedDroppedDuplicatedOrAppendedSegmentsAreDetected() throws IOException {
    byte[] file = cipher.encrypt(data(4 * SEG + 5));
    int header = file.length - (4 * (SEG + 16) + 5 + 16);
    int seg = SEG + 16;
    byte[] h = Arrays.copyOf(file, header);
    byte[][] s = new byte[5][];
    for (int i = 0; i < 4; i++) {
      s[i] = Arrays.copyOfRange(file, header + i * seg, header + (i + 1) * seg);
    }
    s[4] = Arrays.copyOfRange(file, header + 4 * seg, file.length);
    assertThat(cipher.decrypt(Bytes.concat(h, s[0], s[1], s[2], s[3], s[4]))).hasSize(4 * SEG + 5);

    assertCorrupt(Bytes.concat(h, s[1], s[0], s[2], s[3], s[4])); // swapped
    assertCorrupt(Bytes.concat(h, s[0], s[2], s[3], s[4])); // dropped
    assertCorrupt(Bytes.concat(h, s[0], s[1], s[1], s[2], s[3], s[4])); // duplicated
    assertCorrupt(Bytes.concat(h, s[0], s[1], s[2], s[3])); // cut at a segment boundary
    assertCorrupt(Bytes.concat(h, s[0], s[1], s[2], s[3], s[4], new byte[] {0})); // appended

    // A segment from another file under the same key does not fit (other salt, other file key).
    byte[] other = cipher.encrypt(data(4 * SEG + 5));
    byte[] foreign = Arrays.copyOfRange(other, header + seg, header + 2 * seg);
    assertCorrupt(Bytes.concat(h, s[0], foreign, s[2], s[3], s[4]));
  }

  private void assertCorrupt(byte[] file) {
    assertThatThrownBy(() -> cipher.decrypt(file))
        .isInstanceOf(QueueFileCipher.CorruptQueueFileException.class);
  }

  @Test
  void unknownKeyAndGarbageGiveClearErrors() throws IOException {
    byte[] file = cipher.encrypt(data(100));
    QueueFileCipher otherKeys = QueueFileCipher.of("q-2", Map.of("q-2", master)::get, 6, RANDOM);
    assertThatThrownBy(() -> otherKeys.decrypt(file)).hasMessageContaining("unknown or retired");
    QueueFileCipher wrongMaster =
        QueueFileCipher.of("q-1", Map.of("q-1", data(32))::get, 6, RANDOM);
    assertThatThrownBy(() -> wrongMaster.decrypt(file))
        .hasMessageContaining("failed authentication");
    assertThatThrownBy(() -> cipher.decrypt(new byte[0])).hasMessageContaining("bad magic");
    assertThatThrownBy(() -> cipher.decrypt("MIRQ\u0001\u0006\u0005ab".getBytes()))
        .hasMessageContaining("truncated header");
  }

  @Test
  void keyringRotationKeepsOldQueueFilesReadable() throws IOException {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    Keyring k =
        Keyring.empty().generate("q-1", KeyKind.QUEUE_MASTER, "", now, RANDOM).promote("q-1");
    byte[] pt = data(200_000);
    byte[] old = QueueFileCipher.fromKeyring(k, RANDOM).encrypt(pt);
    k = k.generate("q-2", KeyKind.QUEUE_MASTER, "", now, RANDOM).promote("q-2");
    QueueFileCipher rotated = QueueFileCipher.fromKeyring(k, RANDOM);
    assertThat(rotated.decrypt(old)).isEqualTo(pt);
    byte[] fresh = rotated.encrypt(pt);
    assertThat(new String(fresh, 7, 3, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("q-2");
    QueueFileCipher retired = QueueFileCipher.fromKeyring(k.retire("q-1"), RANDOM);
    assertThatThrownBy(() -> retired.decrypt(old)).hasMessageContaining("unknown or retired");
    assertThat(retired.decrypt(fresh)).isEqualTo(pt);
  }
}
