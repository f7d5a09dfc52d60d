package io.mirador.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mirador.core.config.CoreConfig;
import io.mirador.core.config.CoreConfigLoader;
import io.mirador.core.config.StorageTarget;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The example ClickHouse cluster (2 shards x 2 replicas, 3 Keeper nodes) against itself and against
 * what the store and the core expect of a cluster: the cluster name, the macros of the
 * ReplicatedMergeTree paths, the database and user.
 */
final class ClickHouseClusterConfigTest {
  private static final String DOMAIN = ".mirador.internal";
  private static final Pattern MACRO = Pattern.compile("\\{([a-z_]+)\\}");

  /** The core's storage target in the Kubernetes cluster overlay, through the core's own loader. */
  static StorageTarget.Server coreTarget() throws Exception {
    Path file = DeployTree.module().resolve("kubernetes/overlays/cluster/mirador-core.yaml");
    CoreConfig config =
        CoreConfigLoader.parse(DeployTree.read(file), file.toString(), file.getParent());
    assertThat(config.storage()).isInstanceOf(StorageTarget.Server.class);
    return (StorageTarget.Server) config.storage();
  }

  @Test
  void twoShardsOfTwoReplicasReplicatingThemselves() {
    List<ClickHouseClusterFiles.Cluster> clusters = ClickHouseClusterFiles.clusters();
    assertThat(clusters).hasSize(1);
    ClickHouseClusterFiles.Cluster cluster = clusters.get(0);
    assertThat(cluster.shards()).hasSize(2);
    Set<String> hosts = new HashSet<>();
    for (ClickHouseClusterFiles.Shard shard : cluster.shards()) {
      assertThat(shard.replicas()).hasSize(2);
      // With ReplicatedMergeTree the Distributed table must write one replica and let
      // replication copy it; false would store every row twice.
      assertThat(shard.internalReplication()).isTrue();
      shard
          .replicas()
          .forEach(r -> assertThat(hosts.add(r.host())).as("host %s once", r.host()).isTrue());
    }
    assertThat(cluster.hasSecret()).as("inter-server secret").isTrue();
  }

  @Test
  void theClusterIsTheOneTheCoreIsConfiguredFor() throws Exception {
    StorageTarget.Server target = coreTarget();
    assertThat(target.cluster()).contains(ClickHouseClusterFiles.clusters().get(0).name());
    // The macros name it too (ON CLUSTER '{cluster}' in hand-written DDL).
    ClickHouseClusterFiles.macros()
        .values()
        .forEach(m -> assertThat(m).containsEntry("cluster", target.cluster().orElseThrow()));
  }

  @Test
  void everyNodeDefinesTheMacrosTheStoresTablesUse() {
    Set<String> used = new TreeSet<>();
    for (String file : List.of("Table.java", "Migrations.java")) {
      String source =
          DeployTree.read(
              DeployTree.repository()
                  .resolve("mirador-core/store/src/main/java/io/mirador/store/clickhouse/" + file));
      Matcher m = MACRO.matcher(source.substring(source.indexOf("ReplicatedMergeTree('")));
      while (m.find() && m.start() < 200) {
        used.add(m.group(1));
      }
    }
    assertThat(used).containsExactlyInAnyOrder("shard", "replica");
    Map<String, Map<String, String>> macros = ClickHouseClusterFiles.macros();
    assertThat(macros).hasSize(4);
    macros.forEach((node, values) -> assertThat(values.keySet()).as(node).containsAll(used));
    // Replica names are unique within a shard, or two nodes would claim one replica in Keeper.
    Set<String> shardReplica = new HashSet<>();
    macros
        .values()
        .forEach(
            v -> assertThat(shardReplica.add(v.get("shard") + "/" + v.get("replica"))).isTrue());
  }

