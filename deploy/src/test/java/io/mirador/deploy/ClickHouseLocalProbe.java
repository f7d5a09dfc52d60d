package io.mirador.deploy;

import static java.lang.foreign.ValueLayout.ADDRESS;
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

/**
 * Loads a ClickHouse server configuration into the real engine (chDB, which is clickhouse-local as
 * a library) and prints what the engine made of it. Run as its own process, once per configuration:
 * the engine keeps global state and opens one configuration per process.
 *
 * <p>Arguments: the library, a scratch data directory, the configuration file, then queries. Each
 * query's result is printed as TabSeparated followed by a line {@code --end--}; an error exits 3.
 */
final class ClickHouseLocalProbe {
  static final String END = "--end--";

  private ClickHouseLocalProbe() {}

  @SuppressWarnings("restricted")
  public static void main(String[] args) throws Throwable {
    Linker linker = Linker.nativeLinker();
    SymbolLookup lib = SymbolLookup.libraryLookup(Path.of(args[0]), Arena.global());
    MethodHandle signals =
        handle(
            linker, lib, "chdb_set_signal_handlers_enabled", FunctionDescriptor.ofVoid(JAVA_INT));
    MethodHandle connect =
        handle(linker, lib, "chdb_connect", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
    MethodHandle query =
        handle(
            linker, lib, "chdb_query", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    MethodHandle buffer =
        handle(linker, lib, "chdb_result_buffer", FunctionDescriptor.of(ADDRESS, ADDRESS));
    MethodHandle length =
        handle(linker, lib, "chdb_result_length", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    MethodHandle error =
        handle(linker, lib, "chdb_result_error", FunctionDescriptor.of(ADDRESS, ADDRESS));
    MethodHandle destroy =
        handle(linker, lib, "chdb_destroy_query_result", FunctionDescriptor.ofVoid(ADDRESS));
    MethodHandle close = handle(linker, lib, "chdb_close_conn", FunctionDescriptor.ofVoid(ADDRESS));
    MethodHandle shutdown = handle(linker, lib, "chdb_shutdown", FunctionDescriptor.of(JAVA_INT));

    signals.invoke(0);
    try (Arena arena = Arena.ofConfined()) {
      String[] argv = {"mirador-probe", "--path=" + args[1], "--config-file=" + args[2]};
      MemorySegment argvSegment = arena.allocate(ADDRESS, argv.length);
      for (int i = 0; i < argv.length; i++) {
        argvSegment.setAtIndex(ADDRESS, i, arena.allocateFrom(argv[i]));
      }
      MemorySegment connection = (MemorySegment) connect.invoke(argv.length, argvSegment);
      if (connection.equals(MemorySegment.NULL)) {
        System.err.println("the engine refused the configuration (chdb_connect failed)");
        System.exit(3);
      }
      MemorySegment conn = connection.reinterpret(ADDRESS.byteSize()).get(ADDRESS, 0);
      int status = 0;
      for (int q = 3; q < args.length && status == 0; q++) {
        MemorySegment result =
            (MemorySegment)
                query.invoke(conn, arena.allocateFrom(args[q]), arena.allocateFrom("TabSeparated"));
        MemorySegment message = (MemorySegment) error.invoke(result);
        if (!message.equals(MemorySegment.NULL)) {
          System.err.println(message.reinterpret(Integer.MAX_VALUE).getString(0));
          status = 3;
        } else {
          long n = (long) length.invoke(result);
          MemorySegment data = ((MemorySegment) buffer.invoke(result)).reinterpret(n);
          System.out.print(
              new String(
                  data.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8));
          System.out.println(END);
        }
        destroy.invoke(result);
      }
      close.invoke(connection);
      shutdown.invoke();
      System.out.flush();
      System.exit(status);
    }
  }

  private static MethodHandle handle(
      Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd) {
    return linker.downcallHandle(
        lib.find(name).orElseThrow(() -> new IllegalStateException("libchdb.so has no " + name)),
        fd);
  }
}
