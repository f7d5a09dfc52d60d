package io.mirador.benchmarks.store;

import io.mirador.store.EncodedRows;
import io.mirador.store.InsertToken;
import io.mirador.store.Retention;
import io.mirador.store.TenantId;
import io.mirador.store.chdb.ChdbTransport;
import io.mirador.store.chdb.EmbeddedClickHouse;
import io.mirador.store.clickhouse.ClickHouseTelemetryStore;
import io.mirador.store.clickhouse.InsertFormat;
import io.mirador.store.clickhouse.SchemaOptions;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * What exactly-once writes cost the store insert (issue 18, goal: at most 5 % slower): realistic
 * spans, pre-encoded as the core's ingest workers encode them, written with {@code writeEncoded} on
 * one thread into the embedded store, in rounds that alternate three variants on the same engine:
 *
 * <ul>
 *   <li>{@code plain}: no token (what plain OTLP requests, and every write before issue 18, cost);
 *   <li>{@code token}: each insert named by an {@code insert_deduplication_token} into tables with
 *       a deduplication window of 1,000 inserts (migration 7);
 *   <li>{@code token+redo}: as {@code token}, plus what the core's writer did around it for sealed
 *       batches before session 10: the rows written to one redo file on the writer thread before
 *       the insert, deleted after (kept for comparison);
 *   <li>{@code token+members}: as {@code token}, plus what the core does now ({@code RedoLog}):
 *       each batch's rows written to a member file (0600, CRC-32C) by the worker that encoded them,
 *       the writer writing only a manifest before the insert and deleting it after, the member
 *       deleted by a cleaner thread.
 * </ul>
 *
 * Batches are encoded by {@code workers} threads (the core's ingest workers) and inserted in order
 * by one writer thread (the core's store writer), as in the core. Variants alternate round by round
 * so that load from other processes falls on all of them alike; the median round of each is
 * reported, in spans per wall-clock second, in spans per CPU-second of this process (the engine
 * runs in it, so its CPU time covers encoding, insert and merges; it varies far less than wall time
 * when other work shares the cores), and as the writer thread's busy time per insert (from taking
 * an encoded batch to finishing its insert and redo work): the one thread every sealed batch passes
 * through, whose added time is what the exactly-once goal (at most 5 %) is about.
 *
 * <p>Under load from other work, round-to-round noise (±30 %) hides a few per cent. So the harness
 * also measures the parts of the cost directly, many times over, and takes medians: the extra time
 * a token adds to an insert (pairs of small inserts, plain then tokened, the token's cost being per
 * insert and per part, not per row), the redo file of one batch (write and delete), and a plain
 * insert of one batch, the writer's redo work of one batch in each design (old: the redo file; new:
 * manifest write and delete), and the worker's (member write). Their ratio to the insert is the
 * cost per batch.
 *
 * <pre>
 * java ... io.mirador.benchmarks.store.InsertTokenCost [spans=200000] [batch=10000] [rounds=7]
 *     [pairs=2000] [workers=2]
 * </pre>
 */
public final class InsertTokenCost {
  private InsertTokenCost() {}

  private enum Variant {
    PLAIN,
    TOKEN,
    TOKEN_REDO,
    TOKEN_MEMBERS
  }

  private static final FileAttribute<?> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final AtomicLong COUNTER = new AtomicLong();

