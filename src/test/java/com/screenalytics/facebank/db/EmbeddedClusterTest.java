package com.screenalytics.facebank.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.MainProcess;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The embedded default database, as an operator runs it: PostgreSQL's crash safety on (read back
 * with SHOW); a JVM killed with SIGKILL leaves its postmaster running, and the next start stops it,
 * says so in one line, and serves on the first try; a clean stop leaves no PostgreSQL behind.
 * Data directories live under target/.
 */
class EmbeddedClusterTest {

  private static final Duration START_LIMIT = Duration.ofSeconds(120);

  private static Path dataDir(String name) throws Exception {
    return Files.createDirectories(Path.of("target", "embedded-" + name + "-" + UUID.randomUUID()).toAbsolutePath());
  }

  @Test
  void theEmbeddedClusterKeepsFsyncSynchronousCommitAndFullPageWritesOn() throws Exception {
    Path dir = dataDir("durable");
    ProcessHandle postmaster;
    try (EmbeddedCluster cluster = EmbeddedCluster.start(dir)) {
      postmaster = LeftoverPostmaster.find(dir.resolve("postgres")).orElseThrow();
      try (Connection conn = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + cluster.port()
          + "/postgres", "postgres", "postgres")) {
        for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
          assertThat(show(conn, setting)).as(setting).isEqualTo("on");
        }
      }
    }
    assertThat(postmaster.isAlive()).as("a clean stop waits for the postmaster to exit").isFalse();
  }

  @Test
  void afterKill9OfTheJvmTheFirstRestartStopsTheLeftoverPostmasterAndServes() throws Exception {
    Path dir = dataDir("killed");
    Path pgData = dir.resolve("postgres");
    Map<String, String> env = Map.of(
        AppConfig.DATA_DIR, dir.toString(),
        AppConfig.HTTP_HOST, "127.0.0.1",
        AppConfig.HTTP_PORT, "0",
        AppConfig.ADMIN_SECRET, ServiceUnderTest.ADMIN_SECRET);

    ProcessHandle leftover;
    try (MainProcess first = MainProcess.start(env)) {
      int port = first.awaitListening(START_LIMIT);
      assertThat(get(port, "/shows")).isEqualTo(200);
      first.kill();
    }
    leftover = LeftoverPostmaster.find(pgData).orElse(null);
    assertThat(leftover).as("the killed JVM's PostgreSQL survives it (its own session)").isNotNull();

    try (MainProcess second = MainProcess.start(env)) {
      int port = second.awaitListening(START_LIMIT);
      assertThat(get(port, "/shows")).as("serves on the first restart").isEqualTo(200);
      assertThat(second.output()).filteredOn(line -> line.contains("left running on")).as(String.join("\n",
          second.output())).hasSize(1).allMatch(line -> line.contains("pid " + leftover.pid()));
      assertThat(leftover.isAlive()).isFalse();
      Optional<ProcessHandle> own = LeftoverPostmaster.find(pgData);
      assertThat(own).isPresent();
      second.close();
      assertThat(second.exitValue()).isNotNegative();
      assertThat(own.get().isAlive()).as("a clean stop leaves no PostgreSQL process behind").isFalse();
    }
    assertThat(Files.readString(pgData.resolve("postgresql.conf"), StandardCharsets.UTF_8)).isNotEmpty();
  }

  private static String show(Connection conn, String setting) throws Exception {
    try (Statement st = conn.createStatement(); ResultSet rows = st.executeQuery("SHOW " + setting)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static int get(int port, String path) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header(ServiceUnderTest.ADMIN_HEADER, ServiceUnderTest.ADMIN_SECRET).timeout(Duration.ofSeconds(20)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
  }
}
