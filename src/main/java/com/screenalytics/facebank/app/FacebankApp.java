package com.screenalytics.facebank.app;

import com.screenalytics.facebank.batch.BatchVerticle;
import com.screenalytics.facebank.blob.BlobStores;
import com.screenalytics.facebank.cluster.ClusterNode;
import com.screenalytics.facebank.cluster.Clustering;
import com.screenalytics.facebank.cluster.OrphanSweeper;
import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.db.BatchRepository;
import com.screenalytics.facebank.db.ClusterRepository;
import com.screenalytics.facebank.db.FaceBankRepository;
import com.screenalytics.facebank.db.LocalDatabase;
import com.screenalytics.facebank.db.ShowRepository;
import com.screenalytics.facebank.db.SyncRunRepository;
import com.screenalytics.facebank.fetch.AddressRules;
import com.screenalytics.facebank.fetch.FetchPolicy;
import com.screenalytics.facebank.fetch.OutboundFetch;
import com.screenalytics.facebank.http.ApiVerticle;
import com.screenalytics.facebank.operators.OperatorsVerticle;
import com.screenalytics.facebank.pipeline.Pipeline;
import com.screenalytics.facebank.pipeline.PreloadedKeys;
import com.screenalytics.facebank.pipeline.StageRegistry;
import com.screenalytics.facebank.pipeline.WorkerComputePool;
import com.screenalytics.facebank.stage.api.BlobStore;
import com.screenalytics.facebank.stage.api.FaceBankKeys;
import com.screenalytics.facebank.stage.api.Stage;
import com.screenalytics.facebank.stage.dedupe.DedupeStage;
import com.screenalytics.facebank.stage.fetchcast.FetchCastStage;
import com.screenalytics.facebank.stage.importphotos.ImportPhotosStage;
import com.screenalytics.facebank.stage.resolve.ResolveStage;
import com.screenalytics.facebank.stage.store.StoreStep;
import com.screenalytics.facebank.sync.SyncService;
import com.screenalytics.facebank.sync.SyncVerticle;
import com.screenalytics.facebank.trr.PhotosClient;
import com.screenalytics.facebank.trr.PhotosPolicy;
import com.screenalytics.facebank.trr.TrrDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running service: its own Vert.x (with its own metrics registry), our database, the
 * upstream clients, the stages, and the verticles (event-bus sync, operators, HTTP API). Main starts one;
 * tests start as many as they like, each with its own configuration.
 */
public final class FacebankApp {

  private static final Logger LOG = LoggerFactory.getLogger(FacebankApp.class);

  private final Vertx vertx;
  private final LocalDatabase db;
  private final Optional<TrrDatabase> trr;
  private final Optional<PhotosClient> photos;
  private final Optional<ApiVerticle> api;
  private final List<String> stages;
  private final StageRegistry.Loaded loaded;
  private final StageRegistry.Ports ports;
  private final OutboundFetch fetch;

  private FacebankApp(Vertx vertx, LocalDatabase db, Optional<TrrDatabase> trr, Optional<PhotosClient> photos,
                      Optional<ApiVerticle> api, List<String> stages, StageRegistry.Loaded loaded,
                      StageRegistry.Ports ports, OutboundFetch fetch) {
    this.vertx = vertx;
    this.db = db;
    this.trr = trr;
    this.photos = photos;
    this.api = api;
    this.stages = stages;
    this.loaded = loaded;
    this.ports = ports;
    this.fetch = fetch;
  }

  /** Starts the service; fails with a message fit for an operator when it cannot run. */
  public static Future<FacebankApp> start(AppConfig config) {
    return start(config, true);
  }

  /**
   * Starts everything but the HTTP listener: for a one-shot command (sync) that talks to the
   * event bus and may run beside a serving instance that holds HTTP_PORT.
   */
  public static Future<FacebankApp> startWithoutHttp(AppConfig config) {
    return start(config, false);
  }

