package io.mirador.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The small C helpers of {@code src/test/c}, compiled into {@code target/native} when a C compiler
 * (and, for the seccomp helper, libseccomp's header) is installed.
 */
final class NativeHelper {
  private NativeHelper() {}

  /**
   * Compiles {@code src/test/c/<name>.c}; empty, with the reason in {@code why}, when it cannot.
   */
  static Optional<Path> compile(String name, List<String> libraries, StringBuilder why) {
    Optional<Path> cc = ExternalTool.find("cc").or(() -> ExternalTool.find("gcc"));
    if (cc.isEmpty()) {
      why.append("no C compiler (cc)");
      return Optional.empty();
    }
    Path source = DeployTree.module().resolve("src/test/c/" + name + ".c");
    Path binary = DeployTree.module().resolve("target/native/" + name);
    try {
      Files.createDirectories(binary.getParent());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<String> command =
        new ArrayList<>(
            List.of(cc.get().toString(), "-O2", "-o", binary.toString(), source.toString()));
    libraries.forEach(l -> command.add("-l" + l));
    ExternalTool.Result result = ExternalTool.run(command, Duration.ofMinutes(1));
    if (result.exitCode() != 0) {
      why.append("cannot compile ").append(name).append(".c: ").append(result.stderr().strip());
      return Optional.empty();
    }
    return Optional.of(binary);
  }
}
