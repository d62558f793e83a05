package com.screenalytics.facebank.bench;

import com.screenalytics.facebank.app.FacebankApp;
import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.demo.Portraits;
import com.screenalytics.facebank.testsupport.PhotosServer;
import com.screenalytics.facebank.testsupport.TestDatabases;
import com.screenalytics.facebank.testsupport.TestDatabases.TestDb;
import com.screenalytics.facebank.testsupport.TestPlugins;
import com.screenalytics.facebank.testsupport.TrrFixture;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The face stages' cost (issue 13): P people with 3 seed photos each, every photo one of the demo's
 * cartoon portraits (PNG 480x600, a face BlazeFace finds), from a local image server that answers
 * after L ms. Syncs on fresh databases, each adding a stage: mirror alone, + crop (BlazeFace,
 * refinement, alignment), + embed (a random-weight network of MobileFaceNet's cost,
 * {@link ConvModel}), + enhance (all four); then all four with a compute pool of 1 and of 4 threads,
 * and a re-run. The compute pool's CPU time per photo, run against run, gives each stage's cost.
 */
final class FacesBenchmark {

  private static final int SEEDS = 3;

  /** One measured sync. */
  record Run(String label, int pool, int people, long photos, long faces, double wallSeconds, double computeCpuSeconds,
             double latencyBoundSeconds, double processCpuSeconds, String status) {
    double cpuMsPerPhoto() {
      return photos == 0 ? 0 : computeCpuSeconds * 1000 / photos;
    }
  }

  private final Vertx vertx;
  private final WebClient client;
  private final TrrFixture trr;
  private final PhotosServer photos;
  private final String token;
  private final long latencyMs;
  private final Map<String, Buffer> portraits = new ConcurrentHashMap<>();
  private long servedImages;
  private HttpServer images;

  FacesBenchmark(Vertx vertx, WebClient client, TrrFixture trr, PhotosServer photos, String token, long latencyMs) {
    this.vertx = vertx;
    this.client = client;
    this.trr = trr;
    this.photos = photos;
    this.token = token;
    this.latencyMs = latencyMs;
  }

  List<Run> measure(int people, int concurrency, Path modelDir) {
    for (int p = 1; p <= people; p++) {
      for (int n = 1; n <= SEEDS; n++) {
        portraits.put(p + "/" + n, Buffer.buffer(Portraits.png("Bench Person " + p, n, 480, 600, 1)));
      }
    }
    images = vertx.createHttpServer().requestHandler(request -> {
      String[] parts = request.path().split("/"); // /img/<person>/<n>.png
      Buffer body = portraits.get(parts[2] + "/" + parts[3].replace(".png", ""));
      vertx.setTimer(latencyMs, id -> {
        servedImages++;
        request.response().putHeader("Content-Type", "image/png").end(body);
      });
    }).listen(0, "127.0.0.1").await();
    String showId = "FACES-" + people;
    UUID show = Catalogue.seeded(trr, showId, people, SEEDS, "http://127.0.0.1:" + images.actualPort(), "png", 480,
        600);
    Path embedModel = ConvModel.write(Path.of("target", "bench-models", "bench-conv.onnx").toAbsolutePath());
    int cores = Runtime.getRuntime().availableProcessors();
    List<Run> runs = new ArrayList<>();
    try {
      runs.addAll(oneService("mirror", showId, show, people, concurrency, cores, modelDir, embedModel, false));
      runs.addAll(oneService("mirror+crop", showId, show, people, concurrency, cores, modelDir, embedModel, false));
      runs.addAll(oneService("mirror+crop+embed", showId, show, people, concurrency, cores, modelDir, embedModel,
          false));
      runs.addAll(oneService("all four", showId, show, people, concurrency, cores, modelDir, embedModel, true));
      for (int pool : new int[] {1, 2 * cores}) {
        runs.addAll(oneService("all four", showId, show, people, concurrency, pool, modelDir, embedModel, false));
      }
    } finally {
      images.close().await();
    }
    return runs;
  }

  private List<Run> oneService(String stages, String showId, UUID show, int people, int concurrency, int pool,
                               Path modelDir, Path embedModel, boolean rerun) {
    TestDb local = TestDatabases.create("benchfaces");
    Path blobs = Path.of("target", "bench-blobs", UUID.randomUUID().toString()).toAbsolutePath();
    JsonObject config = Bench.serviceConfig(local, trr, photos, token, concurrency)
        .put(AppConfig.COMPUTE_THREADS, pool)
        .put(AppConfig.PLUGINS_DIR, TestPlugins.dir("mirror", "faces").toString())
        .put(AppConfig.MODEL_DIR, modelDir.toString())
        .put(AppConfig.FETCH_ALLOW_HOSTS, "127.0.0.1")
        .put(AppConfig.BLOB_DIR, blobs.toString())
        .put("STAGE_MIRROR_ENABLED", "true")
        .put("STAGE_CROP_ENABLED", Boolean.toString(stages.contains("crop") || stages.equals("all four")))
        .put("STAGE_EMBED_ENABLED", Boolean.toString(stages.contains("embed") || stages.equals("all four")))
        .put("STAGE_ENHANCE_ENABLED", Boolean.toString(stages.equals("all four")))
        .put(AppConfig.STAGES, new JsonObject().put("embed", new JsonObject().put("options", new JsonObject()
            .put("model_path", embedModel.toString()).put("model_id", "bench-conv")
            // Random weights put every face near every other: no near_duplicate_face, every face stored.
            .put("duplicate_distance", 0))));
    FacebankApp app = FacebankApp.start(new AppConfig(config)).await();
    try {
      Bench.post(client, app, "/shows", new JsonObject().put("show_id", showId).put("title", showId)
          .put("trr_show_id", show.toString()));
      List<Run> runs = new ArrayList<>();
      runs.add(sync(app, local, stages, pool, showId, people, concurrency));
      if (rerun) {
        runs.add(sync(app, local, stages + ", re-run", pool, showId, people, concurrency));
      }
      return runs;
    } finally {
      app.close().await();
      TestDatabases.drop(local);
    }
  }

