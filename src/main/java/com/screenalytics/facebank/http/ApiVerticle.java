package com.screenalytics.facebank.http;

import com.screenalytics.facebank.cluster.ClusterNode;
import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.db.FaceBankRepository;
import com.screenalytics.facebank.db.OperatorRepository;
import com.screenalytics.facebank.db.ShowRepository;
import com.screenalytics.facebank.http.console.ConsoleRoutes;
import com.screenalytics.facebank.http.console.ConsoleSessions;
import com.screenalytics.facebank.http.console.SecurityHeaders;
import com.screenalytics.facebank.stage.api.BlobStore;
import com.screenalytics.facebank.trr.TrrDatabase;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.sqlclient.Pool;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API: routes, the admin guard, the edge's bounds, and error answers in JSON. */
public final class ApiVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);

  /** Bodies above this answer 413. */
  static final long BODY_LIMIT = 64 * 1024;

  private final AppConfig config;
  private final Pool db;
  private final Optional<TrrDatabase> trr;
  private final String metricsRegistry;
  private final BlobStore blobs;
  private HttpServer server;
  private ConsoleSessions sessions;
  private ConnectionGuard edge;

  public ApiVerticle(AppConfig config, Pool db, Optional<TrrDatabase> trr, String metricsRegistry, BlobStore blobs) {
    this.config = config;
    this.db = db;
    this.trr = trr;
    this.metricsRegistry = metricsRegistry;
    this.blobs = blobs;
  }

  private Optional<ClusterNode> cluster = Optional.empty();

  /** Clustered: /ready reports the cluster's nodes. */
  public ApiVerticle inCluster(Optional<ClusterNode> node) {
    this.cluster = node;
    return this;
  }

  @Override
  public Future<?> start() {
    ShowsApi shows = new ShowsApi(new ShowRepository(db));
    PeopleApi people = new PeopleApi(new FaceBankRepository(db));
    SyncApi sync = new SyncApi(vertx, config.syncTimeoutMs());
    RunsApi runs = new RunsApi(vertx, config.runCheckpointMs(), config.syncTimeoutMs());
    HealthApi health = new HealthApi(db, trr, cluster);
    BatchApi batches = new BatchApi(vertx);
    SecurityHeaders headers = new SecurityHeaders(config.consoleImageHosts());
    sessions = ConsoleSessions.create(vertx, config, new OperatorRepository(db));

    Router router = Router.router(vertx);
    router.get("/health").handler(health::health);
    router.get("/ready").handler(health::ready);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metricsRegistry));

    // The admin routes take the header or a console session (whose cookie the session handler reads).
    AdminGuard guard = new AdminGuard(config.adminSecret(), sessions);
    for (String admin : new String[] {"/shows", "/shows/*", "/people/*", "/sync_runs", "/sync_runs/*", "/blobs/*",
        "/sync_facebank_seeds", "/sync_batches", "/sync_batches/*"}) {
      router.route(admin).handler(sessions.handler()).handler(guard);
    }
    BodyHandler reader = BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
    Handler<RoutingContext> body = ctx -> {
      readAsJson(ctx.request());
      reader.handle(ctx);
    };
    router.get("/shows").handler(shows::list);
    router.post("/shows").handler(body).handler(shows::upsert);
    router.get("/shows/:show_id").handler(shows::get);
    router.get("/shows/:show_id/cast").handler(shows::listCast);
    router.post("/shows/:show_id/cast").handler(body).handler(shows::addCast);
    router.post("/shows/:show_id/sync_facebank_seeds").handler(body).handler(sync::trigger);
    router.get("/shows/:show_id/sync_runs").handler(runs::history);
    router.get("/sync_runs/:run_id").handler(runs::get);
    router.get("/sync_runs/:run_id/events").handler(runs::events);
    router.post("/sync_runs/:run_id/cancel").handler(body).handler(runs::cancel);
    router.get("/sync_runs/:run_id/changes").handler(runs::changes);
    router.post("/sync_runs/:run_id/retry").handler(body).handler(runs::retry);
    router.post("/sync_facebank_seeds").handler(body).handler(batches::start);
    router.get("/sync_batches").handler(batches::list);
    router.get("/sync_batches/:batch_id").handler(batches::get);
    router.get("/sync_batches/:batch_id/events").handler(batches::events);
    router.get("/people/:person_id/facebank").handler(people::faceBank);
    router.post("/people/:person_id/facebank/:image_id/approve").handler(body).handler(people::approve);
    router.post("/people/:person_id/facebank/:image_id/reject").handler(body).handler(people::reject);
    router.get(BlobsApi.PREFIX + "*").handler(new BlobsApi(blobs)::get);
    ConsoleRoutes.mount(router, vertx, config, sessions, new AdminGuard(config.adminSecret(), null), body);

    router.route().failureHandler(ApiVerticle::failure);
    router.errorHandler(404, ctx -> Responses.error(ctx, ErrorCode.NOT_FOUND, "no route " + ctx.request().path()));
    router.errorHandler(405, ctx -> Responses.error(ctx, ErrorCode.METHOD_NOT_ALLOWED,
        ctx.request().method() + " is not allowed on " + ctx.request().path()));

    edge = new ConnectionGuard(vertx, config.httpIdleTimeoutS(), config.httpHeaderTimeoutS(),
        config.httpBodyTimeoutS(), config.httpMaxConnections());
    edge.start();
    // No h2c detection: with it a connection only exists once its first bytes have arrived, so a
    // connection that sends nothing would escape the header timeout and the cap.
    return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
        .connectionHandler(edge::opened)
        // A client gone mid-body, a bad chunk size: the client's doing, one line at DEBUG.
        .exceptionHandler(e -> LOG.debug("HTTP connection failed: {}", e.toString()))
        .requestHandler(request -> {
          edge.requestStarted(request);
          headers.apply(request.response());
          // The router throws on a path it cannot decode, and logs the stack trace of a client's typo.
          if (!decodable(request.path())) {
            Responses.json(request.response(), ErrorCode.httpStatusOf(ErrorCode.INVALID_PATH.code()),
                Responses.errorBody(ErrorCode.INVALID_PATH.code(), ErrorCode.INVALID_PATH.description()));
            return;
          }
          Optional<String> refused = EdgeChecks.refusal(request);
          if (refused.isPresent()) {
            request.exceptionHandler(e -> LOG.debug("{} {}: {}", request.method(), request.path(), e.toString()));
            Responses.json(request.response(), 400, new JsonObject(refused.get()));
            return;
          }
          request.exceptionHandler(e -> LOG.debug("{} {}: the client went away ({})", request.method(),
              request.path(), e.toString()));
          router.handle(request);
        })
        .listen(config.httpPort(), config.httpHost())
        .onSuccess(listening -> server = listening);
  }

  @Override
  public Future<?> stop() {
    if (edge != null) {
      edge.stop();
    }
    return sessions == null ? Future.succeededFuture() : sessions.close();
  }

  /** The port actually bound (HTTP_PORT 0 picks a free one). */
  public int port() {
    return server.actualPort();
  }

  /**
   * Every body of this API is JSON, whatever its Content-Type says. A form type (curl -d sends
   * one) would make Vert.x decode the body as a form as well, which fails with a 500 on a field
   * over 8 KiB; so form types are read as the JSON text they carry.
   */
  private static void readAsJson(HttpServerRequest request) {
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (type != null && (type.regionMatches(true, 0, "multipart/", 0, 10)
        || type.regionMatches(true, 0, "application/x-www-form-urlencoded", 0, 33))) {
      request.headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
    }
  }

  private static boolean decodable(String path) {
    try {
      URLDecoder.decode(path, StandardCharsets.UTF_8);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Thrown validation errors and framework failures (413 from the body handler, ...) alike. */
  private static void failure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure != null) {
      Responses.failure(ctx, failure);
    } else if (ctx.statusCode() == ErrorCode.BODY_TOO_LARGE.httpStatus()) {
      Responses.error(ctx, ErrorCode.BODY_TOO_LARGE, "the request body is larger than " + BODY_LIMIT + " bytes");
    } else {
      // A framework status with no code of ours: passed through as it is.
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      Responses.json(ctx, status, Responses.errorBody(status == 404 ? "not_found" : "http_" + status,
          "request failed with HTTP " + status));
    }
  }
}
