package com.screenalytics.facebank.testsupport;

import com.screenalytics.facebank.testsupport.TestDatabases.TestDb;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A real HTTP server implementing the TRR photos API (shared/trr/photos-api.md) on 127.0.0.1 and a
 * random port. It answers from the TRR fixture DB unless a reply is scripted for the person, and
 * records every call it receives.
 *
 * <p>Request handling order: record the call, check the bearer token (401), validate person_id and
 * query (422), then the scripted reply if any, else the database.
 */
public final class PhotosServer {

  public static final String PATH = "/api/v1/screenalytics/people/:person_id/photos";

  /**
   * One received request; query values are raw (null when absent). {@code receivedAtNanos} is
   * System.nanoTime() on arrival, for the spacing of calls.
   */
  public record Call(String personId, String seedOnly, String limit, String offset,
                     String authorization, String path, long receivedAtNanos) {}

  /**
   * A scripted answer; {@code body} is sent verbatim as application/json (none if null), after
   * {@code delayMs}, with {@code headers}; {@code chunked} sends it without a Content-Length.
   */
  public record Reply(int status, String body, long delayMs, Map<String, String> headers, boolean chunked) {

    public static Reply json(JsonArray rows) {
      return raw(200, rows.encode());
    }

    /** The status with a FastAPI-style error body. */
    public static Reply status(int status) {
      return raw(status, new JsonObject().put("detail", "scripted " + status).encode());
    }

    public static Reply raw(int status, String body) {
      return new Reply(status, body, 0, Map.of(), false);
    }

    public static Reply delayed(Reply reply, long delayMs) {
      return new Reply(reply.status(), reply.body(), delayMs, reply.headers(), reply.chunked());
    }

    public Reply withHeader(String name, String value) {
      Map<String, String> all = new java.util.LinkedHashMap<>(headers);
      all.put(name, value);
      return new Reply(status, body, delayMs, Map.copyOf(all), chunked);
    }

    public Reply chunkedBody() {
      return new Reply(status, body, delayMs, headers, true);
    }
  }

  private record ScriptKey(UUID personId, Boolean seedOnly) {}

  private static final int CHUNK = 64 * 1024;
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  // What pydantic accepts for a bool query parameter.
  private static final Set<String> TRUE = Set.of("true", "1", "yes", "on", "t", "y");
  private static final Set<String> FALSE = Set.of("false", "0", "no", "off", "f", "n");

  private static final String PHOTOS_SQL = """
      SELECT v.served_url, v.hosted_key, v.is_primary, v.width, v.height, v.kind,
             v.media_asset_id, a.source_url, v.hosted_url, v.source, v.facebank_seed
      FROM core.v_person_images v
      JOIN core.media_assets a ON a.id = v.media_asset_id
      WHERE v.person_id = $1 AND (NOT $2 OR v.facebank_seed)
      ORDER BY v.is_primary DESC, v.position ASC
      LIMIT $3 OFFSET $4""";

  private final Vertx vertx;
  private final Pool pool;
  private final String token;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<ScriptKey, Deque<Reply>> scripts = new ConcurrentHashMap<>();
  private final List<CallWatch> watches = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile long defaultDelayMs;
  private volatile HttpServer server;

  /** Completes once the server has received {@code count} calls. */
  private record CallWatch(int count, Promise<Void> reached) {}

  private PhotosServer(Vertx vertx, Pool pool, String token) {
    this.vertx = vertx;
    this.pool = pool;
    this.token = token;
  }

  /**
   * Starts the server. {@code trrDb} may be null for a server that only answers scripted replies
   * (unscripted calls then get 500).
   */
  public static Future<PhotosServer> start(Vertx vertx, TestDb trrDb, String token) {
    Pool pool = trrDb == null ? null : PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(4))
        .connectingTo(PgConnectOptions.fromUri(trrDb.url()))
        .using(vertx)
        .build();
    PhotosServer photos = new PhotosServer(vertx, pool, token);
    Router router = Router.router(vertx);
    router.get(PATH).handler(photos::handle);
    return vertx.createHttpServer()
        .requestHandler(router)
        .listen(0, "127.0.0.1")
        .map(server -> {
          photos.server = server;
          return photos;
        })
        .onFailure(e -> photos.closePool());
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public Future<Void> close() {
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed.eventually(this::closePool);
  }

  /** Every call received so far, in arrival order (a snapshot). */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  public List<Call> callsFor(UUID personId) {
    return calls.stream().filter(c -> personId.toString().equalsIgnoreCase(c.personId())).toList();
  }

  public void clearCalls() {
    calls.clear();
  }

  /** Completes once {@code count} calls have arrived in all (at once when they already have). */
  public Future<Void> awaitCalls(int count) {
    CallWatch watch = new CallWatch(count, Promise.promise());
    watches.add(watch);
    if (calls.size() >= count) {
      watch.reached().tryComplete();
    }
    return watch.reached().future();
  }

  /** The most requests this server has had open at one moment (arrived, not yet answered). */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  /** Delays every answer that is not scripted with a delay of its own (0 = none). */
  public void delayAll(long delayMs) {
    this.defaultDelayMs = delayMs;
  }

  /**
   * Overrides the DB answer for a person. {@code seedOnly} null matches any call; a script for
   * the exact seed_only value wins over the "any" one. Replies queue per key and are consumed in
   * order, the last one staying in place for every later call.
   */
  public void script(UUID personId, Boolean seedOnly, Reply reply) {
    Deque<Reply> queue = scripts.computeIfAbsent(new ScriptKey(personId, seedOnly), k -> new ArrayDeque<>());
    synchronized (queue) {
      queue.addLast(reply);
    }
  }

