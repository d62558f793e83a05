package com.screenalytics.facebank.http;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.sync.SyncService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Asks a sync address over the event bus, as any sibling verticle would, and turns the reply into
 * the HTTP answer: a JSON body with its status, or the ReplyException's status and error code.
 */
final class BusCall {

  private BusCall() {
  }

  static Future<JsonObject> ask(Vertx vertx, String address, JsonObject body, DeliveryOptions options) {
    return vertx.eventBus().<JsonObject>request(address, body, options).map(reply -> reply.body());
  }

  /** Answers with the reply, its status from its body (see SyncService.httpStatus), or with the failure. */
  static void respond(RoutingContext ctx, Future<JsonObject> reply, JsonObject errorFields) {
    reply.onSuccess(body -> Responses.json(ctx, SyncService.httpStatus(body), body))
        .onFailure(e -> fail(ctx, e, errorFields));
  }

  /** Answers with the reply and a fixed status, or with the failure. */
  static void respond(RoutingContext ctx, Future<JsonObject> reply, int status) {
    reply.onSuccess(body -> Responses.json(ctx, status, body)).onFailure(e -> fail(ctx, e, new JsonObject()));
  }

  static void fail(RoutingContext ctx, Throwable e, JsonObject errorFields) {
    if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      String code = reply.getMessage();
      String message = ErrorCode.fromCode(code).map(ErrorCode::description).orElse(code);
      Responses.json(ctx, reply.failureCode(), Responses.errorBody(code, message).mergeIn(errorFields));
    } else if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
      Responses.error(ctx, ErrorCode.SYNC_TIMEOUT, ErrorCode.SYNC_TIMEOUT.description());
    } else {
      Responses.failure(ctx, e);
    }
  }
}