  private Run sync(FacebankApp app, TestDb local, String label, int pool, String showId, int people, int concurrency) {
    long rowsBefore = local.count("SELECT count(*) FROM face_bank_images WHERE s3_aligned_key IS NOT NULL");
    long imagesBefore = servedImages;
    long photosCallsBefore = photos.callCount();
    long cpuBefore = Bench.computeCpuNanos();
    long processBefore = Bench.processCpuNanos();
    long started = System.nanoTime();
    HttpResponse<Buffer> response = Bench.post(client, app, "/shows/" + showId + "/sync_facebank_seeds", null);
    double wall = (System.nanoTime() - started) / 1e9;
    long cpu = Bench.computeCpuNanos() - cpuBefore;
    long process = Bench.processCpuNanos() - processBefore;
    long fetched = servedImages - imagesBefore;
    long faces = local.count("SELECT count(*) FROM face_bank_images WHERE s3_aligned_key IS NOT NULL") - rowsBefore;
    long photosCalls = photos.callCount() - photosCallsBefore;
    double bound = (photosCalls + (fetched > 0 ? people : 0)) * latencyMs / 1000.0 / concurrency;
    return new Run(label, pool, people, fetched, faces, wall, cpu / 1e9, bound, process / 1e9,
        response.bodyAsJsonObject().getString("status"));
  }

  static void print(List<Run> runs, long latency, int concurrency) {
    int cores = Runtime.getRuntime().availableProcessors();
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    System.out.printf(Locale.ROOT, "%nfaces: %d seed portraits per person (PNG 480x600), L = %d ms per photos call and "
        + "per photo, C = %d, %d cores; load average at the end %.1f%n%n", SEEDS, latency, concurrency, cores, load);
    System.out.println("| run | pool | people | photos | faces | wall s | faces/s | compute CPU ms/photo "
        + "| compute CPU s / min(pool, cores) | latency bound s | wall/bound | JVM CPU s | status |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (Run run : runs) {
      System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %.2f | %.1f | %s | %.2f | %.2f | %.2f | %.2f | %s |%n",
          run.label(), run.pool(), run.people(), run.photos(), run.faces(), run.wallSeconds(),
          run.faces() / run.wallSeconds(),
          run.photos() == 0 ? "—" : String.format(Locale.ROOT, "%.1f", run.cpuMsPerPhoto()),
          run.computeCpuSeconds() / Math.min(run.pool(), cores), run.latencyBoundSeconds(),
          run.wallSeconds() / run.latencyBoundSeconds(), run.processCpuSeconds(), run.status());
    }
    // Each stage's cost: the compute CPU per photo a run adds to the one before it (first four runs).
    if (runs.size() >= 4) {
      double mirror = runs.get(0).cpuMsPerPhoto();
      double crop = runs.get(1).cpuMsPerPhoto() - mirror;
      double embed = runs.get(2).cpuMsPerPhoto() - runs.get(1).cpuMsPerPhoto();
      double enhance = runs.get(3).cpuMsPerPhoto() - runs.get(2).cpuMsPerPhoto();
      System.out.printf(Locale.ROOT, "%n| stage | compute CPU ms/face | faces/s on %d cores |%n|---|---|---|%n", cores);
      for (Object[] row : new Object[][] {{"mirror (decode, hash)", mirror}, {"crop (detect, refine, align, score)", crop},
          {"embed (0.24 GFLOPs stand-in)", embed}, {"enhance (CLAHE)", enhance}}) {
        double ms = (double) row[1];
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.0f |%n", row[0], ms, ms <= 0 ? 0 : cores * 1000 / ms);
      }
    }
  }

  static Path modelDir() {
    Path dir = Path.of(System.getProperty("bench.modelDir", "target/models")).toAbsolutePath();
    if (!Files.isRegularFile(dir.resolve("blazeface/face_detection_front_128x128_barracuda.onnx"))) {
      throw new IllegalStateException("the face benchmark needs the detector in " + dir
          + " (the build fetches it: stages/faces/fetch-detector.sh)");
    }
    return dir;
  }
}
