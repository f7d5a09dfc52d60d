package io.mirador.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The example ClickHouse cluster of {@code deploy/clickhouse}, read from its XML: the cluster of
 * {@code remote_servers}, the Keeper nodes the servers use, each data node's macros and each Keeper
 * node's Raft configuration.
 */
final class ClickHouseClusterFiles {
  static final Path DIR = DeployTree.module().resolve("clickhouse");

  record HostPort(String host, int port) {}

  record Shard(boolean internalReplication, List<HostPort> replicas) {}

  record Cluster(String name, boolean hasSecret, List<Shard> shards) {}

  record Keeper(int serverId, List<KeeperPeer> peers) {}

  record KeeperPeer(int id, String hostname, int port) {}

  private ClickHouseClusterFiles() {}

  static Document parse(Path file) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      // The files are ours, but a parser that resolves nothing external is the only kind to use.
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      DocumentBuilder builder = factory.newDocumentBuilder();
      Document document = builder.parse(file.toFile());
      if (!document.getDocumentElement().getTagName().equals("clickhouse")) {
        throw new AssertionError(file + ": the root element must be <clickhouse>");
      }
      return document;
    } catch (ParserConfigurationException | SAXException e) {
      throw new AssertionError(file + ": not well-formed XML: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path clusterFile() {
    return DIR.resolve("config.d/mirador-cluster.xml");
  }

  /** The clusters of remote_servers (the example defines exactly one). */
  static List<Cluster> clusters() {
    Element remoteServers = only(parse(clusterFile()).getDocumentElement(), "remote_servers");
    List<Cluster> clusters = new ArrayList<>();
    for (Element cluster : children(remoteServers)) {
      List<Shard> shards = new ArrayList<>();
      for (Element shard : children(cluster, "shard")) {
        List<HostPort> replicas = new ArrayList<>();
        for (Element replica : children(shard, "replica")) {
          replicas.add(hostPort(replica, "host"));
        }
        List<Element> internal = children(shard, "internal_replication");
        shards.add(
            new Shard(
                internal.size() == 1 && internal.get(0).getTextContent().strip().equals("true"),
                replicas));
      }
      clusters.add(
          new Cluster(cluster.getTagName(), !children(cluster, "secret").isEmpty(), shards));
    }
    return clusters;
  }

  /** The Keeper nodes the data nodes connect to (the {@code <zookeeper>} section). */
  static List<HostPort> keeperClients() {
    Element zookeeper = only(parse(clusterFile()).getDocumentElement(), "zookeeper");
    return children(zookeeper, "node").stream().map(n -> hostPort(n, "host")).toList();
  }

  /** Each data node's directory name to its macros (name to value). */
  static Map<String, Map<String, String>> macros() {
    Map<String, Map<String, String>> all = new TreeMap<>();
    for (Path dir : list(DIR.resolve("nodes"))) {
      Element macros = only(parse(dir.resolve("macros.xml")).getDocumentElement(), "macros");
      Map<String, String> values = new TreeMap<>();
      for (Element macro : children(macros)) {
        values.put(macro.getTagName(), macro.getTextContent().strip());
      }
      all.put(dir.getFileName().toString(), values);
    }
    return all;
  }

  static List<Path> keeperFiles() {
    return list(DIR.resolve("keeper"));
  }

  static Keeper keeper(Path file) {
    Element server = only(parse(file).getDocumentElement(), "keeper_server");
    int id = Integer.parseInt(only(server, "server_id").getTextContent().strip());
    List<KeeperPeer> peers = new ArrayList<>();
    for (Element peer : children(only(server, "raft_configuration"), "server")) {
      peers.add(
          new KeeperPeer(
              Integer.parseInt(only(peer, "id").getTextContent().strip()),
              only(peer, "hostname").getTextContent().strip(),
              Integer.parseInt(only(peer, "port").getTextContent().strip())));
    }
    int clientPort = Integer.parseInt(only(server, "tcp_port").getTextContent().strip());
    if (clientPort != 9181) {
      throw new AssertionError(file + ": tcp_port " + clientPort + ", the servers use 9181");
    }
    return new Keeper(id, peers);
  }

  private static HostPort hostPort(Element element, String hostTag) {
    return new HostPort(
        only(element, hostTag).getTextContent().strip(),
        Integer.parseInt(only(element, "port").getTextContent().strip()));
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Element only(Element parent, String tag) {
    List<Element> found = children(parent, tag);
    if (found.size() != 1) {
      throw new AssertionError(
          "<" + parent.getTagName() + "> must have one <" + tag + ">, has " + found.size());
    }
    return found.get(0);
  }

  static List<Element> children(Element parent, String tag) {
    return children(parent).stream().filter(e -> e.getTagName().equals(tag)).toList();
  }

  static List<Element> children(Element parent) {
    List<Element> elements = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        elements.add(e);
      }
    }
    return elements;
  }
}
