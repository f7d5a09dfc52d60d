package io.mirador.store.chdb;

import static java.util.Objects.requireNonNull;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded ClickHouse engine (chDB) opened on one data directory.
 *
 * <p>chDB runs one engine per process with one storage path, so this class hands out one instance
 * per process: {@link #open} returns the open instance when asked for the same path again and
 * refuses a different path while one is open. Statements on one connection run one at a time; a
 * lock serialises them. A JVM shutdown hook closes the connection and stops the engine's threads
 * ({@code chdb_shutdown}) before the JVM tears down, which otherwise crashes at exit. The first
 * open points the process's standard input at {@code /dev/null} ({@link StandardInput}).
 */
// Native access is this package's purpose; it is confined here.
@SuppressWarnings("restricted")
public final class EmbeddedClickHouse implements AutoCloseable {

  /** System property and environment variable that name the libchdb.so to load. */
  public static final String LIBRARY_PROPERTY = "mirador.chdb.library";

  public static final String LIBRARY_ENV = "MIRADOR_CHDB_LIBRARY";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedClickHouse.class);
  private static final Object PROCESS_LOCK = new Object();
  private static ChdbLibrary library; // guarded by PROCESS_LOCK
  private static EmbeddedClickHouse current; // guarded by PROCESS_LOCK
  private static boolean engineStopped; // guarded by PROCESS_LOCK

  private final ChdbLibrary lib;
  private final Path path;
  private final MemorySegment connectionPointer; // chdb_connection*
  private final MemorySegment connection; // chdb_connection
  private final ReentrantLock statementLock = new ReentrantLock();
  private int references = 1; // guarded by PROCESS_LOCK
  private boolean closed; // guarded by statementLock

  private EmbeddedClickHouse(ChdbLibrary lib, Path path, MemorySegment connectionPointer) {
    this.lib = lib;
    this.path = path;
    this.connectionPointer = connectionPointer;
    this.connection = connectionPointer.get(ValueLayout.ADDRESS, 0);
  }

  /**
   * Opens the engine on {@code dataDirectory}, creating it if needed, with the library named by
   * {@link #LIBRARY_PROPERTY} or {@link #LIBRARY_ENV}.
   */
  public static EmbeddedClickHouse open(Path dataDirectory) {
    return open(dataDirectory, defaultLibraryPath());
  }

  /** Opens the engine on {@code dataDirectory} with the libchdb.so at {@code libraryPath}. */
  public static EmbeddedClickHouse open(Path dataDirectory, Path libraryPath) {
    requireNonNull(dataDirectory, "dataDirectory");
    requireNonNull(libraryPath, "libraryPath");
    Path path = dataDirectory.toAbsolutePath().normalize();
    synchronized (PROCESS_LOCK) {
      if (engineStopped) {
        throw new ChdbException("the embedded engine was shut down; it cannot restart in-process");
      }
      if (current != null) {
        if (!current.path.equals(path)) {
          throw new ChdbException(
              "the embedded engine is already open on "
                  + current.path
                  + "; one storage path per process");
        }
        current.references++;
        return current;
      }
      try {
        Files.createDirectories(path);
      } catch (java.io.IOException e) {
        throw new ChdbException("cannot create data directory " + path + ": " + e.getMessage(), e);
      }
      if (library == null) {
        String detached = StandardInput.detach();
        if (detached != null) {
          LOG.info(
              "standard input ({}) replaced by /dev/null: the engine would read it as INSERT data",
              detached);
        }
        library = ChdbLibrary.load(libraryPath);
        invoke(() -> library.setSignalHandlersEnabled.invoke(0));
        Runtime.getRuntime()
            .addShutdownHook(new Thread(EmbeddedClickHouse::stopEngine, "chdb-shutdown"));
      }
      current = new EmbeddedClickHouse(library, path, connect(library, path));
      LOG.info("embedded ClickHouse open on {}", path);
      return current;
    }
  }

  /** The library path from the system property, then the environment, then the build's cache. */
  public static Path defaultLibraryPath() {
    String configured = System.getProperty(LIBRARY_PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(LIBRARY_ENV);
    }
    if (configured == null || configured.isBlank()) {
      throw new ChdbException(
          "no libchdb.so configured: set -D"
              + LIBRARY_PROPERTY
              + " or "
              + LIBRARY_ENV
              + " (./mirador and the Maven build set it)");
    }
    return Path.of(configured);
  }

  private static MemorySegment connect(ChdbLibrary lib, Path path) {
    List<String> args = List.of("mirador", "--path=" + path);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment argv = arena.allocate(ValueLayout.ADDRESS, args.size());
      for (int i = 0; i < args.size(); i++) {
        argv.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(args.get(i)));
      }
      MemorySegment conn = (MemorySegment) invoke(() -> lib.connect.invoke(args.size(), argv));
      if (conn.equals(MemorySegment.NULL)) {
        throw new ChdbException(
            "chdb_connect failed for "
                + path
                + " (is another process using this directory, or is it not writable?)");
      }
      return conn.reinterpret(ValueLayout.ADDRESS.byteSize());
    }
  }

  /** The absolute data directory this engine stores into. */
  public Path path() {
    return path;
  }

  /**
   * Runs one statement with named parameters bound by the engine ({@code {name:Type}} placeholders)
   * and returns its output in {@code format}. The statement may carry binary data (for example
   * {@code INSERT ... FORMAT RowBinary} followed by rows).
   *
   * @param parameterValues values in ClickHouse's escaped text form; see {@code
   *     io.mirador.store.clickhouse.QueryParameters}
   * @throws ChdbException with ClickHouse's message when the statement fails
   */
  public byte[] query(
      byte[] statement, String format, List<String> parameterNames, List<String> parameterValues) {
    requireNonNull(statement, "statement");
    requireNonNull(format, "format");
    if (parameterNames.size() != parameterValues.size()) {
      throw new IllegalArgumentException("parameter names and values differ in count");
    }
    statementLock.lock();
    try (Arena arena = Arena.ofConfined()) {
      if (closed) {
        throw new ChdbException("the embedded engine on " + path + " is closed");
      }
      MemorySegment sql = arena.allocate(statement.length + 1L);
      MemorySegment.copy(statement, 0, sql, ValueLayout.JAVA_BYTE, 0, statement.length);
      byte[] formatBytes = format.getBytes(StandardCharsets.US_ASCII);
      MemorySegment fmt = arena.allocateFrom(format);
      int n = parameterNames.size();
      MemorySegment names = arena.allocate(ValueLayout.ADDRESS, Math.max(1, n));
      MemorySegment nameLengths = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, n));
      MemorySegment values = arena.allocate(ValueLayout.ADDRESS, Math.max(1, n));
      MemorySegment valueLengths = arena.allocate(ValueLayout.JAVA_LONG, Math.max(1, n));
      for (int i = 0; i < n; i++) {
        byte[] name = parameterNames.get(i).getBytes(StandardCharsets.UTF_8);
        byte[] value = parameterValues.get(i).getBytes(StandardCharsets.UTF_8);
        names.setAtIndex(ValueLayout.ADDRESS, i, copy(arena, name));
        nameLengths.setAtIndex(ValueLayout.JAVA_LONG, i, name.length);
        values.setAtIndex(ValueLayout.ADDRESS, i, copy(arena, value));
        valueLengths.setAtIndex(ValueLayout.JAVA_LONG, i, value.length);
      }
      MemorySegment result =
          (MemorySegment)
              invoke(
                  () ->
                      lib.queryWithParamsN.invoke(
                          connection,
                          sql,
                          (long) statement.length,
                          fmt,
                          (long) formatBytes.length,
                          n == 0 ? MemorySegment.NULL : names,
                          n == 0 ? MemorySegment.NULL : nameLengths,
                          n == 0 ? MemorySegment.NULL : values,
                          n == 0 ? MemorySegment.NULL : valueLengths,
                          (long) n));
      if (result.equals(MemorySegment.NULL)) {
        throw new ChdbException("chdb returned no result (out of memory?)");
      }
      try {
        MemorySegment error = (MemorySegment) invoke(() -> lib.resultError.invoke(result));
        if (!error.equals(MemorySegment.NULL)) {
          String message = error.reinterpret(Integer.MAX_VALUE).getString(0);
          throw new ChdbException(ClickHouseErrors.summarize(message));
        }
        long length = (long) invoke(() -> lib.resultLength.invoke(result));
        if (length == 0) {
          return new byte[0];
        }
        if (length > Integer.MAX_VALUE - 8) {
          throw new ChdbException("result of " + length + " bytes exceeds the 2 GiB a read holds");
        }
        MemorySegment buffer = (MemorySegment) invoke(() -> lib.resultBuffer.invoke(result));
        return buffer.reinterpret(length).toArray(ValueLayout.JAVA_BYTE);
      } finally {
        invoke(() -> lib.destroyResult.invoke(result));
      }
    } finally {
      statementLock.unlock();
    }
  }

  /**
   * Starts an insert with chDB's streaming insert: {@code insertHead} is the statement without a
   * {@code FORMAT} clause ({@code INSERT INTO t (a, b)}), and the rows are appended as data, never
   * parsed as SQL. The engine consumes appended chunks while the caller encodes the next. The
   * connection runs nothing else until the insert is closed; it must be used by the thread that
   * opened it.
   *
   * @throws ChdbException with ClickHouse's message when the statement is refused
   */
  public Insert openInsert(String insertHead, String format) {
    requireNonNull(insertHead, "insertHead");
    requireNonNull(format, "format");
    statementLock.lock();
    Arena arena = Arena.ofConfined();
    try {
      if (closed) {
        throw new ChdbException("the embedded engine on " + path + " is closed");
      }
      byte[] head = insertHead.getBytes(StandardCharsets.UTF_8);
      byte[] fmt = format.getBytes(StandardCharsets.US_ASCII);
      MemorySegment stream =
          (MemorySegment)
              invoke(
                  () ->
                      lib.streamInsertN.invoke(
                          connection,
                          copy(arena, head),
                          (long) head.length,
                          copy(arena, fmt),
                          (long) fmt.length));
      Insert insert = new Insert(stream, arena);
      try {
        throwIfError((MemorySegment) invoke(() -> lib.streamInsertError.invoke(stream)));
      } catch (RuntimeException e) {
        insert.close();
        throw e;
      }
      return insert;
    } catch (RuntimeException e) {
      if (arena.scope().isAlive()) {
        arena.close();
        statementLock.unlock();
      }
      throw e;
    }
  }

  /** An open streaming insert; see {@link #openInsert}. */
  public final class Insert implements AutoCloseable {
    private final MemorySegment stream;
    private final Arena arena;
    private MemorySegment buffer = MemorySegment.NULL;
    private boolean open = true;

    private Insert(MemorySegment stream, Arena arena) {
      this.stream = stream;
      this.arena = arena;
    }

    /** Appends a chunk of encoded rows (copied by the engine). */
    public void append(byte[] rows, int offset, int length) {
      if (!open) {
        throw new ChdbException("insert already closed");
      }
      if (buffer.byteSize() < length) {
        buffer = arena.allocate(Math.max(length, buffer.byteSize() * 2));
      }
      MemorySegment.copy(rows, offset, buffer, ValueLayout.JAVA_BYTE, 0, length);
      MemorySegment data = buffer;
      int state = (int) invoke(() -> lib.streamAppend.invoke(stream, data, (long) length));
      if (state != 0) {
        throwIfError((MemorySegment) invoke(() -> lib.streamInsertError.invoke(stream)));
        throw new ChdbException("chdb_stream_append failed");
      }
    }

    /** Ends the input; the rows are stored when this returns. */
    public void finish() {
      MemorySegment result = (MemorySegment) invoke(() -> lib.streamDone.invoke(stream));
      if (result.equals(MemorySegment.NULL)) {
        throw new ChdbException("chdb_stream_done returned no result");
      }
      try {
        throwIfError((MemorySegment) invoke(() -> lib.resultError.invoke(result)));
      } finally {
        invoke(() -> lib.destroyResult.invoke(result));
      }
    }

    /** Releases the insert; one not finished is cancelled and stores nothing. */
    @Override
    public void close() {
      if (open) {
        open = false;
        try {
          invoke(() -> lib.destroyInsertStream.invoke(stream));
        } finally {
          arena.close();
          statementLock.unlock();
        }
      }
    }
  }

  private static void throwIfError(MemorySegment error) {
    if (!error.equals(MemorySegment.NULL)) {
      throw new ChdbException(
          ClickHouseErrors.summarize(error.reinterpret(Integer.MAX_VALUE).getString(0)));
    }
  }

  private static MemorySegment copy(Arena arena, byte[] bytes) {
    MemorySegment segment = arena.allocate(Math.max(1, bytes.length));
    MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
    return segment;
  }

  /** Runs a statement without parameters and returns its output as UTF-8 text. */
  public String query(String statement, String format) {
    return new String(
        query(statement.getBytes(StandardCharsets.UTF_8), format, List.of(), List.of()),
        StandardCharsets.UTF_8);
  }

  /**
   * Releases this handle. The connection closes when the last handle is released; the engine's
   * threads stop at JVM exit (a stopped engine cannot restart in the same process).
   */
  @Override
  public void close() {
    synchronized (PROCESS_LOCK) {
      if (current != this || --references > 0) {
        return;
      }
      closeConnection();
      current = null;
    }
  }

  private void closeConnection() {
    statementLock.lock();
    try {
      if (!closed) {
        closed = true;
        invoke(() -> lib.closeConn.invoke(connectionPointer));
        LOG.info("embedded ClickHouse on {} closed", path);
      }
    } finally {
      statementLock.unlock();
    }
  }

  private static void stopEngine() {
    synchronized (PROCESS_LOCK) {
      if (current != null) {
        current.closeConnection();
        current = null;
      }
      if (library != null && !engineStopped) {
        engineStopped = true;
        ChdbLibrary lib = library;
        // chdb_shutdown joins the engine's threads. With MergeTree tables the first call can
        // report a thread still busy (background merges); a later call retries. If it still
        // refuses, the process exits regardless, which the library documents as safe.
        int state = 1;
        for (int attempt = 0; attempt < 3 && state != 0; attempt++) {
          if (attempt > 0) {
            sleepQuietly(100);
          }
          state = (int) invoke(() -> lib.shutdown.invoke());
        }
        if (state != 0) {
          LOG.debug("chdb_shutdown left engine threads to process exit");
        }
      }
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @FunctionalInterface
  private interface NativeCall {
    Object call() throws Throwable;
  }

  private static Object invoke(NativeCall call) {
    try {
      return call.call();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new ChdbException("native call failed: " + t, t);
    }
  }
}
