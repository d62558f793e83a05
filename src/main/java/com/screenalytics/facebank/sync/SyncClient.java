package com.screenalytics.facebank.sync;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * The caller's side of {@link Addresses#SYNC}, shared by the HTTP trigger and the {@code sync}
 * command: sends the request and turns every answer, the failures without a result body
 * included, into an HTTP status and a result-shaped body.
 */
public final class SyncClient {

  /** What a caller reports: the HTTP status of the outcome and the JSON body. */
  public record Answer(int httpStatus, JsonObject body) {

    /** The body's status: ok, partial or error. */
    public String status() {
      return body.getString("status");
    }
  }

  private SyncClient() {
  }

  /**
   * Runs one sync through the event bus. The future fails only when no sync verticle could
   * answer at all (nothing registered, an unexpected failure); the caller reports that as a 500.
   */
  public static Future<Answer> send(Vertx vertx, SyncRequest request, String trigger, long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions()
        .setSendTimeout(timeoutMs)
        .addHeader(Addresses.TRIGGER_HEADER, trigger);
    return vertx.eventBus().<JsonObject>request(Addresses.SYNC, request.toJson(), options)
        .map(reply -> new Answer(SyncResult.httpStatus(reply.body()), reply.body()))
        .recover(e -> {
          if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
            String code = reply.getMessage();
            String message = ErrorCode.fromCode(code).map(ErrorCode::description).orElse(code);
            return Future.succeededFuture(new Answer(reply.failureCode(),
                FacebankException.errorBody(code, message).put("show_id", request.showId())));
          }
          if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
            ErrorCode timeout = ErrorCode.SYNC_TIMEOUT;
            return Future.succeededFuture(new Answer(timeout.httpStatus(),
                FacebankException.errorBody(timeout.code(), timeout.description())));
          }
          return Future.failedFuture(e);
        });
  }
}
