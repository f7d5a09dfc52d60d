package io.mirador.core.ingest;

import static java.util.Objects.requireNonNull;

import io.mirador.crypto.Signal;
import io.mirador.store.EncodedRows;
import io.mirador.store.InsertToken;
import io.mirador.store.RedactionMinute;
import io.mirador.store.Retention;
import io.mirador.store.TenantId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
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
 * <p>A write is kept in two kinds of files, so that the rows (about 1 KB a span) are never copied
 * on the one writer thread:
 *
 * <ul>
 *   <li>a <em>member</em> per request, {@code <counter>.member}: that request's rows, written by
 *       the ingest worker that encoded them ({@link #keepMember}), before the request is queued;
 *   <li>a <em>manifest</em> per write, {@code <counter>-<token>.redo}: the token, the batches'
 *       identities, the redaction counts and the names of the write's members in insert order,
 *       written by the writer thread before the insert ({@link #keep}), a few hundred bytes.
 * </ul>
 *
 * <p>Only a manifest makes a write redoable: a member no manifest names belongs to a request that
 * never reached an insert, was never acknowledged, and is removed at start ({@link #removeOrphans})
 * without being inserted (its sender retries). A manifest is removed before its members, so a
 * manifest never names a member that was removed on purpose.
 *
 * <p>Every file is 0600 (the rows are a tenant's redacted telemetry, as in the store), written in
 * one go and checked by a CRC-32C at its end. Files are not fsynced: the engine does not fsync its
 * parts either ({@code fsync_after_insert} is off), so a power cut loses both alike; a process
 * crash loses neither. Members of finished writes are removed by a cleaner thread, off the writer.
 */
final class RedoLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedoLog.class);
  private static final int MANIFEST_MAGIC = 0x4d524432; // "MRD2"
  private static final int MEMBER_MAGIC = 0x4d524d31; // "MRM1"
  private static final String SUFFIX = ".redo";
  private static final String MEMBER_SUFFIX = ".member";
  private static final int MAX_MEMBERS = 1_000_000;
  private static final byte ENCODED = 1;
  private static final byte METRICS = 2;

  private static final FileAttribute<?>[] OWNER_ONLY =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
          ? new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
          }
          : new FileAttribute<?>[0];

  private final Path dir;
  private final AtomicLong counter = new AtomicLong(System.currentTimeMillis() * 1000);
  private final ExecutorService cleaner =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().name("mirador-redo-cleaner").daemon().unstarted(r));

  /** What a write holds: encoded spans or logs of any tenants, or one tenant's metrics. */
  sealed interface Rows permits Encoded, Metrics {}

  /** Encoded rows of one kind as {@code TelemetryStore.persistable} gave them, in insert order. */
  record Encoded(EncodedRows.Kind kind, List<Batch> batches) implements Rows {
    Encoded {
      requireNonNull(kind, "kind");
      batches = List.copyOf(batches);
    }
  }

  /** One caller's encoded rows. */
  record Batch(int rows, byte[] bytes) {}

  /** One tenant's metrics as an {@code ExportMetricsServiceRequest}. */
  record Metrics(TenantId tenant, Retention retention, byte[] request) implements Rows {}

  /** What one request's member holds. */
  sealed interface MemberRows permits EncodedMember, MetricsMember {}

  /** One request's encoded spans or logs. */
  record EncodedMember(EncodedRows.Kind kind, Batch batch) implements MemberRows {
    EncodedMember {
      requireNonNull(kind, "kind");
      requireNonNull(batch, "batch");
    }
  }

  /**
   * One request's metrics as a serialized {@code ExportMetricsServiceRequest}: members of one write
   * concatenated are the request of the whole write (protobuf merges repeated fields).
   */
  record MetricsMember(byte[] request) implements MemberRows {
    MetricsMember {
      requireNonNull(request, "request");
    }
  }

  /** A member file kept by {@link #keepMember}. */
  record Member(Path file) {
    Member {
      requireNonNull(file, "file");
    }

    String name() {
      return file.getFileName().toString();
    }
  }

  /** Where the rows of a write's members go: spans or logs of one kind, or a tenant's metrics. */
  sealed interface Target permits EncodedTarget, MetricsTarget {}

  /** Encoded spans or logs. */
  record EncodedTarget(EncodedRows.Kind kind) implements Target {
    EncodedTarget {
      requireNonNull(kind, "kind");
    }
  }

  /** One tenant's metrics, stored with its retention. */
  record MetricsTarget(TenantId tenant, Retention retention) implements Target {
    MetricsTarget {
      requireNonNull(tenant, "tenant");
      requireNonNull(retention, "retention");
    }
  }

  /**
   * The manifest of a write: its token, the sealed batches it stores, where its rows go, its
   * members in insert order, and the redaction counts written after the rows.
   */
  record Manifest(
      InsertToken token,
      List<BatchIdentity> batches,
      Target target,
      List<String> members,
      List<RedactionMinute> redactions) {
    Manifest {
      requireNonNull(token, "token");
      batches = List.copyOf(batches);
      requireNonNull(target, "target");
      members = List.copyOf(members);
      redactions = List.copyOf(redactions);
      if (batches.isEmpty() || members.isEmpty()) {
        throw new IllegalArgumentException("a manifest names at least one batch and one member");
      }
    }
  }

  /**
   * A write as recovery repeats it: the manifest's token, batches and redaction counts, and the
   * rows of its members concatenated in the manifest's order.
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

  /** A write found at start, and its files to remove once it is redone and accepted. */
  record Pending(Path manifest, List<Path> members, Write write) {
    Pending {
      requireNonNull(manifest, "manifest");
      members = List.copyOf(members);
      requireNonNull(write, "write");
    }
  }

  RedoLog(Path dir) throws IOException {
    this.dir = requireNonNull(dir, "dir");
    Files.createDirectories(dir);
  }

  /**
   * Keeps one request's rows, on the thread that encoded them (never the writer thread). The member
   * means nothing until a manifest names it.
   */
  Member keepMember(MemberRows rows) throws IOException {
    ByteBuffer header;
    byte[] body;
    switch (rows) {
      case EncodedMember e -> {
        body = e.batch().bytes();
        header =
            ByteBuffer.allocate(4 + 1 + 1 + 4 + 4)
                .putInt(MEMBER_MAGIC)
                .put(ENCODED)
                .put((byte) e.kind().ordinal())
                .putInt(e.batch().rows())
                .putInt(body.length)
                .flip();
      }
      case MetricsMember m -> {
        body = m.request();
        header =
            ByteBuffer.allocate(4 + 1 + 4)
                .putInt(MEMBER_MAGIC)
                .put(METRICS)
                .putInt(body.length)
                .flip();
      }
    }
    CRC32C crc = new CRC32C();
    crc.update(header.duplicate());
    crc.update(body);
    ByteBuffer trailer = ByteBuffer.allocate(8).putLong(crc.getValue()).flip();
    // Written from the rows' own array, not copied into a buffer first.
    Path file = writeNew(MEMBER_SUFFIX, header, ByteBuffer.wrap(body), trailer);
    return new Member(file);
  }

  /**
   * Keeps {@code manifest}, on the writer thread, before the insert starts; returns its file, to
   * {@link #remove} once the write's batches are accepted.
   */
  Path keep(Manifest manifest) throws IOException {
    return writeNew("-" + manifest.token().value() + SUFFIX, ByteBuffer.wrap(encode(manifest)));
  }

  /**
   * A new 0600 file {@code <counter><suffix>} holding {@code parts}, created and written at once.
   */
  private Path writeNew(String suffix, ByteBuffer... parts) throws IOException {
    Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    for (int attempt = 0; ; attempt++) {
      Path file = dir.resolve("%020d%s".formatted(counter.incrementAndGet(), suffix));
      FileChannel channel;
      try {
        channel = FileChannel.open(file, options, OWNER_ONLY);
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
        continue;
      }
      try (channel) {
        ByteBuffer last = parts[parts.length - 1];
        while (last.hasRemaining()) {
          channel.write(parts);
        }
      } catch (IOException e) {
        Files.deleteIfExists(file);
        throw e;
      }
      return file;
    }
  }

  /**
   * Removes a finished write: its manifest now, on the caller's thread (the write is no longer
   * redoable once this returns), then its members on the cleaner thread.
   */
  void remove(Path manifest, List<Member> members) throws IOException {
    Files.deleteIfExists(manifest);
    discard(members);
  }

  /**
   * Removes members that no manifest names (requests answered without an insert of their own, or
   * whose insert failed), on the cleaner thread.
   */
  void discard(List<Member> members) {
    if (members.isEmpty()) {
      return;
    }
    List<Path> files = members.stream().map(Member::file).toList();
    try {
      cleaner.execute(() -> delete(files));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      delete(files); // closing: remove them here
    }
  }

  private static void delete(List<Path> files) {
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // Left over: removed at the next start as an orphan.
        LOG.warn("cannot remove redo member {}: {}", file.getFileName(), e.getMessage());
      }
    }
  }

  /**
   * The writes kept and not removed, oldest first, each with its members' rows. A manifest cut
   * short or damaged was being written when the core stopped, before its insert started: it is
   * removed. A manifest whose members cannot all be read cannot be repeated: it is removed and its
   * batches are not accepted, so their senders' retries are stored (logged as an error).
   */
  List<Pending> pending() throws IOException {
    List<Pending> pending = new ArrayList<>();
    for (Path file : list(SUFFIX)) {
      byte[] content = Files.readAllBytes(file);
      Manifest manifest;
      try {
        manifest = decodeManifest(content);
      } catch (IOException | RuntimeException e) {
        LOG.warn(
            "removing redo manifest {} that is incomplete or unreadable ({} bytes): its insert"
                + " never started",
            file.getFileName(),
            content.length);
        Files.deleteIfExists(file);
        continue;
      }
      try {
        pending.add(load(file, manifest));
      } catch (IOException | RuntimeException e) {
        LOG.error(
            "removing redo manifest {}: a member is missing or damaged ({}), so its write cannot"
                + " be repeated; its {} sealed batches are not accepted and will be stored when"
                + " their agents retry (a copy stored before the crash would then be stored twice)",
            file.getFileName(),
            e.getMessage(),
            manifest.batches().size());
        Files.deleteIfExists(file);
      }
    }
    return pending;
  }

  /**
   * Removes every member that no manifest left in the log names: requests that never reached an
   * insert, and members of finished writes that the cleaner had not removed yet. Call it at start,
   * after the pending writes are redone and before the first request. Returns how many it removed.
   */
  int removeOrphans() throws IOException {
    Set<String> named = new HashSet<>();
    for (Path file : list(SUFFIX)) {
      try {
        named.addAll(decodeManifest(Files.readAllBytes(file)).members());
      } catch (IOException | RuntimeException e) {
        // Unreadable: pending() removes it; it protects nothing.
      }
    }
    int removed = 0;
    for (Path member : list(MEMBER_SUFFIX)) {
      if (!named.contains(member.getFileName().toString())) {
        Files.deleteIfExists(member);
        removed++;
      }
    }
    return removed;
  }

  private List<Path> list(String suffix) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + suffix)) {
      stream.forEach(files::add);
    }
    files.sort(null);
    return files;
  }

  private Pending load(Path file, Manifest manifest) throws IOException {
    List<Path> members = new ArrayList<>(manifest.members().size());
    List<MemberRows> rows = new ArrayList<>(manifest.members().size());
    for (String name : manifest.members()) {
      Path member = dir.resolve(name);
      if (!member.getParent().equals(dir) || !name.endsWith(MEMBER_SUFFIX)) {
        throw new IOException("a member name outside the redo log");
      }
      try {
        rows.add(decodeMember(Files.readAllBytes(member)));
      } catch (NoSuchFileException e) {
        throw new IOException("member " + name + " is missing", e);
      }
      members.add(member);
    }
    Rows all =
        switch (manifest.target()) {
          case EncodedTarget t -> {
            List<Batch> batches = new ArrayList<>(rows.size());
            for (MemberRows r : rows) {
              if (!(r instanceof EncodedMember e) || e.kind() != t.kind()) {
                throw new IOException("a member of another kind than its manifest");
              }
              batches.add(e.batch());
            }
            yield new Encoded(t.kind(), batches);
          }
          case MetricsTarget t -> {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            for (MemberRows r : rows) {
              if (!(r instanceof MetricsMember m)) {
                throw new IOException("a member of another kind than its manifest");
              }
              request.write(m.request());
            }
            yield new Metrics(t.tenant(), t.retention(), request.toByteArray());
          }
        };
    return new Pending(
        file, members, new Write(manifest.token(), manifest.batches(), all, manifest.redactions()));
  }

  /** Removes a write redone at start: its manifest, then its members. */
  void removeRedone(Pending pending) throws IOException {
    Files.deleteIfExists(pending.manifest());
    for (Path member : pending.members()) {
      Files.deleteIfExists(member);
    }
  }

  /** Waits for the cleaner to remove what it was given. */
  @Override
  public void close() {
    cleaner.shutdown();
    try {
      if (!cleaner.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("redo members still being removed at close; the next start removes them");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The manifest's content: the fields, then the CRC-32C of all of them. */
  static byte[] encode(Manifest manifest) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(MANIFEST_MAGIC);
    out.writeUTF(manifest.token().value());
    out.writeInt(manifest.batches().size());
    for (BatchIdentity b : manifest.batches()) {
      out.writeUTF(b.tenant());
      out.writeUTF(b.agentId());
      out.writeLong(b.sequence());
      out.writeInt(b.signal().code());
    }
    switch (manifest.target()) {
      case EncodedTarget t -> {
        out.writeByte(ENCODED);
        out.writeByte(t.kind().ordinal());
      }
      case MetricsTarget t -> {
        out.writeByte(METRICS);
        out.writeUTF(t.tenant().value());
        out.writeInt(t.retention().traceDays());
        out.writeInt(t.retention().logDays());
        out.writeInt(t.retention().metricDays());
      }
    }
    out.writeInt(manifest.members().size());
    for (String member : manifest.members()) {
      out.writeUTF(member);
    }
    out.writeInt(manifest.redactions().size());
    for (RedactionMinute r : manifest.redactions()) {
      out.writeUTF(r.tenant().value());
      out.writeLong(r.minute().getEpochSecond());
      out.writeUTF(r.signal());
      out.writeUTF(r.location());
      out.writeUTF(r.source());
      out.writeUTF(r.action());
      out.writeLong(r.count());
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes.toByteArray());
    out.writeLong(crc.getValue());
    out.flush();
    return bytes.toByteArray();
  }

  static Manifest decodeManifest(byte[] content) throws IOException {
    DataInputStream in = checked(content, MANIFEST_MAGIC);
    InsertToken token = new InsertToken(in.readUTF());
    int count = in.readInt();
    if (count < 1 || count > MAX_MEMBERS) {
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
    Target target =
        switch (in.readByte()) {
          case ENCODED -> new EncodedTarget(kind(in.readByte()));
          case METRICS ->
              new MetricsTarget(
                  TenantId.of(in.readUTF()),
                  new Retention(in.readInt(), in.readInt(), in.readInt()));
          default -> throw new IOException("unknown rows");
        };
    int memberCount = in.readInt();
    if (memberCount < 1 || memberCount > MAX_MEMBERS) {
      throw new IOException("bad member count");
    }
    List<String> members = new ArrayList<>(memberCount);
    for (int i = 0; i < memberCount; i++) {
      members.add(in.readUTF());
    }
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
    return new Manifest(token, batches, target, members, redactions);
  }

  static MemberRows decodeMember(byte[] content) throws IOException {
    DataInputStream in = checked(content, MEMBER_MAGIC);
    MemberRows rows =
        switch (in.readByte()) {
          case ENCODED -> {
            EncodedRows.Kind kind = kind(in.readByte());
            int count = in.readInt();
            if (count < 0) {
              throw new IOException("bad row count");
            }
            yield new EncodedMember(kind, new Batch(count, in.readNBytes(length(in, content))));
          }
          case METRICS -> new MetricsMember(in.readNBytes(length(in, content)));
          default -> throw new IOException("unknown rows");
        };
    if (in.available() != 0) {
      throw new IOException("trailing bytes");
    }
    return rows;
  }

  /** The content without its CRC trailer, once the trailer and the magic number match. */
  private static DataInputStream checked(byte[] content, int magic) throws IOException {
    if (content.length < 12) {
      throw new IOException("too short");
    }
    CRC32C crc = new CRC32C();
    crc.update(content, 0, content.length - 8);
    if (ByteBuffer.wrap(content, content.length - 8, 8).getLong() != crc.getValue()) {
      throw new IOException("checksum mismatch");
    }
    DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(content, 0, content.length - 8));
    if (in.readInt() != magic) {
      throw new IOException("not a redo file of this kind");
    }
    return in;
  }

  private static EncodedRows.Kind kind(byte ordinal) throws IOException {
    EncodedRows.Kind[] kinds = EncodedRows.Kind.values();
    if (ordinal < 0 || ordinal >= kinds.length) {
      throw new IOException("unknown kind");
    }
    return kinds[ordinal];
  }

  private static int length(DataInputStream in, byte[] content) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > content.length) {
      throw new IOException("bad length");
    }
    return length;
  }
}