  public static void main(String[] args) throws Exception {
    long spans = arg(args, "spans", 200_000);
    int batch = (int) arg(args, "batch", 10_000);
    int rounds = (int) arg(args, "rounds", 7);
    int workers = (int) arg(args, "workers", 2);
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    ExecutorService cleaner = Executors.newSingleThreadExecutor();
    Path dir = Files.createTempDirectory("mirador-bench-tokens-");
    Path redoDir = Files.createDirectories(dir.resolve("redo"));
    EmbeddedClickHouse engine = EmbeddedClickHouse.open(dir.resolve("clickhouse"));
    ClickHouseTelemetryStore store =
        ClickHouseTelemetryStore.open(
            new ChdbTransport(engine),
            SchemaOptions.singleNode("bench_tokens"),
            InsertFormat.ROW_BINARY);
    TenantId tenant = TenantId.of("bench");
    RealisticSpans generator =
        new RealisticSpans(7, (System.currentTimeMillis() - 3_600_000L) * 1_000_000L);
    List<byte[]> traceIds = new ArrayList<>();
    List<List<ResourceSpans>> batches = new ArrayList<>();
    for (long n = 0; n < spans; n += batch) {
      batches.add(generator.batch(batch / 10, traceIds));
    }
    System.out.printf(
        "embedded store at %s; %,d spans per round in inserts of %,d; %d rounds per variant;"
            + " %d encoding workers%n",
        dir, spans, batch, rounds, workers);
    Rig rig = new Rig(store, tenant, batches, redoDir, pool, cleaner);
    // Warm-up: one round of each, not counted.
    for (Variant v : Variant.values()) {
      rig.round(v, new Random(1));
    }
    int n = Variant.values().length;
    double[][] rates = new double[n][rounds];
    double[][] perCpu = new double[n][rounds];
    double[][] busy = new double[n][rounds];
    Random random = new Random(42);
    for (int r = 0; r < rounds; r++) {
      StringBuilder line = new StringBuilder("round " + (r + 1) + ":");
      for (Variant v : Variant.values()) {
        double[] result = rig.round(v, random);
        rates[v.ordinal()][r] = result[0];
        perCpu[v.ordinal()][r] = result[1];
        busy[v.ordinal()][r] = result[2];
        line.append(
            "  %s %,.0f (%,.0f/cpu-s, writer %,.0f us)"
                .formatted(name(v), result[0], result[1], result[2]));
      }
      System.out.println(line);
    }
    decomposed(store, tenant, batches, redoDir, (int) arg(args, "pairs", 2000));
    double plain = median(rates[0]);
    double plainCpu = median(perCpu[0]);
    double plainBusy = median(busy[0]);
    for (Variant v : Variant.values()) {
      double m = median(rates[v.ordinal()]);
      double c = median(perCpu[v.ordinal()]);
      double b = median(busy[v.ordinal()]);
      System.out.printf(
          "%-13s median %,.0f spans/s (%+.1f %%; min %,.0f max %,.0f), %,.0f spans/cpu-s"
              + " (%+.1f %%), writer busy %,.0f us an insert (%+.1f %%)%n",
          name(v),
          m,
          (m / plain - 1) * 100,
          Arrays.stream(rates[v.ordinal()]).min().orElse(0),
          Arrays.stream(rates[v.ordinal()]).max().orElse(0),
          c,
          (c / plainCpu - 1) * 100,
          b,
          (b / plainBusy - 1) * 100);
    }
    pool.shutdown();
    cleaner.shutdown();
    cleaner.awaitTermination(1, TimeUnit.MINUTES);
    store.close();
  }

  private static String name(Variant v) {
    return v.name().toLowerCase(Locale.ROOT).replace('_', '+');
  }

