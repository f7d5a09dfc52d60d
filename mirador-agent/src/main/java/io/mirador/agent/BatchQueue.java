package io.mirador.agent;

import static java.util.Objects.requireNonNull;

import io.mirador.crypto.QueueFileCipher;
import io.mirador.crypto.Signal;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent's queue of sealed batches between the batcher and the forwarder.
 *
 * <p>Durable mode: one writer thread takes every batch handed in since its last write and writes
 * them as one segment file ({@code 00000000000000000042.mq}): QueueFileCipher-encrypted frames
 * written to a temporary file, fsynced, renamed into place and the directory fsynced (group
 * commit). Only then are the callers' futures completed, so a request is answered success only once
 * its data survives a crash. A segment file is deleted when the core acknowledged all of its
 * batches. At start the directory is read back and every remaining batch is sent again (the core
 * acknowledges a duplicate without storing it twice).
 *
 * <p>Memory mode keeps the same structure without files: faster, and lost on a crash.
 *
 * <p>The queue is bounded: when a new segment would exceed {@code maxBytes}, the oldest segments
 * not being sent are dropped, counted per signal and logged.
 */
final class BatchQueue implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(BatchQueue.class.getName());
  private static final int FRAME_MAGIC = 0x4d514231; // "MQB1"
  private static final String SUFFIX = ".mq";

  /** A segment: one group commit's batches. */
  static final class Segment {
    final long id;
    final Path path;
    final long bytes;
    final long createdMillis;
    final long[] records = new long[Signal.values().length];
    final int batchCount;
    private List<QueuedBatch> cached;
    boolean dispatched;

    Segment(long id, Path path, long bytes, long createdMillis, List<QueuedBatch> batches) {
      this.id = id;
      this.path = path;
      this.bytes = bytes;
      this.createdMillis = createdMillis;
      this.batchCount = batches.size();
      for (QueuedBatch b : batches) {
        records[b.signal().ordinal()] += b.records();
      }
    }
  }

  private record Pending(List<QueuedBatch> batches, CompletableFuture<Void> done) {}

  private final Path dir;
  private final QueueFileCipher cipher;
  private final long maxBytes;
  private final long cacheBytes;
  private final AgentCounters counters;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Deque<Segment> segments = new ArrayDeque<>();
  private final LinkedBlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
  private final Thread writer;
  private long totalBytes;
  private long cachedBytes;
  private long nextId;
  private volatile boolean closed;

  private BatchQueue(
      Path dir, QueueFileCipher cipher, long maxBytes, AgentCounters counters, Clock clock) {
    this.dir = dir;
    this.cipher = cipher;
    this.maxBytes = maxBytes;
    // Disk mode keeps the newest segments' batches in memory too (no re-read when the core keeps
    // up), bounded so that a backlog lives on disk, not on the heap.
    this.cacheBytes = dir == null ? Long.MAX_VALUE : Math.min(maxBytes / 16, 16L << 20);
    this.counters = requireNonNull(counters, "counters");
    this.clock = requireNonNull(clock, "clock");
    this.writer =
        Thread.ofPlatform().name("mirador-queue-writer").daemon().unstarted(this::writeLoop);
  }

  /** A durable queue in {@code dir}, reading back what an earlier run left there. */
  static BatchQueue durable(
      Path dir, QueueFileCipher cipher, long maxBytes, AgentCounters counters, Clock clock)
      throws IOException {
    requireNonNull(dir, "dir");
    requireNonNull(cipher, "cipher");
    Files.createDirectories(dir);
    BatchQueue q = new BatchQueue(dir, cipher, maxBytes, counters, clock);
    q.recover();
    q.writer.start();
    return q;
  }

  /** An in-memory queue: acknowledged data is lost if the agent dies. */
  static BatchQueue inMemory(long maxBytes, AgentCounters counters, Clock clock) {
    BatchQueue q = new BatchQueue(null, null, maxBytes, counters, clock);
    q.writer.start();
    return q;
  }

  boolean durable() {
    return dir != null;
  }

  /**
   * Queues {@code batches}; the future completes once they are durable (fsynced), or fails if they
   * could not be written (the receiver then answers "retry later").
   */
  CompletableFuture<Void> append(List<QueuedBatch> batches) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new IOException("queue closed"));
      return done;
    }
    pending.add(new Pending(List.copyOf(batches), done));
    return done;
  }

  private void writeLoop() {
    List<Pending> group = new ArrayList<>();
    while (!closed || !pending.isEmpty()) {
      try {
        Pending first = pending.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        pending.drainTo(group);
        List<QueuedBatch> all = new ArrayList<>();
        for (Pending p : group) {
          all.addAll(p.batches());
        }
        try {
          commit(all);
          for (Pending p : group) {
            p.done().complete(null);
          }
        } catch (IOException | RuntimeException e) {
          LOG.log(Level.SEVERE, "queue write failed; senders are told to retry: " + e, e);
          for (Pending p : group) {
            p.done().completeExceptionally(e);
          }
        }
        group.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void commit(List<QueuedBatch> batches) throws IOException {
    long id;
    lock.lock();
    try {
      id = nextId++;
    } finally {
      lock.unlock();
    }
    Path path = null;
    long bytes;
    if (dir != null) {
      path = dir.resolve(String.format(Locale.ROOT, "%020d%s", id, SUFFIX));
      bytes = writeFile(path, batches);
    } else {
      bytes = 0;
      for (QueuedBatch b : batches) {
        bytes += b.wire().length + 32;
      }
    }
    Segment s = new Segment(id, path, bytes, clock.millis(), batches);
    List<Segment> dropped = new ArrayList<>();
    lock.lock();
    try {
      makeRoom(bytes, dropped);
      if (cachedBytes + bytes <= cacheBytes) {
        s.cached = batches;
        cachedBytes += bytes;
      }
      segments.addLast(s);
      totalBytes += bytes;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
    for (QueuedBatch b : batches) {
      counters.add(b.signal(), AgentCounters.Kind.QUEUED, b.records());
    }
    deleteDropped(dropped);
  }

  /** Under the lock: drops the oldest segments not being sent until {@code incoming} fits. */
  private void makeRoom(long incoming, List<Segment> dropped) {
    var it = segments.iterator();
    while (totalBytes + incoming > maxBytes && it.hasNext()) {
      Segment old = it.next();
      if (old.dispatched) {
        continue;
      }
      it.remove();
      totalBytes -= old.bytes;
      if (old.cached != null) {
        cachedBytes -= old.bytes;
        old.cached = null;
      }
      dropped.add(old);
    }
  }

  private void deleteDropped(List<Segment> dropped) {
    for (Segment d : dropped) {
      StringBuilder what = new StringBuilder();
      for (Signal sig : Signal.values()) {
        long n = d.records[sig.ordinal()];
        counters.add(sig, AgentCounters.Kind.DROPPED, n);
        if (n > 0) {
          what.append(' ').append(sig.name().toLowerCase(Locale.ROOT)).append('=').append(n);
        }
      }
      for (int i = 0; i < d.batchCount; i++) {
        counters.droppedBatch();
      }
      LOG.warning(
          "queue full ("
              + maxBytes
              + " bytes): dropped the oldest segment "
              + d.id
              + " with "
              + d.batchCount
              + " batches, records:"
              + what);
      delete(d.path);
    }
  }

  private long writeFile(Path path, List<QueuedBatch> batches) throws IOException {
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      // Closing the cipher stream writes the last segment; the channel stays open for force().
      OutputStream raw =
          new java.io.FilterOutputStream(Channels.newOutputStream(ch)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
              flush();
            }
          };
      try (DataOutputStream out =
          new DataOutputStream(
              new java.io.BufferedOutputStream(cipher.encryptingStream(raw), 1 << 16))) {
        writeFrames(out, batches);
      }
      ch.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
    return Files.size(path);
  }

  /** Test hook: the plaintext frames of a segment. */
  static byte[] frames(List<QueuedBatch> batches) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writeFrames(out, batches);
    }
    return bytes.toByteArray();
  }

  private static void writeFrames(DataOutputStream out, List<QueuedBatch> batches)
      throws IOException {
    out.writeInt(FRAME_MAGIC);
    out.writeInt(batches.size());
    for (QueuedBatch b : batches) {
      out.writeLong(b.sequence());
      out.writeByte(b.signal().code());
      out.writeShort(b.lane());
      out.writeInt(b.records());
      out.writeLong(b.createdMillis());
      out.writeInt(b.wire().length);
      out.write(b.wire());
    }
  }

  static List<QueuedBatch> readFrames(InputStream in) throws IOException {
    try {
      return readFramesOf(new DataInputStream(in));
    } catch (EOFException e) {
      // DataInputStream's own EOFException has no message (fuzzing finding: an empty segment).
      throw e.getMessage() != null ? e : new EOFException("truncated queue segment");
    }
  }

  private static List<QueuedBatch> readFramesOf(DataInputStream data) throws IOException {
    if (data.readInt() != FRAME_MAGIC) {
      throw new IOException("not a queue segment");
    }
    int count = data.readInt();
    if (count < 0 || count > 1_000_000) {
      throw new IOException("bad batch count");
    }
    List<QueuedBatch> out = new ArrayList<>(Math.min(count, 1024));
    for (int i = 0; i < count; i++) {
      long seq = data.readLong();
      Signal signal = Signal.byCode(data.readUnsignedByte());
      int lane = data.readUnsignedShort();
      int records = data.readInt();
      long created = data.readLong();
      int len = data.readInt();
      if (signal == null || len < 0 || len > (64 << 20)) {
        throw new IOException("bad batch frame " + i);
      }
      byte[] wire = data.readNBytes(len);
      if (wire.length != len) {
        throw new EOFException("truncated batch frame " + i);
      }
      out.add(new QueuedBatch(seq, signal, lane, records, created, wire));
    }
    return out;
  }

  private List<QueuedBatch> readFile(Path path) throws IOException {
    try (InputStream in = cipher.decryptingStream(Files.newInputStream(path))) {
      List<QueuedBatch> batches = readFrames(new java.io.BufferedInputStream(in, 1 << 16));
      if (in.read() != -1) {
        throw new IOException("trailing data");
      }
      return batches;
    }
  }

  private void recover() throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (name.endsWith(".tmp")) {
          // Never renamed: its requests were never acknowledged.
          Files.deleteIfExists(p);
        } else if (name.endsWith(SUFFIX)) {
          files.add(p);
        }
      }
    }
    files.sort(null);
    int batches = 0;
    for (Path p : files) {
      String name = p.getFileName().toString();
      long id;
      try {
        id = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
      } catch (NumberFormatException e) {
        continue;
      }
      nextId = Math.max(nextId, id + 1);
      try {
        List<QueuedBatch> content = readFile(p);
        long size = Files.size(p);
        long created = content.stream().mapToLong(QueuedBatch::createdMillis).min().orElse(0);
        Segment s = new Segment(id, p, size, created, content);
        segments.addLast(s);
        totalBytes += size;
        batches += content.size();
      } catch (IOException e) {
        Path aside = p.resolveSibling(name + ".corrupt");
        Files.move(p, aside, StandardCopyOption.REPLACE_EXISTING);
        counters.droppedBatch();
        LOG.severe(
            "queue segment "
                + name
                + " cannot be read ("
                + e.getMessage()
                + "); moved aside to "
                + aside.getFileName()
                + ", its data is lost");
      }
    }
    if (!segments.isEmpty()) {
      LOG.info(
          "queue: " + segments.size() + " segments, " + batches + " batches to send from " + dir);
    }
  }

  /**
   * The oldest segment not yet being sent, with its batches, marked as being sent; null after
   * {@code timeoutMillis} or when closed.
   */
  Dispatch takeNext(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      Segment s;
      lock.lock();
      try {
        s = null;
        while (s == null) {
          for (Segment c : segments) {
            if (!c.dispatched) {
              s = c;
              break;
            }
          }
          if (s == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed) {
              return null;
            }
            notEmpty.awaitNanos(left);
          }
        }
        s.dispatched = true;
      } finally {
        lock.unlock();
      }
      List<QueuedBatch> batches = s.cached;
      if (batches == null) {
        try {
          batches = readFile(s.path);
        } catch (IOException e) {
          LOG.severe("queue segment " + s.id + " cannot be read (" + e.getMessage() + "); dropped");
          for (Signal sig : Signal.values()) {
            counters.add(sig, AgentCounters.Kind.DROPPED, s.records[sig.ordinal()]);
          }
          counters.droppedBatch();
          complete(s);
          continue;
        }
      }
      return new Dispatch(s, batches);
    }
  }

  /** A segment handed to the forwarder. */
  record Dispatch(Segment segment, List<QueuedBatch> batches) {}

  /** Every batch of {@code s} is acknowledged (or permanently refused): delete it. */
  void complete(Segment s) {
    lock.lock();
    try {
      if (segments.remove(s)) {
        totalBytes -= s.bytes;
        if (s.cached != null) {
          cachedBytes -= s.bytes;
          s.cached = null;
        }
      }
    } finally {
      lock.unlock();
    }
    delete(s.path);
  }

  private static void delete(Path p) {
    if (p == null) {
      return;
    }
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.warning("cannot delete queue segment " + p.getFileName() + ": " + e.getMessage());
    }
  }

  long bytes() {
    lock.lock();
    try {
      return totalBytes;
    } finally {
      lock.unlock();
    }
  }

  long maxBytes() {
    return maxBytes;
  }

  int segments() {
    lock.lock();
    try {
      return segments.size();
    } finally {
      lock.unlock();
    }
  }

  /** Age of the oldest queued data, 0 when empty. */
  long oldestAgeMillis() {
    lock.lock();
    try {
      Segment first = segments.peekFirst();
      return first == null ? 0 : Math.max(0, clock.millis() - first.createdMillis);
    } finally {
      lock.unlock();
    }
  }

  /** Stops accepting; what was handed in is still written. */
  @Override
  public void close() {
    closed = true;
    lock.lock();
    try {
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
