package io.mirador.store.chdb;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Method handles for the part of the chDB C API (chdb.h, v3 connection API) that the store uses.
 * The library is loaded once per process and never unloaded: the engine keeps global state.
 */
// Native access is this package's purpose; it is confined here.
@SuppressWarnings("restricted")
final class ChdbLibrary {

  private static final Linker LINKER = Linker.nativeLinker();

  final MethodHandle setSignalHandlersEnabled; // void (int)
  final MethodHandle connect; // chdb_connection* (int argc, char** argv)
  final MethodHandle closeConn; // void (chdb_connection*)
  final MethodHandle shutdown; // chdb_state (void)
  final MethodHandle
      queryWithParamsN; // chdb_result* (conn, q, qlen, fmt, flen, names, nlens, vals,
  // vlens, count)
  final MethodHandle resultBuffer; // char* (chdb_result*)
  final MethodHandle resultLength; // size_t (chdb_result*)
  final MethodHandle resultError; // const char* (chdb_result*)
  final MethodHandle resultRowsRead; // uint64_t (chdb_result*)
  final MethodHandle destroyResult; // void (chdb_result*)
  final MethodHandle streamInsertN; // chdb_insert_stream (conn, q, qlen, fmt, flen)
  final MethodHandle streamInsertError; // const char* (chdb_insert_stream)
  final MethodHandle streamAppend; // chdb_state (chdb_insert_stream, const void*, size_t)
  final MethodHandle streamDone; // chdb_result* (chdb_insert_stream)
  final MethodHandle destroyInsertStream; // void (chdb_insert_stream)

  private ChdbLibrary(SymbolLookup symbols) {
    setSignalHandlersEnabled =
        find(symbols, "chdb_set_signal_handlers_enabled", FunctionDescriptor.ofVoid(JAVA_INT));
    connect = find(symbols, "chdb_connect", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
    closeConn = find(symbols, "chdb_close_conn", FunctionDescriptor.ofVoid(ADDRESS));
    shutdown = find(symbols, "chdb_shutdown", FunctionDescriptor.of(JAVA_INT));
    queryWithParamsN =
        find(
            symbols,
            "chdb_query_with_params_n",
            FunctionDescriptor.of(
                ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS,
                ADDRESS, JAVA_LONG));
    resultBuffer = find(symbols, "chdb_result_buffer", FunctionDescriptor.of(ADDRESS, ADDRESS));
    resultLength = find(symbols, "chdb_result_length", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    resultError = find(symbols, "chdb_result_error", FunctionDescriptor.of(ADDRESS, ADDRESS));
    resultRowsRead =
        find(symbols, "chdb_result_rows_read", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    destroyResult = find(symbols, "chdb_destroy_query_result", FunctionDescriptor.ofVoid(ADDRESS));
    streamInsertN =
        find(
            symbols,
            "chdb_stream_insert_n",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
    streamInsertError =
        find(symbols, "chdb_stream_insert_error", FunctionDescriptor.of(ADDRESS, ADDRESS));
    streamAppend =
        find(
            symbols,
            "chdb_stream_append",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    streamDone = find(symbols, "chdb_stream_done", FunctionDescriptor.of(ADDRESS, ADDRESS));
    destroyInsertStream =
        find(symbols, "chdb_destroy_insert_stream", FunctionDescriptor.ofVoid(ADDRESS));
  }

  /**
   * Loads libchdb.so from {@code path}.
   *
   * @throws ChdbException when the file is missing, unreadable or not a chDB library of a version
   *     that has the v3 API with {@code chdb_shutdown}
   */
  static ChdbLibrary load(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new ChdbException(
          "libchdb.so not found at "
              + path
              + ": run ./mvnw initialize (or tools/fetch-chdb.sh) to fetch it, or set"
              + " -Dmirador.chdb.library / MIRADOR_CHDB_LIBRARY");
    }
    SymbolLookup symbols;
    try {
      symbols = SymbolLookup.libraryLookup(path, Arena.global());
    } catch (IllegalArgumentException e) {
      throw new ChdbException(
          "cannot load " + path + " as a shared library (corrupt download?): " + e.getMessage(), e);
    }
    return new ChdbLibrary(symbols);
  }

  private static MethodHandle find(SymbolLookup symbols, String name, FunctionDescriptor fd) {
    MemorySegment symbol =
        symbols
            .find(name)
            .orElseThrow(
                () ->
                    new ChdbException(
                        "libchdb.so has no symbol "
                            + name
                            + ": the library is not the chDB version this build pins"));
    return LINKER.downcallHandle(symbol, fd);
  }
}
