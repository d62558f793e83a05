package com.screenalytics.facebank.http;

import com.screenalytics.facebank.contract.ErrorCode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the HTTP edge, per connection (the server's {@code connectionHandler}) and per request:
 * <ul>
 *   <li>a connection's first request must arrive within the header timeout (a fresh connection
 *       that sends nothing, or headers that trickle in, is closed);
 *   <li>a connection with no request in progress is closed after the idle timeout (a request in
 *       progress, such as a sync waited for, is never cut);
 *   <li>a request body that makes no progress for the body timeout is answered 408 and its
 *       connection closed;
 *   <li>at most {@code maxConnections} are open: at the cap, the connection idle the longest
 *       makes room for the new one, so an idle flood cannot lock callers out; only when every
 *       connection has a request in progress is the new one closed at once.
 * </ul>
 * Vert.x's own idle timeout is not used: it would also cut a request waiting for its answer.
 * Every call happens on the HTTP verticle's context (one event loop), so no locking.
 */
final class ConnectionGuard {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

  /** One open connection. */
  private static final class State {
    final HttpConnection conn;
    final long openedAt;
    long idleSince;
    /** Requests whose response has not ended yet (HTTP/1.1 may pipeline several). */
    final List<HttpServerRequest> inProgress = new ArrayList<>(1);
    boolean anyRequest;
    HttpServerRequest receiving;
    long bytesSeen;
    long progressAt;

    State(HttpConnection conn, long now) {
      this.conn = conn;
      this.openedAt = now;
      this.idleSince = now;
    }
  }

  private final Vertx vertx;
  private final long idleTimeoutMs;
  private final long headerTimeoutMs;
  private final long bodyTimeoutMs;
  private final int maxConnections;
  private final Map<HttpConnection, State> open = new HashMap<>();
  /** The connections with no request in progress, the one idle the longest first. */
  private final LinkedHashMap<HttpConnection, State> idle = new LinkedHashMap<>();
  private long sweeper = -1;
  private long evicted;
  private long refused;

  ConnectionGuard(Vertx vertx, int idleTimeoutS, int headerTimeoutS, int bodyTimeoutS, int maxConnections) {
    this.vertx = vertx;
    this.idleTimeoutMs = idleTimeoutS * 1000L;
    this.headerTimeoutMs = headerTimeoutS * 1000L;
    this.bodyTimeoutMs = bodyTimeoutS * 1000L;
    this.maxConnections = maxConnections;
  }

  /** Starts the periodic check of the timeouts (a quarter of the shortest one, 250 ms at least). */
  void start() {
    long period = Math.max(250, Math.min(idleTimeoutMs, Math.min(headerTimeoutMs, bodyTimeoutMs)) / 4);
    sweeper = vertx.setPeriodic(period, id -> sweep());
  }

  void stop() {
    if (sweeper >= 0) {
      vertx.cancelTimer(sweeper);
    }
  }

  /** The server's connectionHandler. */
  void opened(HttpConnection conn) {
    long now = now();
    if (open.size() >= maxConnections) {
      if (idle.isEmpty()) {
        open.values().forEach(this::refresh);
      }
      Iterator<State> oldest = idle.values().iterator();
      if (!oldest.hasNext()) {
        if (refused++ % 1000 == 0) {
          LOG.warn("HTTP connection cap HTTP_MAX_CONNECTIONS={} reached with every connection busy: new "
              + "connections are closed at once ({} so far)", maxConnections, refused);
        }
        conn.close();
        return;
      }
      State victim = oldest.next();
      if (evicted++ % 1000 == 0) {
        LOG.warn("HTTP connection cap HTTP_MAX_CONNECTIONS={} reached: closing the connection idle the longest to "
            + "make room ({} so far)", maxConnections, evicted);
      }
      close(victim);
    }
    State state = new State(conn, now);
    open.put(conn, state);
    idle.put(conn, state);
    conn.closeHandler(closed -> forget(conn));
    // The client's doing (gone, garbage): one DEBUG line, unless a request in progress reports it.
    conn.exceptionHandler(e -> {
      if (state.inProgress.isEmpty()) {
        LOG.debug("HTTP connection from {}: {}", conn.remoteAddress(), e.toString());
      } else {
        LOG.trace("HTTP connection from {}: {}", conn.remoteAddress(), e.toString());
      }
    });
  }

  /** A request's headers arrived: its connection is busy until the response has ended. */
  void requestStarted(HttpServerRequest request) {
    State state = open.get(request.connection());
    if (state == null) {
      return; // closed meanwhile: nothing to bound
    }
    state.anyRequest = true;
    state.inProgress.add(request);
    idle.remove(state.conn);
    if (!request.isEnded()) {
      state.receiving = request;
      state.bytesSeen = request.bytesRead();
      state.progressAt = now();
    }
  }

  /**
   * Drops the requests whose response has ended; a connection left with none is idle from now.
   * Polled (each sweep, and at the cap) rather than hooked: a response has one end handler, and
   * the router's end handlers use it.
   */
  private void refresh(State state) {
    if (state.inProgress.isEmpty()) {
      return;
    }
    state.inProgress.removeIf(request -> request.response().ended() || request.response().closed());
    if (state.receiving != null && (state.receiving.isEnded() || !state.inProgress.contains(state.receiving))) {
      state.receiving = null;
    }
    if (state.inProgress.isEmpty()) {
      state.idleSince = now();
      idle.put(state.conn, state);
    }
  }

  private void sweep() {
    long now = now();
    for (State state : open.values().toArray(State[]::new)) {
      refresh(state);
      if (state.inProgress.isEmpty()) {
        long limit = state.anyRequest ? idleTimeoutMs : Math.min(headerTimeoutMs, idleTimeoutMs);
        if (now - state.idleSince >= limit) {
          LOG.debug("Closing HTTP connection from {}: {}", state.conn.remoteAddress(),
              state.anyRequest ? "idle for HTTP_IDLE_TIMEOUT_S" : "no request within HTTP_HEADER_TIMEOUT_S");
          close(state);
        }
        continue;
      }
      HttpServerRequest request = state.receiving;
      if (request == null) {
        continue;
      }
      if (request.bytesRead() != state.bytesSeen) {
        state.bytesSeen = request.bytesRead();
        state.progressAt = now;
      } else if (now - state.progressAt >= bodyTimeoutMs) {
        LOG.info("{} {} from {}: the request body stalled for HTTP_BODY_TIMEOUT_S; answered 408", request.method(),
            request.path(), state.conn.remoteAddress());
        state.receiving = null;
        Responses.json(request.response().putHeader("Connection", "close"), ErrorCode.REQUEST_TIMEOUT.httpStatus(),
            Responses.errorBody(ErrorCode.REQUEST_TIMEOUT.code(), ErrorCode.REQUEST_TIMEOUT.description()));
        vertx.setTimer(100, id -> close(state));
      }
    }
  }

  private void close(State state) {
    forget(state.conn);
    state.conn.close();
  }

  private void forget(HttpConnection conn) {
    open.remove(conn);
    idle.remove(conn);
  }

  /** Connections open now (for /metrics and tests of the edge). */
  int openConnections() {
    return open.size();
  }

  private static long now() {
    return System.nanoTime() / 1_000_000;
  }
}
