package com.screenalytics.facebank.testsupport;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server of image files on 127.0.0.1 and a random port, for the mirror stage: files at
 * paths (sent with whatever Content-Type a test says, which the service must not trust),
 * redirects, an answer that never comes, a body sent without Content-Length, a latency for every
 * answer, and a hold that keeps requests until a test releases them (no timing involved).
 * Counts every request per path.
 */
public final class ImageServer {

  private record Entry(int status, Buffer body, String contentType, String location, boolean chunked,
                       boolean never) {
  }

  private final Vertx vertx;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final List<Runnable> held = new ArrayList<>();
  private final List<Map.Entry<Integer, Promise<Void>>> watches = new CopyOnWriteArrayList<>();
  private volatile long latencyMs;
  private boolean holding;
  private HttpServer server;

  private ImageServer(Vertx vertx) {
    this.vertx = vertx;
  }

  public static Future<ImageServer> start(Vertx vertx) {
    ImageServer images = new ImageServer(vertx);
    return vertx.createHttpServer().requestHandler(images::handle).listen(0, "127.0.0.1").map(server -> {
      images.server = server;
      return images;
    });
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  /** Serves {@code bytes} at {@code path} with {@code contentType}; answers the URL. */
  public String serve(String path, byte[] bytes, String contentType) {
    entries.put(path, new Entry(200, Buffer.buffer(bytes), contentType, null, false, false));
    return url(path);
  }

  /** Serves {@code bytes} without a Content-Length (chunked): a size cap must count what arrives. */
  public String serveChunked(String path, byte[] bytes, String contentType) {
    entries.put(path, new Entry(200, Buffer.buffer(bytes), contentType, null, true, false));
    return url(path);
  }

  public String status(String path, int status) {
    entries.put(path, new Entry(status, Buffer.buffer("{\"detail\":\"scripted\"}"), "application/json", null,
        false, false));
    return url(path);
  }

  /** A 302 to {@code location} (absolute, or relative to this server). */
  public String redirect(String path, String location) {
    entries.put(path, new Entry(302, Buffer.buffer(), null, location, false, false));
    return url(path);
  }

  /** Takes the request and never answers. */
  public String never(String path) {
    entries.put(path, new Entry(200, null, null, null, false, true));
    return url(path);
  }

  /** Every later answer waits this long: the latency of a remote image host. */
  public void latency(long ms) {
    this.latencyMs = ms;
  }

  /** Holds every later request until {@link #release()}. */
  public synchronized void hold() {
    holding = true;
  }

  public void release() {
    List<Runnable> go;
    synchronized (this) {
      holding = false;
      go = List.copyOf(held);
      held.clear();
    }
    go.forEach(Runnable::run);
  }

  /** Completes once {@code count} requests have arrived in all. */
  public Future<Void> awaitRequests(int count) {
    Promise<Void> reached = Promise.promise();
    watches.add(Map.entry(count, reached));
    if (total.get() >= count) {
      reached.tryComplete();
    }
    return reached.future();
  }

  public int hits(String path) {
    AtomicInteger count = hits.get(path);
    return count == null ? 0 : count.get();
  }

  public int requests() {
    return total.get();
  }

  public int maxInFlight() {
    return maxInFlight.get();
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    int now = total.incrementAndGet();
    int open = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(open, Math::max);
    request.response().endHandler(ignored -> inFlight.decrementAndGet());
    watches.forEach(watch -> {
      if (now >= watch.getKey()) {
        watch.getValue().tryComplete();
      }
    });
    Runnable answer = () -> {
      if (latencyMs > 0) {
        vertx.setTimer(latencyMs, id -> answer(request, path));
      } else {
        answer(request, path);
      }
    };
    io.vertx.core.Context context = vertx.getOrCreateContext();
    synchronized (this) {
      if (holding) {
        held.add(() -> context.runOnContext(ignored -> answer.run()));
        return;
      }
    }
    answer.run();
  }

  private void answer(HttpServerRequest request, String path) {
    Entry entry = entries.get(path);
    if (entry == null) {
      request.response().setStatusCode(404).end("not found");
      return;
    }
    if (entry.never()) {
      return;
    }
    var response = request.response().setStatusCode(entry.status());
    if (entry.location() != null) {
      response.putHeader("Location", entry.location());
    }
    if (entry.contentType() != null) {
      response.putHeader("Content-Type", entry.contentType());
    }
    if (entry.chunked()) {
      response.setChunked(true);
      Buffer body = entry.body();
      int chunk = 16 * 1024;
      for (int i = 0; i < body.length(); i += chunk) {
        response.write(body.slice(i, Math.min(body.length(), i + chunk)));
      }
      response.end();
    } else {
      response.end(entry.body());
    }
  }
}
