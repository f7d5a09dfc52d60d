package io.mirador.store.chdb;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Points the process's standard input at {@code /dev/null} before the embedded engine starts.
 *
 * <p>chDB treats its host process's file descriptor 0 as external data for every {@code INSERT}
 * (chdb-core issue 239): with rows waiting on standard input, a plain insert stores them too and an
 * asynchronous one is refused; with an open pipe that stays silent, an insert blocks on the read
 * for ever. Neither the core nor the tools read standard input, so the engine gets an empty one.
 */
// Native access is this package's purpose; it is confined here.
@SuppressWarnings("restricted")
final class StandardInput {
  private static final int STDIN = 0;
  private static final int O_RDONLY = 0;
  private static final Path DEV_NULL = Path.of("/dev/null");

  private StandardInput() {}

  /**
   * Replaces file descriptor 0 with {@code /dev/null}.
   *
   * @return what standard input was before ({@code /proc/self/fd/0}'s target), or null when it
   *     already was {@code /dev/null}
   * @throws ChdbException when the descriptor cannot be replaced
   */
  static String detach() {
    String before = describe();
    if (DEV_NULL.toString().equals(before)) {
      return null;
    }
    Linker linker = Linker.nativeLinker();
    MethodHandle open =
        linker.downcallHandle(
            linker.defaultLookup().find("open").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    MethodHandle dup2 =
        linker.downcallHandle(
            linker.defaultLookup().find("dup2").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    MethodHandle close =
        linker.downcallHandle(
            linker.defaultLookup().find("close").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment path = arena.allocateFrom(DEV_NULL.toString());
      int fd = (int) open.invokeExact(path, O_RDONLY);
      if (fd < 0) {
        throw new ChdbException("cannot open /dev/null to detach standard input from the engine");
      }
      int result = fd == STDIN ? STDIN : (int) dup2.invokeExact(fd, STDIN);
      if (fd != STDIN) {
        int ignored = (int) close.invokeExact(fd);
      }
      if (result != STDIN) {
        throw new ChdbException("cannot point standard input at /dev/null for the engine");
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new ChdbException("native call failed: " + t, t);
    }
    return before;
  }

  private static String describe() {
    try {
      return Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return "unknown (" + e.getClass().getSimpleName() + ")";
    }
  }
}
