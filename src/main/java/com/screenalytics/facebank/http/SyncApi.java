package com.screenalytics.facebank.http;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.sync.SyncClient;
import com.screenalytics.facebank.sync.SyncRequest;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * POST /shows/{show_id}/sync_facebank_seeds[?async=true]. Validates at the edge, then asks
 * {@link Addresses#SYNC} like any other caller, so HTTP and the event bus share one code path.
 */
final class SyncApi {

  static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

  private final Vertx vertx;
  private final long timeoutMs;

  SyncApi(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  void trigger(RoutingContext ctx) {
    SyncRequest request = SyncRequest.of(ctx.pathParam("show_id"), Responses.bodyObject(ctx, true),
        flag("async", ctx.queryParams().get("async")), ctx.request().getHeader(IDEMPOTENCY_KEY_HEADER))
        .dryRun(flag("dry_run", ctx.queryParams().get("dry_run")));
    Responses.started(ctx, SyncClient.send(vertx, request, "http", AdminGuard.actor(ctx), timeoutMs));
  }

  /** ?async, ?dry_run: absent → false; true / false (any case); anything else is a 400. */
  static boolean flag(String name, String value) {
    if (value == null) {
      return false;
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new FacebankException(ErrorCode.INVALID_QUERY, name + " must be true or false");
  }
}
