package com.screenalytics.facebank.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * The demo's TRR backend on 127.0.0.1: the photos API ({@link PhotosApi}, bearer token) from the
 * demo TRR database, and the photo files themselves under {@code /media/…}, the hosted URLs the
 * API serves: generated PNG portraits, open to anyone like a CDN.
 */
final class DemoPhotosServer {

  static final String MEDIA_PREFIX = "/media/";

  private static final String MEDIA_SQL = """
      SELECT p.full_name, v.position, v.width, v.height
      FROM core.v_person_images v
      JOIN core.people p ON p.id = v.person_id
      WHERE v.hosted_key = $1
      LIMIT 1""";

  private final Pool pool;
  private final HttpServer server;

  private DemoPhotosServer(Pool pool, HttpServer server) {
    this.pool = pool;
    this.server = server;
  }

  /** Listens on 127.0.0.1:{@code port} (0: any free port). */
  static Future<DemoPhotosServer> start(Vertx vertx, String trrDbUrl, String token, int port) {
    Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(4).setName("demo-photos"))
        .connectingTo(PgConnectOptions.fromUri(trrDbUrl))
        .using(vertx)
        .build();
    Router router = Router.router(vertx);
    router.get(PhotosApi.PATH)
        .handler(PhotosApi.authenticate(token))
        .handler(PhotosApi.validate())
        .handler(PhotosApi.fromDatabase(pool));
    router.get(MEDIA_PREFIX + "*").handler(ctx -> media(vertx, pool, ctx));
    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(port, "127.0.0.1")
        .recover(e -> pool.close().transform(ignored -> Future.failedFuture(new IllegalStateException(
            "the demo photos API cannot listen on 127.0.0.1:" + port + " (" + e.getMessage()
                + "); set " + DemoMode.PHOTOS_PORT + " to a free port, or 0 for any", e))))
        .map(server -> new DemoPhotosServer(pool, server));
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  Future<Void> close() {
    return server.close().eventually(pool::close);
  }

  /** A photo's file as served. */
  record MediaFile(byte[] bytes, String contentType) {
  }

  /**
   * The file of a person's photo: its portrait; or, for a {@link DemoCatalogue.Copy}, the very
   * bytes of the photo it copies, or that photo resized and recompressed as a JPEG.
   */
  static MediaFile file(String name, int position, int width, int height) {
    var copy = DemoCatalogue.copy(name, position);
    if (copy.isEmpty()) {
      return new MediaFile(PortraitRenderer.png(name, position, width, height, DemoCatalogue.figures(name, position)),
          "image/png");
    }
    int of = copy.get().of();
    byte[] original = PortraitRenderer.png(name, of, DemoCatalogue.width(of), DemoCatalogue.height(of));
    return copy.get().resized()
        ? new MediaFile(PortraitRenderer.resizedJpeg(original, copy.get().width(), copy.get().height()), "image/jpeg")
        : new MediaFile(original, "image/png");
  }

  /** GET /media/{hosted_key}: the photo's file, drawn off the event loop. */
  private static void media(Vertx vertx, Pool pool, RoutingContext ctx) {
    String key = ctx.request().path().substring(1);
    pool.preparedQuery(MEDIA_SQL).execute(Tuple.of(key))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(null);
          }
          Row row = rows.iterator().next();
          return vertx.executeBlocking(() -> file(row.getString("full_name"), row.getInteger("position"),
              row.getInteger("width"), row.getInteger("height")), false);
        })
        .onSuccess(file -> {
          if (file == null) {
            PhotosApi.send(ctx.response(), 404, new JsonObject().put("detail", "Not Found").encode());
          } else {
            ctx.response().putHeader("Content-Type", file.contentType())
                .putHeader("Cache-Control", "public, max-age=86400")
                .end(Buffer.buffer(file.bytes()));
          }
        })
        .onFailure(ctx::fail);
  }
}
