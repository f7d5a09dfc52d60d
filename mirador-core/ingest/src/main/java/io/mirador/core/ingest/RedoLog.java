package io.mirador.core.ingest;

import static java.util.Objects.requireNonNull;

import io.mirador.crypto.Signal;
import io.mirador.store.EncodedRows;
import io.mirador.store.InsertToken;
import io.mirador.store.RedactionMinute;
import io.mirador.store.Retention;
import io.mirador.store.TenantId;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store writes of sealed batches that the replay window does not know yet: each is kept here,
 * with its insert token and its rows as the store will insert them, from before the insert starts
 * until the window that accepts its batches is persisted. A core that stops in between finds the
 * write here at start and repeats it with the same token: the engine drops what the first attempt
 * stored and stores what it did not, and the window then accepts the batches, so that the agents'
 * retries are answered DUPLICATE (ingest RATIONALE.md, exactly once).
 *
 * <p>One file per write, {@code <counter>-<token>.redo}, 0600: the rows are a tenant's redacted
 * telemetry, as in the store. A file is written in one go and checked by a CRC-32C at its end; a
 * file cut short was being written when the core stopped, so its insert had not started, and it is
 * removed. Files are not fsynced: the engine does not fsync its parts either ({@code
 * fsync_after_insert} is off), so a power cut loses both alike; a process crash loses neither.
 */
final class RedoLog {
  private static final Logger LOG = LoggerFactory.getLogger(RedoLog.class);
  private static final int MAGIC = 0x4d524431; // "MRD1"
  private static final String SUFFIX = ".redo";

  private final Path dir;
  private final AtomicLong counter = new AtomicLong(System.currentTimeMillis() * 1000);

  /** What a write holds: encoded spans or logs of any tenants, or one tenant's metrics. */
  sealed interface Rows permits Encoded, Metrics {}

  /** Encoded rows of one kind as {@code TelemetryStore.persistable} gave them, in insert order. */
  record Encoded(EncodedRows.Kind kind, List<Batch> batches) implements Rows {
    Encoded {
      batches = List.copyOf(batches);
    }
  }

  /** One caller's encoded rows. */
  record Batch(int rows, byte[] bytes) {}

  /** One tenant's metrics as an {@code ExportMetricsServiceRequest}. */
  record Metrics(TenantId tenant, Retention retention, byte[] request) implements Rows {}

  /**
   * A write: its token, the sealed batches it stores, its rows, and their redaction counts (written
   * after the rows, under the token's {@code redactions} part).
   */
  record Write(
      InsertToken token, List<BatchIdentity> batches, Rows rows, List<RedactionMinute> redactions) {
    Write {
      requireNonNull(token, "token");
      batches = List.copyOf(batches);
      requireNonNull(rows, "rows");
      redactions = List.copyOf(redactions);
    }
  }

  /** A write found at start, and the file to remove once it is redone and accepted. */
  record Pending(Path file, Write write) {}

  RedoLog(Path dir) throws IOException {
    this.dir = requireNonNull(dir, "dir");
    Files.createDirectories(dir);
  }