  private static Future<FacebankApp> start(AppConfig config, boolean http) {
    String registry = "facebank-" + UUID.randomUUID();
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setRegistryName(registry)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    if (config.clusterEnabled()) {
      return Clustering.start(config, options).compose(started -> open(started.vertx(), config, registry, http,
          Optional.of(started.node())));
    }
    return open(Vertx.vertx(options), config, registry, http, Optional.empty());
  }

  private static Future<FacebankApp> open(Vertx vertx, AppConfig config, String registry, boolean http,
                                          Optional<ClusterNode> cluster) {
    return LocalDatabase.open(vertx, config)
        .compose(db -> wire(vertx, config, db, registry, http, cluster)
            .recover(e -> db.close().transform(ignored -> Future.failedFuture(e))))
        .recover(e -> {
          // Not chained on close(): its completion is delivered on this Vert.x's own event loop,
          // which close() shuts down, so the failure would never reach the caller (Main hung).
          vertx.close();
          return Future.failedFuture(e);
        });
  }

  /** A person's keys as the stage API's face-bank port gives them. */
  private static FaceBankKeys.Existing existing(FaceBankRepository.ExistingKeys keys) {
    return new FaceBankKeys.Existing(keys.s3OriginalKeys(), keys.mediaAssetIds());
  }

