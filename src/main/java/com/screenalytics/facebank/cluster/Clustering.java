package com.screenalytics.facebank.cluster;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.trr.SharedLimit;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a clustered Vert.x (CLUSTER_ENABLED=true): the Hazelcast cluster manager, the clustered
 * event bus bound to CLUSTER_HOST, and a metrics registry whose every meter carries the node's
 * name as the {@code node} tag. With clustering off none of this runs.
 */
public final class Clustering {

  private static final Logger LOG = LoggerFactory.getLogger(Clustering.class);

  /** A clustered Vert.x and this process as a node of its cluster. */
  public record Started(Vertx vertx, ClusterNode node) {
  }

  private Clustering() {
  }

  public static Future<Started> start(AppConfig config, VertxOptions options) {
    HazelcastClusterManager manager;
    try {
      manager = ClusterNode.manager(config);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    String name = HazelcastSettings.nodeName(config);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("node", name);
    options.getEventBusOptions().setHost(config.clusterHost()).setClusterPublicHost(config.clusterHost());
    LOG.info("Joining cluster {} as {} (members {})", config.clusterName(), name,
        config.clusterMembers().isEmpty() ? "none given" : config.clusterMembers());
    return Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry))
        .withClusterManager(manager).buildClustered()
        .map(vertx -> {
          ClusterNode node = ClusterNode.joined(config, manager);
          LOG.info("Node {} joined cluster {}: {} facebank node(s) {}", name, config.clusterName(),
              node.nodes().size(), node.nodes());
          return new Started(vertx, node);
        })
        .recover(e -> Future.failedFuture(new IllegalStateException("cannot join cluster " + config.clusterName()
            + " as " + name + ": " + e.getMessage(), e)));
  }

  /** The photos API limits, held for the whole cluster. */
  public static SharedLimit sharedLimit(Vertx vertx, ClusterNode node) {
    return new SharedPhotosLimit(vertx, node);
  }
}
