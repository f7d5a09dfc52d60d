package io.mirador.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Why the units do not set {@code MemoryDenyWriteExecute=yes}: with the kernel's W^X enforcement
 * (what that setting imposes) the JVM does not start, not even interpreted. If a future JVM does,
 * this test fails and the units should set it.
 */
final class MemoryDenyWriteExecuteIT {
  @Test
  void theJvmDoesNotStartWithWriteXorExecute() {
    StringBuilder why = new StringBuilder();
    Optional<Path> mdwe = NativeHelper.compile("mdwe", List.of(), why);
    assumeTrue(mdwe.isPresent(), why.toString());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ExternalTool.Result probe =
        ExternalTool.run(List.of(mdwe.get().toString(), "/bin/true"), Duration.ofSeconds(30));
    assumeTrue(
        probe.exitCode() == 0, "this kernel has no PR_SET_MDWE (Linux 6.3+): " + probe.stderr());

    for (List<String> options : List.of(List.of("-version"), List.of("-Xint", "-version"))) {
      List<String> command = new ArrayList<>(List.of(mdwe.get().toString(), java));
      command.addAll(options);
      ExternalTool.Result result = ExternalTool.run(command, Duration.ofMinutes(1));
      assertThat(result.exitCode()).as("java %s under W^X: %s", options, result.all()).isNotZero();
      assertThat(result.all()).contains("executable");
    }
  }
}
