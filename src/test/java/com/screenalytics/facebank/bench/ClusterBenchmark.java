package com.screenalytics.facebank.bench;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.EventStreamClient;
import com.screenalytics.facebank.testsupport.MainProcess;
import com.screenalytics.facebank.testsupport.PhotosServer;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import com.screenalytics.facebank.testsupport.TestDatabases;
import com.screenalytics.facebank.testsupport.TestDatabases.TestDb;
import com.screenalytics.facebank.testsupport.TrrFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A batch of S shows ("sync every linked show") on one clustered node and on two, each a JVM of
 * its own (-Xmx512m) on one database, the photos API a local server answering after L ms: wall
 * time, rows written per second, upstream requests per second, and each node's peak heap (the
 * most heap in use at one of the /metrics samples taken every 250 ms, garbage included) and its
 * peak old generation (what survived young collections: the live data and not-yet-collected old garbage). The catalogue is
 * Catalogue's mix, P people per show. Prints one table row per run.
 *
 * <pre>-Dbench.clusterShows=200 -Dbench.clusterPeople=10 -Dbench.clusterLatencyMs=50</pre>
 */
public final class ClusterBenchmark {

  private static final Pattern LIVE = Pattern.compile(
      "^jvm_memory_used_bytes\\{area=\"heap\",id=\"G1 Old Gen\"[^}]*}() ([0-9.Ee+]+)", Pattern.MULTILINE);
  private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.Ee+]+)",
      Pattern.MULTILINE);

  private ClusterBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int shows = Integer.getInteger("bench.clusterShows", 200);
    int people = Integer.getInteger("bench.clusterPeople", 10);
    int latencyMs = Integer.getInteger("bench.clusterLatencyMs", 50);
    int maxInFlight = Integer.getInteger("bench.clusterMaxInFlight", 16);
    int rate = Integer.getInteger("bench.clusterRate", 100);
    if (shows <= 0) {
      return;
    }
    Vertx vertx = Vertx.vertx();
    WebClient client = WebClient.create(vertx);
    TestDb trrDb = TestDatabases.create("bench_trr");
    TrrFixture trr = TrrFixture.create(trrDb);
    List<UUID> trrShows = new ArrayList<>();
    for (int i = 1; i <= shows; i++) {
      trrShows.add(Catalogue.build(trr, "S" + i, people));
    }
    PhotosServer photos = PhotosServer.start(vertx, trrDb, ServiceUnderTest.SERVICE_TOKEN).await();
    photos.stopRecording(); // the count is enough; 3,000 call records are not kept
    photos.delayAll(latencyMs);
    System.out.printf(Locale.ROOT, "cluster benchmark: %d shows x %d people, photos latency %d ms, "
        + "PHOTOS_MAX_IN_FLIGHT %d (the cluster's), SYNC_SHOWS_CONCURRENCY 2 per node%n", shows, people, latencyMs,
        maxInFlight);
    System.out.println("| nodes | rate limit | shows | people | photos calls | rows | wall s | rows/s | upstream req/s | "
        + "peak heap MiB per node (old generation) | status |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    try {
      for (int nodes : new int[] {1, 2}) {
        run(vertx, client, trrDb, trrShows, photos, nodes, maxInFlight, 0);
      }
      if (rate > 0) {
        // The cluster's rate limit: two nodes together start at most `rate` requests a second.
        run(vertx, client, trrDb, trrShows, photos, 2, maxInFlight, rate);
      }
    } finally {
      client.close();
      photos.close().await();
      vertx.close().await();
      TestDatabases.drop(trrDb);
    }
    System.exit(0);
  }

  private static void run(Vertx vertx, WebClient client, TestDb trrDb, List<UUID> trrShows, PhotosServer photos,
                          int count, int maxInFlight, int rate) throws Exception {
    TestDb db = TestDatabases.create("bench_cluster");
    String cluster = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ports.add(freePort());
    }
    String members = String.join(",", ports.stream().map(port -> "127.0.0.1:" + port).toList());
    List<MainProcess> processes = new ArrayList<>();
    List<Integer> httpPorts = new ArrayList<>();
    try {
      for (int port : ports) {
        Map<String, String> env = new HashMap<>();
        env.put(AppConfig.DB_URL, db.url());
        env.put(AppConfig.TRR_DB_URL, trrDb.url());
        env.put(AppConfig.TRR_API_URL, photos.baseUrl());
        env.put(AppConfig.SERVICE_TOKEN, ServiceUnderTest.SERVICE_TOKEN);
        env.put(AppConfig.ADMIN_SECRET, ServiceUnderTest.ADMIN_SECRET);
        env.put(AppConfig.HTTP_HOST, "127.0.0.1");
        env.put(AppConfig.HTTP_PORT, "0");
        env.put(AppConfig.PHOTOS_MAX_IN_FLIGHT, String.valueOf(maxInFlight));
        env.put(AppConfig.PHOTOS_RATE_LIMIT_PER_SEC, String.valueOf(rate));
        env.put(AppConfig.CLUSTER_ENABLED, "true");
        env.put(AppConfig.CLUSTER_NAME, cluster);
        env.put(AppConfig.CLUSTER_HOST, "127.0.0.1");
        env.put(AppConfig.CLUSTER_PORT, String.valueOf(port));
        env.put(AppConfig.CLUSTER_MEMBERS, members);
        MainProcess process = MainProcess.startWithArgFile(env, List.of("-Xmx512m"));
        processes.add(process);
        httpPorts.add(process.awaitListening(Duration.ofMinutes(3)));
      }
      int first = httpPorts.get(0);
      for (int i = 0; i < trrShows.size(); i++) {
        HttpResponse<Buffer> linked = admin(client, first, HttpMethod.POST, "/shows", new JsonObject()
            .put("show_id", "S" + (i + 1)).put("title", "S" + (i + 1)).put("trr_show_id", trrShows.get(i).toString()));
        if (linked.statusCode() != 201) {
          throw new IllegalStateException("linking answered " + linked.statusCode() + ": " + linked.bodyAsString());
        }
      }
      long callsBefore = photos.callCount();
      long[] peakHeap = new long[count];
      long[] peakLive = new long[count];
      AtomicLong sampling = new AtomicLong(vertx.setPeriodic(250, id -> sampleHeap(client, httpPorts, peakHeap,
          peakLive)));
      long started = System.nanoTime();
      HttpResponse<Buffer> accepted = admin(client, first, HttpMethod.POST, "/sync_facebank_seeds", new JsonObject());
      String batchId = accepted.bodyAsJsonObject().getString("batch_id");
      EventStreamClient stream = EventStreamClient.connect(vertx, first, "/sync_batches/" + batchId + "/events", null)
          .await();
      stream.ended().timeout(30, TimeUnit.MINUTES).await();
      double wall = (System.nanoTime() - started) / 1e9;
      vertx.cancelTimer(sampling.get());
      stream.close();
      JsonObject batch = admin(client, first, HttpMethod.GET, "/sync_batches/" + batchId, null).bodyAsJsonObject();
      long calls = photos.callCount() - callsBefore;
      long rows = db.count("SELECT (SELECT count(*) FROM face_bank_images) + (SELECT count(*) FROM person)"
          + " + (SELECT count(*) FROM cast_member) + (SELECT count(*) FROM sync_run)");
      long people = db.count("SELECT count(*) FROM cast_member");
      StringBuilder heaps = new StringBuilder();
      for (int i = 0; i < count; i++) {
        heaps.append(i == 0 ? "" : " / ").append(peakHeap[i] / (1024 * 1024)).append(" (")
            .append(peakLive[i] / (1024 * 1024)).append(")");
      }
      System.out.printf(Locale.ROOT, "| %d | %s | %d | %d | %d | %d | %.1f | %.0f | %.0f | %s | %s |%n", count,
          rate == 0 ? "none" : rate + "/s", trrShows.size(),
          people, calls, rows, wall, rows / wall, calls / wall, heaps, batch.getString("status"));
    } finally {
      for (MainProcess process : processes) {
        process.close();
      }
      TestDatabases.drop(db);
    }
  }

  private static void sampleHeap(WebClient client, List<Integer> ports, long[] peak, long[] live) {
    for (int i = 0; i < ports.size(); i++) {
      int node = i;
      client.request(HttpMethod.GET, ports.get(i), "127.0.0.1", "/metrics").send().onSuccess(response -> {
        Matcher matcher = HEAP.matcher(response.bodyAsString());
        long used = 0;
        while (matcher.find()) {
          used += (long) Double.parseDouble(matcher.group(1));
        }
        Matcher after = LIVE.matcher(response.bodyAsString());
        long liveBytes = after.find() ? (long) Double.parseDouble(after.group(2)) : 0;
        synchronized (peak) {
          peak[node] = Math.max(peak[node], used);
          live[node] = Math.max(live[node], liveBytes);
        }
      });
    }
  }

  private static HttpResponse<Buffer> admin(WebClient client, int port, HttpMethod method, String path, JsonObject body) {
    var request = client.request(method, port, "127.0.0.1", path)
        .putHeader(ServiceUnderTest.ADMIN_HEADER, ServiceUnderTest.ADMIN_SECRET);
    Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendJson(body);
    return sent.await();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
