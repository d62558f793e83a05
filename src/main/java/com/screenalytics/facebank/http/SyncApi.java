package com.screenalytics.facebank.http;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.sync.SyncClient;
import com.screenalytics.facebank.sync.SyncRequest;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * POST /shows/{show_id}/sync_facebank_seeds. Validates at the edge, then asks
 * {@link Addresses#SYNC} like any other caller, so HTTP and the event bus share one code path.
 */
final class SyncApi {

  private final Vertx vertx;
  private final long timeoutMs;

  SyncApi(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  void trigger(RoutingContext ctx) {
    SyncRequest request = SyncRequest.of(ctx.pathParam("show_id"), Responses.bodyObject(ctx, true));
    SyncClient.send(vertx, request, "http", timeoutMs)
        .onSuccess(answer -> Responses.json(ctx, answer.httpStatus(), answer.body()))
        .onFailure(e -> Responses.failure(ctx, e));
  }
}
