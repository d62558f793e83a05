package com.screenalytics.facebank.testsupport;

import com.screenalytics.facebank.testsupport.TestDatabases.TestDb;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
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

  /** One received request; query values are raw (null when absent). */
  public record Call(String personId, String seedOnly, String limit, String offset,
                     String authorization, String path) {}

  /** A scripted answer; {@code body} is sent verbatim as application/json (none if null). */
  public record Reply(int status, String body, long delayMs) {

    public static Reply json(JsonArray rows) {
      return new Reply(200, rows.encode(), 0);
    }

    /** The status with a FastAPI-style error body. */
    public static Reply status(int status) {
      return new Reply(status, new JsonObject().put("detail", "scripted " + status).encode(), 0);
    }

    public static Reply raw(int status, String body) {
      return new Reply(status, body, 0);
    }

    public static Reply delayed(Reply reply, long delayMs) {
      return new Reply(reply.status(), reply.body(), delayMs);
    }
  }

  private record ScriptKey(UUID personId, Boolean seedOnly) {}

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
  private final Map<UUID, Gate> gates = new ConcurrentHashMap<>();
  private volatile long latencyMs;
  private volatile boolean recording = true;
  private final AtomicLong callCount = new AtomicLong();
  private volatile HttpServer server;

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

  /** How many calls arrived, recorded or not. */
  public long callCount() {
    return callCount.get();
  }

  /** Stops keeping each call (a benchmark's thousands of calls would weigh on its heap figures). */
  public void stopRecording() {
    recording = false;
  }

  /** Adds a fixed latency to every answer from the database, as a remote API would have. */
  public void latency(long millis) {
    latencyMs = millis;
  }

  /**
   * Holds every later call for the person (after the token and input checks) until the gate is
   * opened: a run stays in the middle for as long as a test needs, with no timing involved.
   */
  public Gate gate(UUID personId) {
    Gate gate = new Gate();
    gates.put(personId, gate);
    return gate;
  }

  /** See {@link #gate(UUID)}. */
  public static final class Gate {
    private final Promise<Void> arrived = Promise.promise();
    private final List<Runnable> held = new ArrayList<>();
    private boolean open;

    /** Completes when the first call reaches the gate. */
    public Future<Void> arrived() {
      return arrived.future();
    }

    /** Lets the held calls, and every later one, through. */
    public void open() {
      List<Runnable> release;
      synchronized (this) {
        open = true;
        release = List.copyOf(held);
        held.clear();
      }
      release.forEach(Runnable::run);
    }

    private void hold(Runnable call) {
      boolean runNow;
      synchronized (this) {
        runNow = open;
        if (!open) {
          held.add(call);
        }
      }
      arrived.tryComplete();
      if (runNow) {
        call.run();
      }
    }
  }

  private void handle(RoutingContext ctx) {
    String personId = ctx.pathParam("person_id");
    String seedOnlyRaw = ctx.queryParams().get("seed_only");
    String limitRaw = ctx.queryParams().get("limit");
    String offsetRaw = ctx.queryParams().get("offset");
    String authorization = ctx.request().getHeader("Authorization");
    callCount.incrementAndGet();
    if (recording) {
      calls.add(new Call(personId, seedOnlyRaw, limitRaw, offsetRaw, authorization, ctx.request().uri()));
    }

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
    Gate gate = gates.get(person);
    if (gate != null) {
      Context context = vertx.getOrCreateContext();
      gate.hold(() -> context.runOnContext(ignored -> answer(ctx, person, seedOnly, limit, offset)));
    } else {
      answer(ctx, person, seedOnly, limit, offset);
    }
  }

  private void answer(RoutingContext ctx, UUID person, boolean seedOnly, int limit, int offset) {
    Reply scripted = nextScripted(person, seedOnly);
    if (scripted != null) {
      reply(ctx.response(), scripted);
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
          .onSuccess(rows -> reply(ctx.response(), new Reply(200, rows.encode(), latencyMs)))
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
      send(response, reply.status(), reply.body());
    } else {
      vertx.setTimer(reply.delayMs(), id -> send(response, reply.status(), reply.body()));
    }
  }

  private static void send(HttpServerResponse response, int status, String body) {
    // A client that timed out on a delayed reply has already gone away.
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status);
    if (body == null) {
      response.end();
    } else {
      response.putHeader("Content-Type", "application/json").end(body);
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
