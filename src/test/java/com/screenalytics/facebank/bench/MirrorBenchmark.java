package com.screenalytics.facebank.bench;

import com.screenalytics.facebank.app.FacebankApp;
import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.PhotosServer;
import com.screenalytics.facebank.testsupport.TestDatabases;
import com.screenalytics.facebank.testsupport.TestDatabases.TestDb;
import com.screenalytics.facebank.testsupport.TestImages;
import com.screenalytics.facebank.testsupport.TestPlugins;
import com.screenalytics.facebank.testsupport.TrrFixture;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mirror stage's cost (issue 12): P people with 3 seed photos each, every photo a real JPEG of
 * 200–400 KB (1280×960, distinct pictures, each file's bytes its own) from a local image server
 * that answers after L ms, as the photos API does. Three syncs: mirror off (Day 1), mirror on
 * (every photo fetched, decoded, hashed and written to a filesystem blob store under target/),
 * and a re-run with mirror on (dedupe drops every photo before mirror: nothing fetched). Decode and
 * hash CPU is the compute pool's threads' CPU time, per image.
 */
final class MirrorBenchmark {

  private static final int SEEDS = 3;
  private static final int BASES = 12;

  /** One measured sync. */
  record Run(String label, int people, long images, double megabytes, double wallSeconds, double cpuMsPerImage,
             double latencyBoundSeconds, double cpuBoundSeconds, double processCpuSeconds, String status) {
  }

  private final Vertx vertx;
  private final WebClient client;
  private final TrrFixture trr;
  private final PhotosServer photos;
  private final String token;
  private final long latencyMs;
  private final List<Buffer> bases = new ArrayList<>();
  private final AtomicLong servedBytes = new AtomicLong();
  private final AtomicLong servedImages = new AtomicLong();
  private HttpServer images;

  MirrorBenchmark(Vertx vertx, WebClient client, TrrFixture trr, PhotosServer photos, String token, long latencyMs) {
    this.vertx = vertx;
    this.client = client;
    this.trr = trr;
    this.photos = photos;
    this.token = token;
    this.latencyMs = latencyMs;
  }

  /** The three runs on a show of {@code people} people. */
  List<Run> measure(int people, int concurrency) {
    for (int i = 0; i < BASES; i++) {
      bases.add(Buffer.buffer(TestImages.jpeg(TestImages.photo(1000 + i, 1280, 960), 0.8f)));
    }
    images = vertx.createHttpServer().requestHandler(request -> {
      // /img/<person>/<n>.jpg: base picture (person·3 + n) mod 12, and bytes after its end-of-image
      // marker that make the file its own (a decoder stops at the marker; the sha256 differs).
      String[] parts = request.path().split("/");
      int person = Integer.parseInt(parts[2]);
      int n = Integer.parseInt(parts[3].replace(".jpg", ""));
      Buffer body = bases.get((person * SEEDS + n) % BASES).copy()
          .appendString("facebank-bench/" + person + "/" + n, StandardCharsets.US_ASCII.name());
      vertx.setTimer(latencyMs, id -> {
        servedBytes.addAndGet(body.length());
        servedImages.incrementAndGet();
        request.response().putHeader("Content-Type", "image/jpeg").end(body);
      });
    }).listen(0, "127.0.0.1").await();
    String showId = "MIRROR-" + people;
    UUID show = Catalogue.seeded(trr, showId, people, SEEDS, "http://127.0.0.1:" + images.actualPort(), "jpg", 1280,
        960);
    List<Run> runs = new ArrayList<>();
    try {
      runs.add(oneService(showId, show, people, concurrency, false, false).get(0));
      runs.addAll(oneService(showId, show, people, concurrency, true, true));
    } finally {
      images.close().await();
    }
    return runs;
  }

  private List<Run> oneService(String showId, UUID show, int people, int concurrency, boolean mirror, boolean rerun) {
    TestDb local = TestDatabases.create("benchmirror");
    Path blobs = Path.of("target", "bench-blobs", UUID.randomUUID().toString()).toAbsolutePath();
    JsonObject config = Bench.serviceConfig(local, trr, photos, token, concurrency)
        .put(AppConfig.PLUGINS_DIR, TestPlugins.dir("mirror").toString())
        .put(AppConfig.FETCH_ALLOW_HOSTS, "127.0.0.1")
        .put(AppConfig.BLOB_DIR, blobs.toString())
        .put("STAGE_MIRROR_ENABLED", Boolean.toString(mirror));
    FacebankApp app = FacebankApp.start(new AppConfig(config)).await();
    try {
      Bench.post(client, app, "/shows", new JsonObject().put("show_id", showId).put("title", showId)
          .put("trr_show_id", show.toString()));
      List<Run> runs = new ArrayList<>();
      runs.add(sync(app, local, mirror ? "mirror on" : "mirror off (Day 1)", showId, people, concurrency));
      if (rerun) {
        runs.add(sync(app, local, "mirror on, re-run", showId, people, concurrency));
      }
      return runs;
    } finally {
      app.close().await();
      TestDatabases.drop(local);
    }
  }

  private Run sync(FacebankApp app, TestDb local, String label, String showId, int people, int concurrency) {
    long rowsBefore = local.count("SELECT count(*) FROM face_bank_images");
    long bytesBefore = servedBytes.get();
    long imagesBefore = servedImages.get();
    long photosCallsBefore = photos.callCount();
    long cpuBefore = Bench.computeCpuNanos();
    long processBefore = Bench.processCpuNanos();
    long started = System.nanoTime();
    HttpResponse<Buffer> response = Bench.post(client, app, "/shows/" + showId + "/sync_facebank_seeds", null);
    double wall = (System.nanoTime() - started) / 1e9;
    long cpu = Bench.computeCpuNanos() - cpuBefore;
    long process = Bench.processCpuNanos() - processBefore;
    long fetched = servedImages.get() - imagesBefore;
    long rows = local.count("SELECT count(*) FROM face_bank_images") - rowsBefore;
    long photosCalls = photos.callCount() - photosCallsBefore;
    // Per person, one photos call then (mirror on) its 3 photos fetched side by side: one L each.
    double bound = (photosCalls + (fetched > 0 ? people : 0)) * latencyMs / 1000.0 / concurrency;
    double cores = Runtime.getRuntime().availableProcessors();
    return new Run(label, people, fetched > 0 ? fetched : rows, (servedBytes.get() - bytesBefore) / 1e6, wall,
        fetched == 0 ? 0 : cpu / 1e6 / fetched, bound, cpu / 1e9 / cores, process / 1e9,
        response.bodyAsJsonObject().getString("status"));
  }

  static void print(List<Run> runs, long latency, int concurrency) {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    System.out.printf(Locale.ROOT, "%nload average at the end: %.1f on %d cores%n", load,
        Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "%nmirror: %d seed photos per person (JPEG 1280×960, %s), L = %d ms per photos "
            + "call and per photo, C = %d, compute pool %d threads%n%n", SEEDS, "200–400 KB", latency, concurrency,
        Runtime.getRuntime().availableProcessors());
    System.out.println("| run | people | images | MB | wall s | images/s | MB/s | decode+hash CPU ms/image "
        + "| latency bound s | wall/bound | compute CPU s / cores | JVM CPU s | status |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (Run run : runs) {
      System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.2f | %.0f | %.1f | %s | %.2f | %.2f | %.2f | %.2f | %s |%n",
          run.label(), run.people(), run.images(), run.megabytes(), run.wallSeconds(),
          run.images() / run.wallSeconds(), run.megabytes() / run.wallSeconds(),
          run.cpuMsPerImage() == 0 ? "—" : String.format(Locale.ROOT, "%.1f", run.cpuMsPerImage()),
          run.latencyBoundSeconds(), run.wallSeconds() / run.latencyBoundSeconds(), run.cpuBoundSeconds(),
          run.processCpuSeconds(), run.status());
    }
  }
}