  /** What a round needs: the store, the batches, and the threads of the core's roles. */
  private record Rig(
      ClickHouseTelemetryStore store,
      TenantId tenant,
      List<List<ResourceSpans>> batches,
      Path redoDir,
      ExecutorService workers,
      ExecutorService cleaner) {

    /** A batch as a worker hands it to the writer: its rows, and its member file if any. */
    private record Encoded(EncodedRows rows, Path member) {}

    /**
     * One round: the workers encode every batch (and write its member, for {@code token+members}),
     * the writer inserts them in order; returns spans per second, per CPU-second, and the writer's
     * median busy time per insert in microseconds.
     */
    double[] round(Variant variant, Random random) throws Exception {
      long stored = 0;
      long cpu = CPU.getProcessCpuTime();
      long start = System.nanoTime();
      List<Future<Encoded>> encoded = new ArrayList<>(batches.size());
      for (List<ResourceSpans> batch : batches) {
        encoded.add(
            workers.submit(
                () -> {
                  EncodedRows rows = store.encodeSpans(tenant, Retention.DEFAULT, batch);
                  Path member =
                      variant == Variant.TOKEN_MEMBERS
                          ? writeMember(redoDir, rows.rows(), store.persistable(rows).orElseThrow())
                          : null;
                  return new Encoded(rows, member);
                }));
      }
      double[] busy = new double[batches.size()];
      for (int i = 0; i < encoded.size(); i++) {
        Encoded e = encoded.get(i).get();
        long t0 = System.nanoTime();
        switch (variant) {
          case PLAIN -> stored += store.writeEncoded(List.of(e.rows()));
          case TOKEN -> stored += store.writeEncoded(List.of(e.rows()), token(random));
          case TOKEN_REDO -> {
            Path file = redoDir.resolve(Long.toString(random.nextLong() & Long.MAX_VALUE));
            Files.write(file, store.persistable(e.rows()).orElseThrow());
            stored += store.writeEncoded(List.of(e.rows()), token(random));
            Files.delete(file);
          }
          case TOKEN_MEMBERS -> {
            InsertToken token = token(random);
            Path manifest = writeNew(redoDir, "-" + token.value() + ".redo", manifest(token, e));
            stored += store.writeEncoded(List.of(e.rows()), token);
            Files.delete(manifest);
            Path member = e.member();
            cleaner.execute(
                () -> {
                  try {
                    Files.delete(member);
                  } catch (IOException x) {
                    throw new UncheckedIOException(x);
                  }
                });
          }
        }
        busy[i] = (System.nanoTime() - t0) / 1e3;
      }
      double wall = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (CPU.getProcessCpuTime() - cpu) / 1e9;
      return new double[] {stored / wall, stored / cpuSeconds, median(busy)};
    }
  }

