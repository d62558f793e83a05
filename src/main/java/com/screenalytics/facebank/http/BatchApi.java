package com.screenalytics.facebank.http;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.sync.SyncClient;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * Batches: POST /sync_facebank_seeds (every linked show, or body "show_ids"), GET /sync_batches,
 * GET /sync_batches/{batch_id} and its events as Server-Sent Events. Validates at the edge and
 * asks the batch addresses, like any sibling verticle could.
 */
final class BatchApi {

  private final Vertx vertx;

  BatchApi(Vertx vertx) {
    this.vertx = vertx;
  }

  void start(RoutingContext ctx) {
    JsonObject body = Responses.bodyObject(ctx, true);
    DeliveryOptions options = new DeliveryOptions()
        .addHeader(Addresses.TRIGGER_HEADER, "http")
        .addHeader(Addresses.TRIGGERED_BY_HEADER, AdminGuard.actor(ctx));
    Responses.started(ctx, SyncClient.ask(vertx, Addresses.here(Addresses.SYNC_ALL), body, options, answer -> 202));
  }

  void list(RoutingContext ctx) {
    JsonObject query = new JsonObject();
    String limit = ctx.queryParams().get("limit");
    if (limit != null) {
      if (!limit.matches("\\d{1,9}")) {
        throw new FacebankException(ErrorCode.INVALID_QUERY, "limit must be a positive integer");
      }
      query.put("limit", Long.parseLong(limit));
    }
    ask(ctx, Addresses.here(Addresses.BATCH_LIST), query);
  }

  void get(RoutingContext ctx) {
    ask(ctx, Addresses.here(Addresses.BATCH_GET), new JsonObject().put("batch_id", batchId(ctx).toString()));
  }

  /** GET /sync_batches/{batch_id}/events: see {@link BatchEventStream}. */
  void events(RoutingContext ctx) {
    new BatchEventStream(vertx, ctx, batchId(ctx)).start();
  }

  private void ask(RoutingContext ctx, String address, JsonObject body) {
    SyncClient.ask(vertx, address, body, new DeliveryOptions(), answered -> 200)
        .onSuccess(answer -> Responses.json(ctx, answer.httpStatus(), answer.body()))
        .onFailure(e -> Responses.failure(ctx, e));
  }

  private static UUID batchId(RoutingContext ctx) {
    return Fields.canonicalUuid(ctx.pathParam("batch_id"), ErrorCode.INVALID_ID, "batch_id must be a UUID");
  }
}