  private static Future<FacebankApp> wire(Vertx vertx, AppConfig config, LocalDatabase db, String registry,
                                          boolean http, Optional<ClusterNode> cluster) {
    StageRegistry.Loaded stages;
    Optional<TrrDatabase> trr;
    Optional<PhotosClient> photos;
    BlobStore blobs;
    FetchPolicy fetchPolicy;
    ShowRepository shows = new ShowRepository(db.pool());
    FaceBankRepository faceBank = new FaceBankRepository(db.pool());
    try {
      PhotosPolicy policy = PhotosPolicy.from(config); // read even when unused: a typo stops start-up
      blobs = BlobStores.from(vertx, config);
      fetchPolicy = new FetchPolicy(AddressRules.parse(config.fetchAllowHosts()), config.fetchTimeoutMs(),
          config.fetchMaxBytes(), config.fetchMaxInFlight(), FetchPolicy.MAX_REDIRECTS);
      trr = config.trrDbUrl().map(url -> TrrDatabase.create(vertx, url, config));
      photos = config.trrApiUrl().map(url -> new PhotosClient(vertx, url, config.serviceToken().orElse(null), policy,
          cluster.map(node -> Clustering.sharedLimit(vertx, node)).orElse(null)));
      // The service's own stages get what they need here; every stage, theirs and the plugins',
      // gets the same narrow context at init.
      List<Stage> dayOne = List.of(new FetchCastStage(trr), new ResolveStage(shows), new ImportPhotosStage(photos, config.photosMaxPages()),
          new DedupeStage());
      stages = StageRegistry.load(new StageRegistry.Settings(config.stagesDir(), config.pluginsDir(),
          config::stageOverride, config::stageToggle), dayOne);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    FaceBankKeys faceBankKeys = new FaceBankKeys() {
      @Override
      public Future<Existing> existing(UUID personId) {
        return faceBank.existingKeys(personId)
            .map(FacebankApp::existing);
      }

      @Override
      public Future<List<StoredContent>> contents(UUID personId) {
        return faceBank.contents(personId).map(rows -> rows.stream()
            .map(row -> new StoredContent(row.s3OriginalKey(), row.sha256(), row.perceptualHash())).toList());
      }

      @Override
      public Future<List<StoredEmbedding>> embeddings(UUID personId) {
        return faceBank.embeddings(personId).map(rows -> rows.stream()
            .map(row -> new StoredEmbedding(row.s3OriginalKey(), row.s3EmbeddingKey())).toList());
      }
    };
    // A run's people's keys are read in one query before its person phase, not one per person.
    PreloadedKeys preloaded = new PreloadedKeys(faceBankKeys, people -> faceBank.existingKeys(people)
        .map(found -> found.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
            entry -> existing(entry.getValue())))));
    OutboundFetch fetch = new OutboundFetch(vertx, fetchPolicy);
    StageRegistry.Ports ports = new StageRegistry.Ports(preloaded, blobs, fetch,
        new WorkerComputePool(vertx, config.computeThreads()), config.modelDir());
    Pipeline pipeline = new Pipeline(stages.enabled(), new StoreStep(faceBank), config.syncPersonConcurrency(),
        preloaded);
    MeterRegistry metrics = BackendRegistries.getNow(registry);
    SyncRunRepository runs = new SyncRunRepository(db, config.dbRetryBackoffMs(), config.dbRetryMaxBackoffMs());
    SyncService sync = new SyncService(vertx, shows, runs, pipeline, trr.isPresent(), metrics,
        config.runCheckpointMs(), config.dbRetryBackoffMs(), config.dbRetryMaxBackoffMs(),
        cluster.map(ClusterNode::name));
    Optional<ApiVerticle> api = http ? Optional.of(new ApiVerticle(config, db.pool(), trr, registry, blobs)
        .inCluster(cluster)) : Optional.empty();
    return stages.init(vertx, ports)
        .compose(ignored -> runs.interruptAbandoned())
        .compose(ignored -> vertx.deployVerticle(new SyncVerticle(sync)))
        .compose(ignored -> cluster.map(node -> vertx.deployVerticle(new OrphanSweeper(node,
            new ClusterRepository(db), config.clusterRunOrphanS()))).orElse(Future.succeededFuture()))
        .compose(ignored -> vertx.deployVerticle(new BatchVerticle(new BatchRepository(db),
            cluster.map(ClusterNode::name), config.syncShowsConcurrency(), config.syncTimeoutMs())))
        .compose(ignored -> vertx.deployVerticle(new OperatorsVerticle(db.pool()),
            new DeploymentOptions().setThreadingModel(OperatorsVerticle.THREADING)))
        .compose(ignored -> api.map(vertx::deployVerticle).orElse(Future.succeededFuture()))
        .map(ignored -> {
          if (api.isPresent()) {
            LOG.info("facebank-sync listening on {}:{} with stages {}", config.httpHost(), api.get().port(),
                pipeline.stageNames());
          } else {
            LOG.info("facebank-sync ready without HTTP listener, stages {}", pipeline.stageNames());
          }
          return new FacebankApp(vertx, db, trr, photos, api, pipeline.stageNames(), stages, ports, fetch);
        })
        .onFailure(e -> {
          stages.close();
          fetch.close();
          ports.compute().close();
        });
  }

  /** The S3 store holds a client; the filesystem one nothing. */
  private static void closeQuietly(Object resource) {
    if (resource instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed: {}", resource, e.getMessage());
      }
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The port the API listens on; an instance started without HTTP has none. */
  public int httpPort() {
    return api.orElseThrow(() -> new IllegalStateException("started without an HTTP listener")).port();
  }

  /** The enabled stages in run order. */
  public List<String> stages() {
    return stages;
  }

  /** Stops taking requests, then closes the upstream clients, the database, and Vert.x. */
  public Future<Void> close() {
    List<Future<Void>> undeployed = vertx.deploymentIDs().stream().map(vertx::undeploy).toList();
    return Future.join(undeployed)
        .transform(ignored -> Future.join(
            trr.map(TrrDatabase::close).orElse(Future.succeededFuture()),
            photos.map(PhotosClient::close).orElse(Future.succeededFuture()),
            fetch.close(),
            ports.compute().close()))
        .transform(ignored -> db.close())
        .andThen(ignored -> closeQuietly(ports.blobs()))
        .eventually(vertx::close)
        .onComplete(closed -> loaded.close());
  }
}
