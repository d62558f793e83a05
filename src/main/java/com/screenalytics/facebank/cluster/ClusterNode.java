package com.screenalytics.facebank.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.screenalytics.facebank.config.AppConfig;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * This process as a node of the cluster: its name (CLUSTER_HOST:CLUSTER_PORT), the facebank
 * nodes the cluster holds now (members that are not facebank nodes, e.g. a sibling verticle's
 * JVM, are not counted), which of them is the oldest (the one that sweeps up after a node that
 * left), and who hears when a node leaves.
 */
public final class ClusterNode {

  private final String name;
  private final HazelcastClusterManager manager;
  private final List<Runnable> onLeft = new CopyOnWriteArrayList<>();

  private ClusterNode(String name, HazelcastClusterManager manager) {
    this.name = name;
    this.manager = manager;
  }

  /** The cluster manager a clustered Vert.x is built with; {@link #joined} once it is built. */
  public static HazelcastClusterManager manager(AppConfig config) {
    return new HazelcastClusterManager(HazelcastSettings.build(config, HazelcastSettings.CLUSTER_XML));
  }

  public static ClusterNode joined(AppConfig config, HazelcastClusterManager manager) {
    ClusterNode node = new ClusterNode(HazelcastSettings.nodeName(config), manager);
    // Hazelcast's own listener: the cluster manager's single NodeListener belongs to Vert.x (its
    // event bus forgets the departed node's consumers through it).
    manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        node.onLeft.forEach(Runnable::run);
      }
    });
    return node;
  }

  public String name() {
    return name;
  }

  /** Called (on a Hazelcast thread) each time a member leaves the cluster. */
  public void onMemberLeft(Runnable action) {
    onLeft.add(action);
  }

  /** The facebank nodes of the cluster now, oldest first (this one included). */
  public List<String> nodes() {
    HazelcastInstance hazelcast = manager.getHazelcastInstance();
    if (hazelcast == null || !hazelcast.getLifecycleService().isRunning()) {
      return List.of(name);
    }
    return hazelcast.getCluster().getMembers().stream()
        .map(member -> member.getAttribute(HazelcastSettings.NODE_ATTRIBUTE))
        .filter(Objects::nonNull)
        .toList();
  }

  /** Every member Hazelcast sees, facebank nodes or not. */
  public int members() {
    HazelcastInstance hazelcast = manager.getHazelcastInstance();
    return hazelcast == null ? 1 : hazelcast.getCluster().getMembers().size();
  }

  /** Whether this node is the oldest facebank node: the one that sweeps up after nodes that left. */
  public boolean oldest() {
    List<String> nodes = nodes();
    return nodes.isEmpty() || nodes.get(0).equals(name);
  }
}
