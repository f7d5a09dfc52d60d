package io.mirador.installer.store;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The few chDB calls the installer needs, on a connection opened with extra engine settings (the
 * store's own binding opens with {@code --path} only, and BACKUP needs {@code
 * backups.allowed_path}). Used only by {@link StoreTool}, in a child process of its own: one engine
 * per process, and a crash there cannot take the installer down mid-upgrade.
 */
@SuppressWarnings("restricted")
final class Chdb implements AutoCloseable {
  private final MethodHandle query;
  private final MethodHandle resultError;
  private final MethodHandle resultBuffer;
  private final MethodHandle resultLength;
  private final MethodHandle destroyResult;
  private final MethodHandle closeConn;
  private final MethodHandle shutdown;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment connectionPointer;
  private final MemorySegment connection;

  Chdb(Path library, Path storePath, List<String> settings) throws Throwable {
    Linker linker = Linker.nativeLinker();
    SymbolLookup symbols = SymbolLookup.libraryLookup(library, Arena.global());
    MethodHandle signals =
        handle(
            linker,
            symbols,
            "chdb_set_signal_handlers_enabled",
            FunctionDescriptor.ofVoid(JAVA_INT));
    MethodHandle connect =
        handle(linker, symbols, "chdb_connect", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
    query =
        handle(
            linker,
            symbols,
            "chdb_query",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    resultError =
        handle(linker, symbols, "chdb_result_error", FunctionDescriptor.of(ADDRESS, ADDRESS));
    resultBuffer =
        handle(linker, symbols, "chdb_result_buffer", FunctionDescriptor.of(ADDRESS, ADDRESS));
    resultLength =
        handle(linker, symbols, "chdb_result_length", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    destroyResult =
        handle(linker, symbols, "chdb_destroy_query_result", FunctionDescriptor.ofVoid(ADDRESS));
    closeConn = handle(linker, symbols, "chdb_close_conn", FunctionDescriptor.ofVoid(ADDRESS));
    shutdown = handle(linker, symbols, "chdb_shutdown", FunctionDescriptor.of(JAVA_INT));
    signals.invoke(0);
    List<String> args = new ArrayList<>(List.of("mirador-installer", "--path=" + storePath));
    if (!settings.isEmpty()) {
      args.add("--");
      args.addAll(settings);
    }
    MemorySegment argv = arena.allocate(ADDRESS, args.size());
    for (int i = 0; i < args.size(); i++) {
      argv.setAtIndex(ADDRESS, i, arena.allocateFrom(args.get(i)));
    }
    MemorySegment conn = (MemorySegment) connect.invoke(args.size(), argv);
    if (conn.equals(MemorySegment.NULL)) {
      throw new IllegalStateException(
          "the engine could not open " + storePath + " (is the core still running on it?)");
    }
    connectionPointer = conn.reinterpret(ADDRESS.byteSize());
    connection = connectionPointer.get(ADDRESS, 0);
  }

  private static MethodHandle handle(
      Linker linker, SymbolLookup symbols, String name, FunctionDescriptor fd) {
    return linker.downcallHandle(
        symbols.find(name).orElseThrow(() -> new IllegalStateException("libchdb.so lacks " + name)),
        fd);
  }

  /** Runs one statement; ClickHouse's error becomes an exception with its message. */
  String query(String sql) throws Throwable {
    try (Arena call = Arena.ofConfined()) {
      MemorySegment result =
          (MemorySegment)
              query.invoke(connection, call.allocateFrom(sql), call.allocateFrom("TabSeparated"));
      if (result.equals(MemorySegment.NULL)) {
        throw new IllegalStateException("the engine returned no result");
      }
      try {
        MemorySegment error = (MemorySegment) resultError.invoke(result);
        if (!error.equals(MemorySegment.NULL)) {
          String message = error.reinterpret(65536).getString(0);
          throw new IllegalStateException(message.lines().findFirst().orElse(message));
        }
        long length = (long) resultLength.invoke(result);
        if (length == 0) {
          return "";
        }
        MemorySegment buffer = (MemorySegment) resultBuffer.invoke(result);
        return new String(buffer.reinterpret(length).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
      } finally {
        destroyResult.invoke(result);
      }
    }
  }

  @Override
  public void close() {
    try {
      closeConn.invoke(connectionPointer);
      shutdown.invoke();
    } catch (Throwable t) {
      throw new IllegalStateException("closing the engine failed: " + t.getMessage(), t);
    }
  }
}
