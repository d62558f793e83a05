package com.screenalytics.facebank.http;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.contract.ShowIds;
import com.screenalytics.facebank.sync.SyncClient;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.math.BigInteger;
import java.util.UUID;

/**
 * The sync runs as jobs: GET /sync_runs/{run_id}, its events as Server-Sent Events, its cancel,
 * and GET /shows/{show_id}/sync_runs (history). Validates at the edge and asks the sync
 * verticle's run addresses, like any sibling verticle could.
 */
final class RunsApi {

  private final Vertx vertx;
  private final long pollMs;
  private final long syncTimeoutMs;

  RunsApi(Vertx vertx, long pollMs) {
    this(vertx, pollMs, 3_600_000);
  }

  /** {@code syncTimeoutMs}: how long a retry waits for its run's result (SYNC_TIMEOUT_MS). */
  RunsApi(Vertx vertx, long pollMs, long syncTimeoutMs) {
    this.vertx = vertx;
    this.pollMs = pollMs;
    this.syncTimeoutMs = syncTimeoutMs;
  }

  void get(RoutingContext ctx) {
    ask(ctx, Addresses.here(Addresses.RUN_GET), new JsonObject().put("run_id", runId(ctx).toString()), 200);
  }

  void cancel(RoutingContext ctx) {
    ask(ctx, Addresses.here(Addresses.RUN_CANCEL), new JsonObject().put("run_id", runId(ctx).toString()), 202);
  }

  /** GET /sync_runs/{run_id}/changes?against={other_run_id}. */
  void changes(RoutingContext ctx) {
    JsonObject body = new JsonObject().put("run_id", runId(ctx).toString());
    String against = ctx.queryParams().get("against");
    if (against != null) {
      UUID other = Fields.canonicalUuid(against, ErrorCode.INVALID_QUERY, "against must be a run_id");
      body.put("against", other.toString());
    }
    ask(ctx, Addresses.here(Addresses.RUN_CHANGES), body, 200);
  }

  /** POST /sync_runs/{run_id}/retry[?async=true]: answers like the trigger. */
  void retry(RoutingContext ctx) {
    boolean async = SyncApi.flag("async", ctx.queryParams().get("async"));
    Responses.started(ctx, SyncClient.retry(vertx, runId(ctx), async, "http", AdminGuard.actor(ctx), syncTimeoutMs));
  }

  void events(RoutingContext ctx) {
    new RunEventStream(vertx, ctx, runId(ctx), lastEventId(ctx.request().getHeader("Last-Event-ID")), pollMs).start();
  }

  /** ?limit= (an integer, clamped to 1–100; default 20) and ?before= (a run_id: runs older than it). */
  void history(RoutingContext ctx) {
    String showId = ShowIds.normalize(ctx.pathParam("show_id"));
    JsonObject query = new JsonObject().put("show_id", showId);
    String limit = ctx.queryParams().get("limit");
    if (limit != null) {
      query.put("limit", integer(limit));
    }
    String before = ctx.queryParams().get("before");
    if (before != null) {
      UUID older = Fields.canonicalUuid(before, ErrorCode.INVALID_QUERY, "before must be a run_id");
      query.put("before", older.toString());
    }
    ask(ctx, Addresses.here(Addresses.RUN_HISTORY), query, 200);
  }

  private void ask(RoutingContext ctx, String address, JsonObject body, int status) {
    SyncClient.ask(vertx, address, body, new DeliveryOptions(), answered -> status)
        .onSuccess(answer -> Responses.json(ctx, answer.httpStatus(), answer.body()))
        .onFailure(e -> Responses.failure(ctx, e));
  }

  private static UUID runId(RoutingContext ctx) {
    return Fields.canonicalUuid(ctx.pathParam("run_id"), ErrorCode.INVALID_ID, "run_id must be a UUID");
  }

  /** An integer however large (the verticle clamps it); anything else is a 400. */
  private static long integer(String value) {
    if (!value.matches("[+-]?\\d{1,1000}")) {
      throw new FacebankException(ErrorCode.INVALID_QUERY, "limit must be an integer");
    }
    return new BigInteger(value).max(BigInteger.valueOf(Long.MIN_VALUE)).min(BigInteger.valueOf(Long.MAX_VALUE))
        .longValue();
  }

  /** A reconnecting EventSource sends the last seq it saw; anything unreadable starts from the top. */
  private static int lastEventId(String header) {
    if (header == null || !header.matches("\\d{1,9}")) {
      return 0;
    }
    return Integer.parseInt(header);
  }
}