  /** A manifest as {@code RedoLog} writes it for one batch: ~250 bytes and a CRC-32C. */
  private static ByteBuffer[] manifest(InsertToken token, Rig.Encoded e) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(512);
    java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
    out.writeInt(0x4d524432);
    out.writeUTF(token.value());
    out.writeInt(1);
    out.writeUTF("bench");
    out.writeUTF("bench-agent");
    out.writeLong(COUNTER.incrementAndGet());
    out.writeInt(1);
    out.writeByte(1);
    out.writeByte(0);
    out.writeInt(1);
    out.writeUTF(e.member().getFileName().toString());
    out.writeInt(0);
    CRC32C crc = new CRC32C();
    crc.update(bytes.toByteArray());
    out.writeLong(crc.getValue());
    return new ByteBuffer[] {ByteBuffer.wrap(bytes.toByteArray())};
  }

  /** A member as {@code RedoLog.keepMember} writes it: header, the rows' own array, CRC-32C. */
  private static Path writeMember(Path dir, int rows, byte[] body) throws IOException {
    ByteBuffer header =
        ByteBuffer.allocate(14)
            .putInt(0x4d524d31)
            .put((byte) 1)
            .put((byte) 0)
            .putInt(rows)
            .putInt(body.length)
            .flip();
    CRC32C crc = new CRC32C();
    crc.update(header.duplicate());
    crc.update(body);
    ByteBuffer trailer = ByteBuffer.allocate(8).putLong(crc.getValue()).flip();
    return writeNew(dir, ".member", header, ByteBuffer.wrap(body), trailer);
  }

  private static Path writeNew(Path dir, String suffix, ByteBuffer... parts) throws IOException {
    Path file = dir.resolve("%020d%s".formatted(COUNTER.incrementAndGet(), suffix));
    try (FileChannel channel =
        FileChannel.open(
            file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OWNER_ONLY)) {
      ByteBuffer last = parts[parts.length - 1];
      while (last.hasRemaining()) {
        channel.write(parts);
      }
    }
    return file;
  }

  private static final com.sun.management.OperatingSystemMXBean CPU =
      (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  /** The parts of the cost, each measured many times; medians in microseconds. */
  private static void decomposed(
      ClickHouseTelemetryStore store,
      TenantId tenant,
      List<List<ResourceSpans>> batches,
      Path redoDir,
      int pairs)
      throws IOException {
    Random random = new Random(3);
    List<ResourceSpans> one = List.of(batches.get(0).get(0));
    EncodedRows small = store.encodeSpans(tenant, Retention.DEFAULT, one);
    double[] plain = new double[pairs];
    double[] tokened = new double[pairs];
    for (int i = 0; i < pairs; i++) {
      long t0 = System.nanoTime();
      store.writeEncoded(List.of(small));
      long t1 = System.nanoTime();
      store.writeEncoded(List.of(small), token(random));
      long t2 = System.nanoTime();
      plain[i] = (t1 - t0) / 1e3;
      tokened[i] = (t2 - t1) / 1e3;
    }
    int n = Math.min(batches.size(), 20);
    double[] redo = new double[n];
    double[] insert = new double[n];
    double[] manifest = new double[n];
    double[] member = new double[n];
    double[] memberDelete = new double[n];
    double[] encode = new double[n];
    long bytes = 0;
    for (int i = 0; i < n; i++) {
      long e0 = System.nanoTime();
      EncodedRows rows = store.encodeSpans(tenant, Retention.DEFAULT, batches.get(i));
      encode[i] = (System.nanoTime() - e0) / 1e3;
      byte[] kept = store.persistable(rows).orElseThrow();
      bytes = kept.length;
      long m0 = System.nanoTime();
      Path memberFile = writeMember(redoDir, rows.rows(), kept);
      long m1 = System.nanoTime();
      InsertToken token = token(random);
      Path manifestFile =
          writeNew(
              redoDir,
              "-" + token.value() + ".redo",
              manifest(token, new Rig.Encoded(rows, memberFile)));
      Files.delete(manifestFile);
      long m2 = System.nanoTime();
      Files.delete(memberFile);
      long m3 = System.nanoTime();
      member[i] = (m1 - m0) / 1e3;
      manifest[i] = (m2 - m1) / 1e3;
      memberDelete[i] = (m3 - m2) / 1e3;
      long t0 = System.nanoTime();
      Path file = redoDir.resolve("r" + i);
      Files.write(file, kept);
      Files.delete(file);
      long t1 = System.nanoTime();
      store.writeEncoded(List.of(rows));
      long t2 = System.nanoTime();
      redo[i] = (t1 - t0) / 1e3;
      insert[i] = (t2 - t1) / 1e3;
    }
    double delta = median(tokened) - median(plain);
    double batchInsert = median(insert);
    System.out.printf(
        "decomposed: small insert plain %.0f us, tokened %.0f us (median of %d pairs): token"
            + " adds %.0f us an insert%n",
        median(plain), median(tokened), pairs, delta);
    System.out.printf(
        "  one batch (%,d spans, %,d bytes encoded): plain insert %.0f us, redo file write+delete"
            + " %.0f us (medians of %d)%n",
        batches.get(0).stream()
            .mapToInt(r -> r.getScopeSpansList().stream().mapToInt(x -> x.getSpansCount()).sum())
            .sum(),
        bytes,
        batchInsert,
        median(redo),
        n);
    System.out.printf(
        "  per batch: token %+.2f %%, redo file %+.2f %%, together %+.2f %%%n",
        delta / batchInsert * 100,
        median(redo) / batchInsert * 100,
        (delta + median(redo)) / batchInsert * 100);
    System.out.printf(
        "  members design: writer's manifest write+delete %.0f us (%+.2f %% of the insert; with"
            + " the token %+.2f %%); worker's member write %.0f us (encoding %.0f us: %+.1f %%);"
            + " cleaner's member delete %.0f us%n",
        median(manifest),
        median(manifest) / batchInsert * 100,
        (delta + median(manifest)) / batchInsert * 100,
        median(member),
        median(encode),
        median(member) / median(encode) * 100,
        median(memberDelete));
  }

  private static InsertToken token(Random random) {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return new InsertToken("mirador-" + HexFormat.of().formatHex(b));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static long arg(String[] args, String name, long fallback) {
    for (String a : args) {
      if (a.startsWith(name + "=")) {
        return Long.parseLong(a.substring(name.length() + 1));
      }
    }
    return fallback;
  }
}