  /** Keeps {@code write}; returns its file, to {@link #remove} once its batches are accepted. */
  Path keep(Write write) throws IOException {
    Path file =
        dir.resolve(
            "%020d-%s%s".formatted(counter.incrementAndGet(), write.token().value(), SUFFIX));
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    // Streamed: the rows (about 1 KB a span) are written from the store's own array, not copied.
    try (OutputStream out =
        new BufferedOutputStream(
            Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE),
            1 << 16)) {
      encode(write, out);
    }
    return file;
  }

  void remove(Path file) throws IOException {
    Files.deleteIfExists(file);
  }

  /** The writes kept and not removed, oldest first; files cut short are removed and skipped. */
  List<Pending> pending() throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      stream.forEach(files::add);
    }
    files.sort(null);
    List<Pending> pending = new ArrayList<>();
    for (Path file : files) {
      byte[] content = Files.readAllBytes(file);
      try {
        pending.add(new Pending(file, decode(content)));
      } catch (IOException | RuntimeException e) {
        // Cut short or damaged: written when the core stopped, before its insert started.
        LOG.warn(
            "removing redo file {} that is incomplete ({} bytes): its insert never started",
            file.getFileName(),
            content.length);
        Files.deleteIfExists(file);
      }
    }
    return pending;
  }

  static byte[] encode(Write write) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    encode(write, bytes);
    return bytes.toByteArray();
  }

  /** The file's content: the fields, then the CRC-32C of all of them. */
  static void encode(Write write, OutputStream target) throws IOException {
    CRC32C crc = new CRC32C();
    CheckedOutputStream checked = new CheckedOutputStream(target, crc);
    DataOutputStream out = new DataOutputStream(checked);
    out.writeInt(MAGIC);
    out.writeUTF(write.token().value());
    out.writeInt(write.batches().size());
    for (BatchIdentity b : write.batches()) {
      out.writeUTF(b.tenant());
      out.writeUTF(b.agentId());
      out.writeLong(b.sequence());
      out.writeInt(b.signal().code());
    }
    switch (write.rows()) {
      case Encoded e -> {
        out.writeByte(1);
        out.writeByte(e.kind().ordinal());
        out.writeInt(e.batches().size());
        for (Batch b : e.batches()) {
          out.writeInt(b.rows());
          out.writeInt(b.bytes().length);
          out.write(b.bytes());
        }
      }
      case Metrics m -> {
        out.writeByte(2);
        out.writeUTF(m.tenant().value());
        out.writeInt(m.retention().traceDays());
        out.writeInt(m.retention().logDays());
        out.writeInt(m.retention().metricDays());
        out.writeInt(m.request().length);
        out.write(m.request());
      }
    }
    out.writeInt(write.redactions().size());
    for (RedactionMinute r : write.redactions()) {
      out.writeUTF(r.tenant().value());
      out.writeLong(r.minute().getEpochSecond());
      out.writeUTF(r.signal());
      out.writeUTF(r.location());
      out.writeUTF(r.source());
      out.writeUTF(r.action());
      out.writeLong(r.count());
    }
    out.flush();
    new DataOutputStream(target).writeLong(crc.getValue());
    target.flush();
  }

  static Write decode(byte[] content) throws IOException {
    if (content.length < 12) {
      throw new IOException("too short");
    }
    CRC32C crc = new CRC32C();
    crc.update(content, 0, content.length - 8);
    DataInputStream trailer =
        new DataInputStream(new ByteArrayInputStream(content, content.length - 8, 8));
    if (trailer.readLong() != crc.getValue()) {
      throw new IOException("checksum mismatch");
    }
    DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(content, 0, content.length - 8));
    if (in.readInt() != MAGIC) {
      throw new IOException("not a redo file");
    }
    InsertToken token = new InsertToken(in.readUTF());
    int count = in.readInt();
    if (count < 1 || count > 1_000_000) {
      throw new IOException("bad batch count");
    }
    List<BatchIdentity> batches = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String tenant = in.readUTF();
      String agent = in.readUTF();
      long sequence = in.readLong();
      Signal signal = Signal.byCode(in.readInt());
      if (signal == null) {
        throw new IOException("unknown signal");
      }
      batches.add(new BatchIdentity(tenant, agent, sequence, signal));
    }
    Rows rows =
        switch (in.readByte()) {
          case 1 -> {
            EncodedRows.Kind kind = EncodedRows.Kind.values()[in.readByte()];
            int n = in.readInt();
            List<Batch> list = new ArrayList<>();
            for (int i = 0; i < n; i++) {
              int r = in.readInt();
              list.add(new Batch(r, in.readNBytes(length(in, content.length))));
            }
            yield new Encoded(kind, list);
          }
          case 2 -> {
            TenantId tenant = TenantId.of(in.readUTF());
            Retention retention = new Retention(in.readInt(), in.readInt(), in.readInt());
            yield new Metrics(tenant, retention, in.readNBytes(length(in, content.length)));
          }
          default -> throw new IOException("unknown rows");
        };
    int redactionCount = in.readInt();
    if (redactionCount < 0 || redactionCount > content.length) {
      throw new IOException("bad redaction count");
    }
    List<RedactionMinute> redactions = new ArrayList<>(redactionCount);
    for (int i = 0; i < redactionCount; i++) {
      redactions.add(
          new RedactionMinute(
              TenantId.of(in.readUTF()),
              Instant.ofEpochSecond(in.readLong()),
              in.readUTF(),
              in.readUTF(),
              in.readUTF(),
              in.readUTF(),
              in.readLong()));
    }
    if (in.available() != 0) {
      throw new IOException("trailing bytes");
    }
    return new Write(token, batches, rows, redactions);
  }

  private static int length(DataInputStream in, int limit) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > limit) {
      throw new IOException("bad length");
    }
    return length;
  }
}