  @Test
  void eachNodesMacrosMatchItsPlaceInRemoteServers() {
    List<ClickHouseClusterFiles.Shard> shards = ClickHouseClusterFiles.clusters().get(0).shards();
    Map<String, Map<String, String>> macros = ClickHouseClusterFiles.macros();
    for (int s = 0; s < shards.size(); s++) {
      for (ClickHouseClusterFiles.HostPort replica : shards.get(s).replicas()) {
        assertThat(replica.host()).endsWith(DOMAIN);
        String node = replica.host().substring(0, replica.host().length() - DOMAIN.length());
        assertThat(macros).as("nodes/%s/macros.xml", node).containsKey(node);
        assertThat(Integer.parseInt(macros.get(node).get("shard"))).as(node).isEqualTo(s + 1);
        assertThat(macros.get(node).get("replica")).isEqualTo(node);
      }
    }
  }

  @Test
  void threeKeepersInOneQuorumThatTheServersUse() {
    List<ClickHouseClusterFiles.HostPort> clients = ClickHouseClusterFiles.keeperClients();
    assertThat(clients).hasSize(3);
    Set<String> clientHosts =
        clients.stream().map(ClickHouseClusterFiles.HostPort::host).collect(Collectors.toSet());
    assertThat(clientHosts).hasSize(3);
    clients.forEach(c -> assertThat(c.port()).isEqualTo(9181));

    List<Path> files = ClickHouseClusterFiles.keeperFiles();
    assertThat(files).hasSize(3);
    Set<Integer> ids = new TreeSet<>();
    Set<ClickHouseClusterFiles.KeeperPeer> firstPeers = null;
    for (Path file : files) {
      ClickHouseClusterFiles.Keeper keeper = ClickHouseClusterFiles.keeper(file);
      ids.add(keeper.serverId());
      Set<ClickHouseClusterFiles.KeeperPeer> peers = new HashSet<>(keeper.peers());
      assertThat(peers).hasSize(3);
      if (firstPeers == null) {
        firstPeers = peers;
      }
      assertThat(peers)
          .as("%s has the same Raft configuration as the others", file)
          .isEqualTo(firstPeers);
      assertThat(peers.stream().map(ClickHouseClusterFiles.KeeperPeer::id))
          .contains(keeper.serverId());
      assertThat(
              peers.stream()
                  .map(ClickHouseClusterFiles.KeeperPeer::hostname)
                  .collect(Collectors.toSet()))
          .isEqualTo(clientHosts);
    }
    assertThat(ids).containsExactly(1, 2, 3);
  }

  @Test
  void theCoresUserMayUseItsDatabaseAndNoSecretIsCommitted() throws Exception {
    StorageTarget.Server target = coreTarget();
    Element users =
        ClickHouseClusterFiles.only(
            ClickHouseClusterFiles.parse(ClickHouseClusterFiles.DIR.resolve("users.d/mirador.xml"))
                .getDocumentElement(),
            "users");
    Element user = ClickHouseClusterFiles.only(users, target.user());
    Element password = ClickHouseClusterFiles.only(user, "password_sha256_hex");
    assertThat(password.getTextContent()).isBlank();
    assertThat(password.getAttribute("from_env")).isNotBlank();
    List<String> grants =
        ClickHouseClusterFiles.children(ClickHouseClusterFiles.only(user, "grants"), "query")
            .stream()
            .map(e -> e.getTextContent().strip())
            .toList();
    assertThat(grants).contains("GRANT ALL ON " + target.database() + ".*", "GRANT CLUSTER ON *.*");
    assertThat(target.passwordEnv()).isPresent();

    Element secret =
        ClickHouseClusterFiles.only(
            ClickHouseClusterFiles.only(
                ClickHouseClusterFiles.only(
                    ClickHouseClusterFiles.parse(ClickHouseClusterFiles.clusterFile())
                        .getDocumentElement(),
                    "remote_servers"),
                target.cluster().orElseThrow()),
            "secret");
    assertThat(secret.getTextContent()).isBlank();
    assertThat(secret.getAttribute("from_env")).isNotBlank();
  }
}
