package com.screenalytics.facebank.bench;

import com.screenalytics.facebank.app.FacebankApp;
import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.pipeline.Concurrency;
import com.screenalytics.facebank.testsupport.PhotosServer;
import com.screenalytics.facebank.trr.PhotosClient;
import com.screenalytics.facebank.testsupport.TestDatabases;
import com.screenalytics.facebank.testsupport.TestDatabases.TestDb;
import com.screenalytics.facebank.testsupport.TrrFixture;
import com.sun.management.GarbageCollectionNotificationInfo;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * How a sync's cost grows with show size and upstream latency (issue 6). Builds synthetic TRR
 * catalogues in embedded PostgreSQL, serves the photos API from a real local server that answers
 * after a fixed latency, and runs the real sync over HTTP: a warm-up (a first run and a re-run of a
 * show of its own, on the cold JVM), a baseline at concurrency 1, then for each size a first run
 * and a re-run (all duplicates). Prints one table.
 *
 * <p>Run: {@code mvn -B -Pbenchmark verify} (see the README). Properties: {@code bench.sizes}
 * (500,2000,8000; empty for none), {@code bench.latencyMs} (25), {@code bench.concurrency} (the service
 * default, 16), {@code bench.warmupPeople} (2000; 0 for none), {@code bench.baselinePeople} (200),
 * {@code bench.mirrorPeople} (200; 0 skips the mirror runs, see {@link MirrorBenchmark}),
 * {@code bench.facesPeople} (100; 0 skips the face stages' runs, see {@link FacesBenchmark}).
 */
public final class SyncBenchmark {

  private static final String TOKEN = "bench-token";
  /** PHOTOS_MAX_IN_FLIGHT at its default: the most photos requests the service has open at once. */
  private static final int IN_FLIGHT = new AppConfig(new JsonObject()).photosMaxInFlight();

  /**
   * One measured sync. The bound is photos calls × L / the requests that can be open at once:
   * min(C, PHOTOS_MAX_IN_FLIGHT) — with more people in flight than the photos cap, the cap sets
   * the pace.
   */
  record Run(String label, int people, int concurrency, long calls, long rows, double wallSeconds,
             double boundSeconds, long peakHeapMb, double roundTripsPerPerson, String status) {

    double ratio() {
      return wallSeconds / boundSeconds;
    }

    double secondsPerPerson() {
      return wallSeconds / people;
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final WebClient client = WebClient.create(vertx);
  private final long latencyMs;
  private final TrrFixture trr;
  private final PhotosServer photos;
  private final PeakHeap heap = new PeakHeap();

  private SyncBenchmark(long latencyMs) {
    this.latencyMs = latencyMs;
    this.trr = TrrFixture.create(TestDatabases.create("benchtrr"));
    // The shared TRR schema declares no index for a person's photos; TRR's production database
    // has them. Without one, the stand-in's own lookups would grow with the catalogue and be
    // measured as the sync's cost.
    trr.db().execute("CREATE INDEX bench_media_links_entity ON core.media_links (entity_type, entity_id)");
    trr.db().execute("CREATE INDEX bench_credits_show ON core.credits (show_id)");
    this.photos = PhotosServer.start(vertx, trr.db(), TOKEN).await();
    photos.stopRecording();
    photos.delayAll(latencyMs);
  }

  public static void main(String[] args) {
    List<Integer> sizes = Arrays.stream(System.getProperty("bench.sizes", "500,2000,8000").split(","))
        .map(String::trim).filter(size -> !size.isEmpty()).map(Integer::valueOf).toList();
    int mirrorPeople = Integer.getInteger("bench.mirrorPeople", 200);
    int facesPeople = Integer.getInteger("bench.facesPeople", 100);
    long latency = Long.getLong("bench.latencyMs", 25);
    int concurrency = Integer.getInteger("bench.concurrency", new AppConfig(new JsonObject()).syncPersonConcurrency());
    int baselinePeople = Integer.getInteger("bench.baselinePeople", 200);
    int warmupPeople = Integer.getInteger("bench.warmupPeople", 2000);

    SyncBenchmark bench = new SyncBenchmark(latency);
    // A service runs for weeks; its first sync of a new show is not its JVM's first work. The
    // warm-up gives the JIT the run's code paths first, and is printed apart (the cold figures).
    List<Run> warmup = warmupPeople <= 0 ? List.of()
        : bench.measure("warm-up N=" + warmupPeople + " (cold JVM)", "BENCH-WARMUP", warmupPeople, concurrency, true);
    List<Run> runs = new ArrayList<>();
    runs.add(bench.measure("baseline C=1", "BENCH-BASELINE", baselinePeople, 1, false).get(0));
    for (int people : sizes) {
      runs.addAll(bench.measure("N=" + people, "BENCH-" + people, people, concurrency, true));
    }
    List<MirrorBenchmark.Run> mirrorRuns = mirrorPeople <= 0 ? List.of()
        : new MirrorBenchmark(bench.vertx, bench.client, bench.trr, bench.photos, TOKEN, latency)
            .measure(mirrorPeople, concurrency);
    // The stand-in alone: as many photos calls as the N=2000 first run made, straight from a client
    // at the photos cap, no sync. Its wall/bound is the floor the sync's ratio is read against.
    Run standIn = runs.stream().filter(run -> run.label().equals("N=2000")).findFirst()
        .or(() -> runs.stream().skip(1).findFirst()).map(run -> bench.standIn(run.calls())).orElse(null);
    List<FacesBenchmark.Run> facesRuns = facesPeople <= 0 ? List.of()
        : new FacesBenchmark(bench.vertx, bench.client, bench.trr, bench.photos, TOKEN, latency)
            .measure(facesPeople, concurrency, FacesBenchmark.modelDir());
    bench.print(warmup, runs, latency, runs.get(0), standIn);
    if (!mirrorRuns.isEmpty()) {
      MirrorBenchmark.print(mirrorRuns, latency, concurrency);
    }
    if (!facesRuns.isEmpty()) {
      FacesBenchmark.print(facesRuns, latency, concurrency);
    }
    System.exit(0);
  }

  /** A fresh local database and service; the first run of a new show, then (if asked) a re-run. */
  private List<Run> measure(String label, String showId, int people, int concurrency, boolean rerun) {
    UUID trrShow = Catalogue.build(trr, showId, people);
    TestDb local = TestDatabases.create("bench");
    FacebankApp app = FacebankApp.start(new AppConfig(Bench.serviceConfig(local, trr, photos, TOKEN, concurrency)))
        .await();
    try {
      Bench.post(client, app, "/shows", new JsonObject().put("show_id", showId).put("title", showId)
          .put("trr_show_id", trrShow.toString()));
      List<Run> runs = new ArrayList<>();
      runs.add(sync(app, local, label, showId, people, concurrency));
      if (rerun) {
        runs.add(sync(app, local, label + " re-run", showId, people, concurrency));
      }
      return runs;
    } finally {
      app.close().await();
    }
  }

  private Run sync(FacebankApp app, TestDb local, String label, String showId, int people, int concurrency) {
    long callsBefore = photos.callCount();
    long rowsBefore = local.count("SELECT count(*) FROM face_bank_images");
    double queriesBefore = Metrics.sqlRequests(client, app);
    heap.reset();
    photos.takeOccupancy();
    long started = System.nanoTime();
    HttpResponse<Buffer> response = Bench.post(client, app, "/shows/" + showId + "/sync_facebank_seeds", null);
    long ended = System.nanoTime();
    double wall = (ended - started) / 1e9;
    occupancy(label, photos.takeOccupancy(), started, ended);
    long peakMb = heap.peakAfterGcMb();
    long calls = photos.callCount() - callsBefore;
    long rows = local.count("SELECT count(*) FROM face_bank_images") - rowsBefore;
    double queries = Metrics.sqlRequests(client, app) - queriesBefore;
    double bound = calls * latencyMs / 1000.0 / Math.min(concurrency, IN_FLIGHT);
    phases(local, label, response.bodyAsJsonObject().getString("run_id"), wall);
    return new Run(label, people, concurrency, calls, rows, wall, bound, peakMb, queries / people,
        response.bodyAsJsonObject().getString("status"));
  }

  /**
   * Where a run's wall time went, from its saved events' times: before the first person (show
   * stages, the key preload), the person phase (first to last person through), and after it
   * (recording the outcome). Printed under the table.
   */
  private final List<String> phaseLines = new ArrayList<>();

  private void phases(TestDb local, String label, String runId, double wall) {
    String epoch = "extract(epoch FROM min((event->>'at')::timestamptz) FILTER (WHERE event->>'type' = '%s'))";
    String last = "extract(epoch FROM max((event->>'at')::timestamptz) FILTER (WHERE event->>'type' = '%s'))";
    Map<String, Object> row = local.query("SELECT " + epoch.formatted("run_started") + " AS started, "
        + epoch.formatted("person_finished") + " AS first_person, " + last.formatted("person_finished")
        + " AS last_person, " + last.formatted("run_finished") + " AS finished FROM sync_run_event WHERE run_id = ?::uuid",
        runId).get(0);
    Function<String, Double> at = key -> row.get(key) == null ? Double.NaN
        : ((Number) row.get(key)).doubleValue();
    phaseLines.add(String.format(Locale.ROOT, "%s: to the first person %.2f s, first to last person %.2f s, "
        + "last person to run_finished %.2f s, of %.2f s wall", label, at.apply("first_person") - at.apply("started"),
        at.apply("last_person") - at.apply("first_person"), at.apply("finished") - at.apply("last_person"), wall));
  }

  /**
   * How full a run kept the photos cap: when its first photos call arrived, how many calls the
   * stand-in had open on average from then to the last answer, and how long after that the run
   * answered. Printed under the table.
   */
  private void occupancy(String label, PhotosServer.Occupancy occupancy, long started, long ended) {
    phaseLines.add(String.format(Locale.ROOT, "%s: first photos call at %.2f s, then %.2f of %d calls open on average "
        + "(each open %.1f ms) until the last answer, %.2f s before the run's answer", label,
        (occupancy.firstArrivalNanos() - started) / 1e9, occupancy.averageOpen(), IN_FLIGHT, occupancy.meanOpenMs(),
        (ended - occupancy.lastAnswerNanos()) / 1e9));
  }

  /**
   * {@code calls} seed calls for the catalogue's people, straight at the photos stand-in with
   * PHOTOS_MAX_IN_FLIGHT open at once: what the stand-in and the HTTP stack cost with no sync.
   */
  private Run standIn(long calls) {
    List<UUID> people = trr.db().query("SELECT person_id FROM core.credits LIMIT 2000").stream()
        .map(row -> (UUID) row.get("person_id")).toList();
    List<Long> indexes = LongStream.range(0, calls).boxed().toList();
    int port = URI.create(photos.baseUrl()).getPort();
    // A client pooled as PhotosClient is.
    WebClient direct = WebClient.wrap(vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(PhotosClient.connections(IN_FLIGHT))));
    Promise<Void> done = Promise.promise();
    photos.takeOccupancy();
    long started = System.nanoTime();
    // On one event loop, as the sync's own calls are made (Concurrency is not thread-safe).
    vertx.runOnContext(ignored -> Concurrency.forEach(indexes, IN_FLIGHT, i -> direct
        .get(port, "127.0.0.1",
            "/api/v1/screenalytics/people/" + people.get((int) (i % people.size())) + "/photos?seed_only=true&limit=5")
        .putHeader("Authorization", "Bearer " + TOKEN).send()).onComplete(done));
    done.future().await();
    long ended = System.nanoTime();
    direct.close();
    double wall = (ended - started) / 1e9;
    occupancy("stand-in alone", photos.takeOccupancy(), started, ended);
    double bound = calls * latencyMs / 1000.0 / IN_FLIGHT;
    return new Run("stand-in alone", 0, IN_FLIGHT, calls, 0, wall, bound, 0, 0, "ok");
  }

  private void print(List<Run> warmup, List<Run> runs, long latency, Run baseline, Run standIn) {
    System.out.printf(Locale.ROOT, "%nfacebank-sync benchmark: L = %d ms per photos call, PHOTOS_MAX_IN_FLIGHT = %d, "
        + "%d cores, Java %s%n%n", latency, IN_FLIGHT, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    System.out.println("| run | people | C | photos calls | rows | wall s | people/s | rows/s | bound s "
        + "| wall/bound | ÷ stand-in | speed-up vs C=1 | peak heap MiB | DB queries/person | status |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (Run run : Stream.concat(warmup.stream(), runs.stream()).toList()) {
      System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %.2f | %.0f | %.0f | %.2f | %.2f | %s | %.1f× | %d | %.1f | %s |%n",
          run.label(), run.people(), run.concurrency(), run.calls(), run.rows(), run.wallSeconds(),
          run.people() / run.wallSeconds(), run.rows() / run.wallSeconds(), run.boundSeconds(), run.ratio(),
          standIn == null ? "—" : String.format(Locale.ROOT, "%.2f", run.ratio() / standIn.ratio()),
          baseline.secondsPerPerson() / run.secondsPerPerson(), run.peakHeapMb(), run.roundTripsPerPerson(),
          run.status());
    }
    if (standIn != null) {
      System.out.printf(Locale.ROOT, "| %s | — | %d | %d | — | %.2f | — | — | %.2f | %.2f | 1.00 | — | — | — | %s |%n",
          standIn.label(), standIn.concurrency(), standIn.calls(), standIn.wallSeconds(), standIn.boundSeconds(),
          standIn.ratio(), standIn.status());
    }
    System.out.println();
    phaseLines.forEach(System.out::println);
  }

  /** The largest heap in use right after a collection, between two resets: the live data's peak. */
  static final class PeakHeap {
    private final AtomicLong peak = new AtomicLong();

    PeakHeap() {
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
          if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
            peak.accumulateAndGet(used, Math::max);
          }
        }, null, null);
      }
    }

    void reset() {
      System.gc();
      peak.set(0);
    }

    long peakAfterGcMb() {
      System.gc(); // so a run too short for any collection still reports what it holds at its end
      return peak.get() / (1024 * 1024);
    }
  }
}
