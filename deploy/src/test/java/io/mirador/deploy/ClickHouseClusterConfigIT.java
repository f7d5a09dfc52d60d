package io.mirador.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example cluster configuration as the ClickHouse engine itself reads it: each data node's
 * configuration (the shared config.d file plus its macros) is loaded into chDB (clickhouse-local,
 * ClickHouse 26.x), which must report the cluster with its four replicas and the node's macros.
 * Keeper's own files and the users file cannot be loaded this way (no Keeper, no server here).
 */
final class ClickHouseClusterConfigIT {
  @TempDir Path tmp;

  static List<String> nodes() {
    return List.copyOf(ClickHouseClusterFiles.macros().keySet());
  }

  @ParameterizedTest
  @MethodSource("nodes")
  void theEngineLoadsEachNodesConfiguration(String node) throws IOException {
    String library = System.getProperty("mirador.chdb.library", "");
    assumeTrue(
        !library.isBlank() && Files.isRegularFile(Path.of(library)),
        "no libchdb.so (-Dmirador.chdb.library): configuration not loaded into the engine");
    Path config = tmp.resolve("config");
    Files.createDirectories(config.resolve("config.d"));
    Files.writeString(config.resolve("config.xml"), "<clickhouse></clickhouse>\n");
    Files.copy(
        ClickHouseClusterFiles.clusterFile(), config.resolve("config.d/mirador-cluster.xml"));
    Files.copy(
        ClickHouseClusterFiles.DIR.resolve("nodes/" + node + "/macros.xml"),
        config.resolve("config.d/macros.xml"));

    String cluster = ClickHouseClusterFiles.clusters().get(0).name();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                DeployTree.module().resolve("target/test-classes").toString(),
                ClickHouseLocalProbe.class.getName(),
                library,
                tmp.resolve("data").toString(),
                config.resolve("config.xml").toString(),
                "SELECT shard_num, replica_num, host_name, port FROM system.clusters WHERE cluster = '"
                    + cluster
                    + "' ORDER BY shard_num, replica_num",
                "SELECT macro, substitution FROM system.macros ORDER BY macro"));
    ExternalTool.Result result =
        ExternalTool.run(
            command,
            // from_env in the file: the engine needs the variable set, never a real secret here.
            Map.of("MIRADOR_CLICKHOUSE_CLUSTER_SECRET", "test-only-" + System.nanoTime()),
            Duration.ofMinutes(2));
    assertThat(result.exitCode()).as(result.all()).isZero();
    String[] answers = result.stdout().split(ClickHouseLocalProbe.END + "\n", -1);

    List<String> expectedReplicas = new ArrayList<>();
    List<ClickHouseClusterFiles.Shard> shards = ClickHouseClusterFiles.clusters().get(0).shards();
    for (int s = 0; s < shards.size(); s++) {
      for (int r = 0; r < shards.get(s).replicas().size(); r++) {
        ClickHouseClusterFiles.HostPort replica = shards.get(s).replicas().get(r);
        expectedReplicas.add(
            (s + 1) + "\t" + (r + 1) + "\t" + replica.host() + "\t" + replica.port());
      }
    }
    assertThat(lines(answers[0])).containsExactlyElementsOf(expectedReplicas).hasSize(4);

    Map<String, String> macros = new TreeMap<>();
    for (String line : lines(answers[1])) {
      String[] kv = line.split("\t");
      macros.put(kv[0], kv[1]);
    }
    assertThat(macros).isEqualTo(ClickHouseClusterFiles.macros().get(node));
  }

  private static List<String> lines(String text) {
    return Arrays.stream(text.split("\n")).filter(l -> !l.isBlank()).toList();
  }
}
