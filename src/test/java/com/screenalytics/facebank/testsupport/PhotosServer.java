package com.screenalytics.facebank.testsupport;

import com.screenalytics.facebank.demo.PhotosApi;
import com.screenalytics.facebank.demo.PhotosApi.Query;
import com.screenalytics.facebank.testsupport.TestDatabases.TestDb;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP server implementing the TRR photos API (shared/trr/photos-api.md) on 127.0.0.1 and a
 * random port: the demo's {@link PhotosApi} handlers, plus call recording and scripted replies. It
 * answers from the TRR fixture DB unless a reply is scripted for the person.
 *
 * <p>Request handling order: record the call, check the bearer token (401), validate person_id and
 * query (422), hold it at the person's gate if any, then the scripted reply if any, else the
 * database's, looked up at once and sent the default delay (if one is set) after the call got there.
 */
public final class PhotosServer {

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
      Map<String, String> all = new LinkedHashMap<>(headers);
      all.put(name, value);
      return new Reply(status, body, delayMs, Map.copyOf(all), chunked);
    }

    public Reply chunkedBody() {
      return new Reply(status, body, delayMs, headers, true);
    }
  }

  /** Completes once the server has received {@code count} calls. */
  private record CallWatch(int count, Promise<Void> reached) {}

  private static final int CHUNK = 64 * 1024;

  private record ScriptKey(UUID personId, Boolean seedOnly) {}

  private final Vertx vertx;
  private final Pool pool;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<ScriptKey, Deque<Reply>> scripts = new ConcurrentHashMap<>();
  private final Map<UUID, Gate> gates = new ConcurrentHashMap<>();
  private final AtomicLong callCount = new AtomicLong();
  private volatile boolean recording = true;
  private final List<CallWatch> watches = new CopyOnWriteArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicLong openNanos = new AtomicLong();
  private final AtomicLong answeredCalls = new AtomicLong();
  private final AtomicLong firstArrivalNanos = new AtomicLong();
  private final AtomicLong lastAnswerNanos = new AtomicLong();
  private volatile long defaultDelayMs;
  private volatile HttpServer server;

  private PhotosServer(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
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
    PhotosServer photos = new PhotosServer(vertx, pool);
    Router router = Router.router(vertx);
    router.get(PhotosApi.PATH)
        .handler(photos::record)
        .handler(PhotosApi.authenticate(token))
        .handler(PhotosApi.validate())
        .handler(photos::gated)
        .handler(photos::scripted)
        .handler(pool == null ? photos::noDatabase : photos::fromDatabase);
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

  /**
   * How busy the server was since the last call of this method: the calls' open time added up
   * (arrival to answer), and the window from the first arrival to the last answer. A benchmark
   * reads from them how full it kept the in-flight cap.
   */
  public Occupancy takeOccupancy() {
    return new Occupancy(answeredCalls.getAndSet(0), openNanos.getAndSet(0), firstArrivalNanos.getAndSet(0),
        lastAnswerNanos.getAndSet(0));
  }

  /** See {@link #takeOccupancy()}: nanoseconds, the two moments as System.nanoTime(). */
  public record Occupancy(long calls, long openNanos, long firstArrivalNanos, long lastAnswerNanos) {

    /** How long a call was open on average, in milliseconds. */
    public double meanOpenMs() {
      return calls == 0 ? 0 : openNanos / 1e6 / calls;
    }

    /** The average number of calls open at once from the first arrival to the last answer. */
    public double averageOpen() {
      long window = lastAnswerNanos - firstArrivalNanos;
      return window <= 0 ? 0 : (double) openNanos / window;
    }
  }

  /**
   * Delays every answer that is not scripted with a delay of its own (0 = none): the latency of a
   * remote API.
   */
  public void delayAll(long delayMs) {
    this.defaultDelayMs = delayMs;
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

  private void record(RoutingContext ctx) {
    callCount.incrementAndGet();
    if (recording) {
      calls.add(new Call(ctx.pathParam("person_id"), ctx.queryParams().get("seed_only"), ctx.queryParams().get("limit"),
          ctx.queryParams().get("offset"), ctx.request().getHeader("Authorization"), ctx.request().uri(),
          System.nanoTime()));
      watches.forEach(watch -> {
        if (calls.size() >= watch.count()) {
          watch.reached().tryComplete();
        }
      });
    }
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    long arrived = System.nanoTime();
    firstArrivalNanos.compareAndSet(0, arrived);
    // Out of flight once answered or abandoned by the client, whichever comes first.
    AtomicBoolean answered = new AtomicBoolean();
    Runnable leave = () -> {
      if (answered.compareAndSet(false, true)) {
        inFlight.decrementAndGet();
        long now = System.nanoTime();
        openNanos.addAndGet(now - arrived);
        answeredCalls.incrementAndGet();
        lastAnswerNanos.accumulateAndGet(now, Math::max);
      }
    };
    ctx.response().endHandler(ignored -> leave.run());
    ctx.response().closeHandler(ignored -> leave.run());
    ctx.next();
  }

  private void gated(RoutingContext ctx) {
    Gate gate = gates.get(PhotosApi.query(ctx).personId());
    if (gate == null) {
      ctx.next();
    } else {
      Context context = vertx.getOrCreateContext();
      gate.hold(() -> context.runOnContext(ignored -> ctx.next()));
    }
  }

  /**
   * The database's answer, {@code defaultDelayMs} after the call got here: the look-up runs while
   * the latency passes, as a remote API's own work does, so each call takes the latency it is
   * given (and only longer when the look-up itself takes longer).
   */
  private void fromDatabase(RoutingContext ctx) {
    long answerAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(defaultDelayMs);
    PhotosApi.lookup(pool, PhotosApi.query(ctx)).onSuccess(answer -> {
      Runnable send = () -> PhotosApi.send(ctx.response(), answer.status(), answer.body());
      long waitNanos = answerAt - System.nanoTime();
      if (waitNanos <= 0) {
        send.run();
      } else {
        vertx.timer(waitNanos, TimeUnit.NANOSECONDS).onSuccess(ignored -> send.run());
      }
    });
  }

  private void scripted(RoutingContext ctx) {
    Query query = PhotosApi.query(ctx);
    Reply scripted = nextScripted(query.personId(), query.seedOnly());
    if (scripted == null) {
      ctx.next();
      return;
    }
    long delay = scripted.delayMs() > 0 ? scripted.delayMs() : defaultDelayMs;
    if (delay <= 0) {
      send(ctx.response(), scripted);
    } else {
      vertx.setTimer(delay, id -> send(ctx.response(), scripted));
    }
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

  private void noDatabase(RoutingContext ctx) {
    PhotosApi.send(ctx.response(), 500, new JsonObject().put("detail", "no TRR fixture database").encode());
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

  private Future<Void> closePool() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
