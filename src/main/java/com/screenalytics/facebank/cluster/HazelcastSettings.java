package com.screenalytics.facebank.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.screenalytics.facebank.config.AppConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Hazelcast configuration of a node: Vert.x's own (its event-bus maps) with our cluster name,
 * interface, port and members (TCP-IP join; multicast and cloud auto-detection off, so a node
 * never joins a stranger on the network), phone-home off, and heartbeats short enough that a
 * node killed mid-run is noticed well within CLUSTER_RUN_ORPHAN_S. A {@code conf/cluster.xml}
 * replaces all of that; only the member attribute naming the node is added to it.
 */
public final class HazelcastSettings {

  /** Where an operator's own Hazelcast configuration replaces the generated one. */
  public static final Path CLUSTER_XML = Path.of("conf", "cluster.xml");

  /** Member attribute carried by facebank nodes (not by other members, e.g. a sibling verticle's JVM). */
  static final String NODE_ATTRIBUTE = "facebank.node";

  private HazelcastSettings() {
  }

  /** The node's name: how runs and batch shows record who runs them, and the metrics' node tag. */
  public static String nodeName(AppConfig config) {
    return config.clusterHost() + ":" + config.clusterPort();
  }

  public static Config build(AppConfig config, Path xml) {
    Config hazelcast = Files.isRegularFile(xml) ? fromFile(xml) : generated(config);
    hazelcast.getMemberAttributeConfig().setAttribute(NODE_ATTRIBUTE, nodeName(config));
    return hazelcast;
  }

  private static Config fromFile(Path xml) {
    try {
      return new FileSystemXmlConfig(xml.toFile());
    } catch (FileNotFoundException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read " + xml + ": " + e.getMessage(), e);
    }
  }

  static Config generated(AppConfig config) {
    Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName(config.clusterName());
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    hazelcast.setProperty("hazelcast.logging.type", "slf4j");
    // Bind and announce only CLUSTER_HOST, never another interface the machine has.
    hazelcast.setProperty("hazelcast.local.localAddress", config.clusterHost());
    hazelcast.setProperty("hazelcast.socket.bind.any", "false");
    // A member that stops answering is taken out after half the orphan bound (at least 5 s), so its
    // runs are marked interrupted within CLUSTER_RUN_ORPHAN_S; a member whose process died is
    // usually gone at once (its connections close).
    int noHeartbeatS = Math.max(5, Math.min(60, config.clusterRunOrphanS() / 2));
    hazelcast.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    hazelcast.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(noHeartbeatS));
    NetworkConfig network = hazelcast.getNetworkConfig();
    network.setPort(config.clusterPort()).setPortAutoIncrement(false);
    network.setPublicAddress(config.clusterHost() + ":" + config.clusterPort());
    if (config.clusterHost().matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      network.getInterfaces().setEnabled(true).addInterface(config.clusterHost());
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    config.clusterMembers().forEach(member -> join.getTcpIpConfig().addMember(member));
    if (config.clusterMembers().isEmpty()) {
      join.getTcpIpConfig().addMember(config.clusterHost() + ":" + config.clusterPort());
    }
    return hazelcast;
  }
}
