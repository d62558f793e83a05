package com.screenalytics.facebank.http;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.sync.SyncRequest;
import com.screenalytics.facebank.sync.SyncService;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
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
    DeliveryOptions options = new DeliveryOptions()
        .setSendTimeout(timeoutMs)
        .addHeader(Addresses.TRIGGER_HEADER, "http");
    vertx.eventBus().<JsonObject>request(Addresses.SYNC, request.toJson(), options)
        .onSuccess(reply -> Responses.json(ctx, SyncService.httpStatus(reply.body()), reply.body()))
        .onFailure(e -> {
          if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
            String code = reply.getMessage();
            String message = ErrorCode.fromCode(code).map(ErrorCode::description).orElse(code);
            Responses.json(ctx, reply.failureCode(),
                Responses.errorBody(code, message).put("show_id", request.showId()));
          } else if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
            Responses.error(ctx, ErrorCode.SYNC_TIMEOUT, ErrorCode.SYNC_TIMEOUT.description());
          } else {
            Responses.failure(ctx, e);
          }
        });
  }
}