  public void clearScripts() {
    scripts.clear();
  }

  private void handle(RoutingContext ctx) {
    String personId = ctx.pathParam("person_id");
    String seedOnlyRaw = ctx.queryParams().get("seed_only");
    String limitRaw = ctx.queryParams().get("limit");
    String offsetRaw = ctx.queryParams().get("offset");
    String authorization = ctx.request().getHeader("Authorization");
    calls.add(new Call(personId, seedOnlyRaw, limitRaw, offsetRaw, authorization, ctx.request().uri(),
        System.nanoTime()));
    watches.forEach(watch -> {
      if (calls.size() >= watch.count()) {
        watch.reached().tryComplete();
      }
    });
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    // Out of flight once answered or abandoned by the client, whichever comes first.
    AtomicBoolean answered = new AtomicBoolean();
    Runnable leave = () -> {
      if (answered.compareAndSet(false, true)) {
        inFlight.decrementAndGet();
      }
    };
    ctx.response().endHandler(ignored -> leave.run());
    ctx.response().closeHandler(ignored -> leave.run());

    if (!authorized(authorization)) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      send(ctx.response(), 401, new JsonObject().put("detail", "Not authenticated").encode());
      return;
    }
    if (!UUID_TEXT.matcher(personId).matches()) {
      invalid(ctx, "path", "person_id", "Input should be a valid UUID");
      return;
    }
    Boolean seedOnly = seedOnlyRaw == null ? Boolean.FALSE : parseBool(seedOnlyRaw);
    if (seedOnly == null) {
      invalid(ctx, "query", "seed_only", "Input should be a valid boolean");
      return;
    }
    Integer limit = parseInt(limitRaw, 200);
    if (limit == null || limit < 1 || limit > 500) {
      invalid(ctx, "query", "limit", "Input should be an integer between 1 and 500");
      return;
    }
    Integer offset = parseInt(offsetRaw, 0);
    if (offset == null || offset < 0) {
      invalid(ctx, "query", "offset", "Input should be an integer >= 0");
      return;
    }

    UUID person = UUID.fromString(personId);
    Reply scripted = nextScripted(person, seedOnly);
    if (scripted != null) {
      reply(ctx.response(), scripted.delayMs() > 0 ? scripted : Reply.delayed(scripted, defaultDelayMs));
    } else if (pool == null) {
      send(ctx.response(), 500, new JsonObject().put("detail", "no TRR fixture database").encode());
    } else {
      pool.preparedQuery(PHOTOS_SQL)
          .execute(Tuple.of(person, seedOnly, limit, offset))
          .map(rows -> {
            JsonArray out = new JsonArray();
            rows.forEach(row -> out.add(toJson(row)));
            return out;
          })
          .onSuccess(rows -> reply(ctx.response(), Reply.delayed(Reply.json(rows), defaultDelayMs)))
          .onFailure(e -> send(ctx.response(), 500,
              new JsonObject().put("detail", "fixture query failed: " + e.getMessage()).encode()));
    }
  }

  private boolean authorized(String header) {
    return header != null
        && header.regionMatches(true, 0, "Bearer ", 0, 7)
        && header.substring(7).equals(token);
  }

  private Reply nextScripted(UUID person, boolean seedOnly) {
    Deque<Reply> queue = scripts.get(new ScriptKey(person, seedOnly));
    if (queue == null) {
      queue = scripts.get(new ScriptKey(person, null));
    }
    if (queue == null) {
      return null;
    }
    synchronized (queue) {
      return queue.size() > 1 ? queue.pollFirst() : queue.peekFirst();
    }
  }

  private void reply(HttpServerResponse response, Reply reply) {
    if (reply.delayMs() <= 0) {
      send(response, reply);
    } else {
      vertx.setTimer(reply.delayMs(), id -> send(response, reply));
    }
  }

  private static void send(HttpServerResponse response, int status, String body) {
    send(response, Reply.raw(status, body));
  }

  private static void send(HttpServerResponse response, Reply reply) {
    // A client that timed out on a delayed reply has already gone away.
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(reply.status());
    reply.headers().forEach(response::putHeader);
    if (reply.body() == null) {
      response.end();
      return;
    }
    response.putHeader("Content-Type", "application/json");
    if (reply.chunked()) {
      response.setChunked(true);
      // Several writes, so the client sees a stream with no declared length.
      Buffer all = Buffer.buffer(reply.body());
      for (int at = 0; at < all.length(); at += CHUNK) {
        response.write(all.slice(at, Math.min(all.length(), at + CHUNK)));
      }
      response.end();
    } else {
      response.end(reply.body());
    }
  }

  private static void invalid(RoutingContext ctx, String where, String name, String message) {
    JsonObject error = new JsonObject()
        .put("loc", new JsonArray().add(where).add(name))
        .put("msg", message)
        .put("type", "value_error");
    send(ctx.response(), 422, new JsonObject().put("detail", new JsonArray().add(error)).encode());
  }

  private static JsonObject toJson(Row row) {
    JsonObject json = new JsonObject();
    for (int i = 0; i < row.size(); i++) {
      Object value = row.getValue(i);
      json.put(row.getColumnName(i), value instanceof UUID ? value.toString() : value);
    }
    return json;
  }

  private static Boolean parseBool(String raw) {
    String v = raw.trim().toLowerCase(Locale.ROOT);
    return TRUE.contains(v) ? Boolean.TRUE : FALSE.contains(v) ? Boolean.FALSE : null;
  }

  private static Integer parseInt(String raw, int defaultValue) {
    if (raw == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private Future<Void> closePool() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
