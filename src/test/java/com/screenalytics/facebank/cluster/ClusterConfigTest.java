package com.screenalytics.facebank.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's keys, their defaults and ranges; the Hazelcast configuration they make (TCP-IP
 * only, phone-home off), conf/cluster.xml replacing it; and, with clustering off (the default),
 * a service exactly as before: no Hazelcast, no cluster in /ready, no node tag on /metrics.
 */
@ExtendWith(ServiceExtension.class)
class ClusterConfigTest {

  private static AppConfig config(JsonObject json) {
    return new AppConfig(json);
  }

  @Test
  void theDefaultsAreOneProcessAloneAndAClusterOnTheLoopback() {
    AppConfig defaults = config(new JsonObject());
    assertThat(defaults.clusterEnabled()).isFalse();
    assertThat(defaults.clusterName()).isEqualTo("facebank-sync");
    assertThat(defaults.clusterHost()).isEqualTo("127.0.0.1");
    assertThat(defaults.clusterPort()).isEqualTo(5701);
    assertThat(defaults.clusterMembers()).isEmpty();
    assertThat(defaults.clusterRunOrphanS()).isEqualTo(30);
    assertThat(defaults.syncShowsConcurrency()).isEqualTo(2);
    assertThat(config(new JsonObject().put(AppConfig.CLUSTER_ENABLED, "TRUE")).clusterEnabled()).isTrue();
    assertThat(config(new JsonObject().put(AppConfig.CLUSTER_MEMBERS, "10.0.0.5, 10.0.0.6:5702 node-7.internal"))
        .clusterMembers()).containsExactly("10.0.0.5", "10.0.0.6:5702", "node-7.internal");
  }

  @Test
  void aValueOutOfItsRangeStopsStartUpNamingTheKey() {
    record Bad(String key, String value) {
    }
    for (Bad bad : new Bad[] {new Bad(AppConfig.CLUSTER_ENABLED, "yes"), new Bad(AppConfig.CLUSTER_PORT, "0"),
        new Bad(AppConfig.CLUSTER_PORT, "70000"), new Bad(AppConfig.CLUSTER_MEMBERS, "10.0.0.5:5701-5720"),
        new Bad(AppConfig.CLUSTER_MEMBERS, "http://10.0.0.5"), new Bad(AppConfig.CLUSTER_RUN_ORPHAN_S, "1"),
        new Bad(AppConfig.SYNC_SHOWS_CONCURRENCY, "0"), new Bad(AppConfig.SYNC_SHOWS_CONCURRENCY, "two")}) {
      assertThatThrownBy(() -> config(new JsonObject().put(bad.key(), bad.value())).validate())
          .as(bad.key() + "=" + bad.value())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad.key());
    }
  }

  @Test
  void theGeneratedConfigurationJoinsByTcpIpOnlyAndNeverPhonesHome(@TempDir Path dir) {
    AppConfig node = config(new JsonObject().put(AppConfig.CLUSTER_NAME, "screenalytics")
        .put(AppConfig.CLUSTER_HOST, "10.1.2.3").put(AppConfig.CLUSTER_PORT, "5710")
        .put(AppConfig.CLUSTER_MEMBERS, "10.1.2.3:5710,10.1.2.4:5710").put(AppConfig.CLUSTER_RUN_ORPHAN_S, "30"));
    Config hazelcast = HazelcastSettings.build(node, dir.resolve("absent.xml"));

    assertThat(hazelcast.getClusterName()).isEqualTo("screenalytics");
    assertThat(hazelcast.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(hazelcast.getNetworkConfig().getPort()).isEqualTo(5710);
    assertThat(hazelcast.getNetworkConfig().isPortAutoIncrement()).isFalse();
    assertThat(hazelcast.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.1.2.3");
    JoinConfig join = hazelcast.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.1.2.3:5710", "10.1.2.4:5710");
    // A silent member is dropped within half the orphan bound, so its runs are swept within it.
    assertThat(hazelcast.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("15");
    assertThat(hazelcast.getMemberAttributeConfig().getAttribute(HazelcastSettings.NODE_ATTRIBUTE))
        .isEqualTo("10.1.2.3:5710");
    // Vert.x's own maps keep their settings (the event bus's subscriptions).
    assertThat(hazelcast.getMultiMapConfigs()).containsKey("__vertx.subs");
  }

  @Test
  void confClusterXmlReplacesTheGeneratedConfiguration(@TempDir Path dir) throws Exception {
    Path xml = dir.resolve("cluster.xml");
    Files.writeString(xml, """
        <hazelcast xmlns="http://www.hazelcast.com/schema/config">
          <cluster-name>from-the-file</cluster-name>
          <network>
            <port auto-increment="false">5799</port>
            <join><multicast enabled="false"/><tcp-ip enabled="true"><member>10.9.9.9</member></tcp-ip></join>
          </network>
        </hazelcast>
        """);
    AppConfig node = config(new JsonObject().put(AppConfig.CLUSTER_NAME, "ignored").put(AppConfig.CLUSTER_PORT, "5701"));
    Config hazelcast = HazelcastSettings.build(node, xml);
    assertThat(hazelcast.getClusterName()).isEqualTo("from-the-file");
    assertThat(hazelcast.getNetworkConfig().getPort()).isEqualTo(5799);
    assertThat(hazelcast.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("10.9.9.9");
    assertThat(hazelcast.getMemberAttributeConfig().getAttribute(HazelcastSettings.NODE_ATTRIBUTE)).isNotNull();

    Files.writeString(xml, "<hazelcast><network><port>not a port");
    assertThatThrownBy(() -> HazelcastSettings.build(node, xml)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot read " + xml);
  }

  @Test
  void withClusteringOffNothingOfTheClusterRuns(ServiceUnderTest service) {
    assertThat(service.app().vertx().isClustered()).isFalse();
    assertThat(Hazelcast.getAllHazelcastInstances()).isEmpty();
    JsonObject ready = service.get("/ready").bodyAsJsonObject();
    assertThat(ready.getJsonObject("checks").fieldNames()).containsExactlyInAnyOrder("database", "trr_database");
    assertThat(service.get("/metrics").bodyAsString()).doesNotContain("node=\"");
    // A run records no node.
    service.seededShow("ALONE", 1);
    String runId = service.syncOk("ALONE").getString("run_id");
    assertThat(service.db.query("SELECT node FROM sync_run WHERE run_id = ?::uuid", runId).get(0).get("node")).isNull();
  }
}
