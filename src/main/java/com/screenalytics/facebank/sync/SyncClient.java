package com.screenalytics.facebank.sync;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.ErrorReply;
import com.screenalytics.facebank.contract.FacebankException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.function.ToIntFunction;

/**
 * The caller's side of the sync addresses ({@link Addresses}), shared by the HTTP API and the
 * {@code sync} command: sends a request and turns every answer, the failures without a body
 * included, into an HTTP status and a JSON body.
 */
public final class SyncClient {

  /** What a caller reports: the HTTP status of the outcome and the JSON body. */
  public record Answer(int httpStatus, JsonObject body) {

    /** The body's status: ok, partial, error, running, … */
    public String status() {
      return body.getString("status");
    }
  }

  private SyncClient() {
  }

  /**
   * Runs one sync through {@link Addresses#SYNC} (an async request answers once the run is
   * recorded). The status is the outcome's: 200, 202 for a run still going, or its error's.
   */
  public static Future<Answer> send(Vertx vertx, SyncRequest request, String trigger, String triggeredBy,
                                   long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions()
        .setSendTimeout(timeoutMs)
        .addHeader(Addresses.TRIGGER_HEADER, trigger)
        .addHeader(Addresses.TRIGGERED_BY_HEADER, triggeredBy);
    return ask(vertx, Addresses.SYNC, request.toJson(), options, SyncResult::httpStatus).map(answer -> {
      if (answer.status().equals("error") && !answer.body().containsKey("show_id")) {
        answer.body().put("show_id", request.showId());
      }
      return answer;
    });
  }

  /**
   * Retries the people who failed in run {@code runId} through this process's {@link Addresses#RUN_RETRY}; the
   * answer's status is that of a sync (200, 202 for a run still going, or its error's).
   */
  public static Future<Answer> retry(Vertx vertx, UUID runId, boolean async, String trigger,
                                     String triggeredBy, long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions()
        .setSendTimeout(timeoutMs)
        .addHeader(Addresses.TRIGGER_HEADER, trigger)
        .addHeader(Addresses.TRIGGERED_BY_HEADER, triggeredBy);
    JsonObject body = new JsonObject().put("run_id", runId.toString()).put("async", async);
    return ask(vertx, Addresses.here(Addresses.RUN_RETRY), body, options, SyncResult::httpStatus);
  }

  /**
   * Asks one of the sync addresses. The future fails only when nobody could answer at all
   * (nothing registered, an unexpected failure); the caller reports that as a 500.
   */
  public static Future<Answer> ask(Vertx vertx, String address, JsonObject body, DeliveryOptions options,
                                   ToIntFunction<JsonObject> successStatus) {
    return vertx.eventBus().<JsonObject>request(address, body, options)
        .map(reply -> new Answer(successStatus.applyAsInt(reply.body()), reply.body()))
        .recover(e -> {
          if (e instanceof ErrorReply reply) {
            return Future.succeededFuture(new Answer(ErrorCode.httpStatusOf(reply.code()),
                new JsonObject().put("status", "error").put("error", reply.errorJson())));
          }
          if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
            // A sibling that answers with a bare fail(status, code): the code and its description.
            String code = reply.getMessage();
            String message = ErrorCode.fromCode(code).map(ErrorCode::description).orElse(code);
            return Future.succeededFuture(new Answer(ErrorCode.httpStatusOf(code),
                FacebankException.errorBody(code, message)));
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
