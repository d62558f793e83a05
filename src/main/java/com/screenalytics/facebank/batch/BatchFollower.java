package com.screenalytics.facebank.batch;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.sync.SyncClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Starts a batch on {@code facebank.sync.all} and answers the batch once it has ended, as a caller
 * on the bus would: it listens to the batch's events, then reads the batch (it may have ended in
 * between), and reads it again at batch_finished. A refused batch answers its error body.
 */
public final class BatchFollower {

  private BatchFollower() {
  }

  public static Future<JsonObject> run(Vertx vertx, JsonObject body, String triggeredBy, long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions()
        .addHeader(Addresses.TRIGGER_HEADER, "cli")
        .addHeader(Addresses.TRIGGERED_BY_HEADER, triggeredBy);
    return SyncClient.ask(vertx, Addresses.here(Addresses.SYNC_ALL), body, options, answer -> 202).compose(started -> {
      if (started.httpStatus() != 202) {
        return Future.succeededFuture(started.body());
      }
      UUID batchId = UUID.fromString(started.body().getString("batch_id"));
      Promise<JsonObject> ended = Promise.promise();
      MessageConsumer<JsonObject> events = vertx.eventBus().consumer(Addresses.batchEvents(batchId), message -> {
        if ("batch_finished".equals(message.body().getString("type"))) {
          read(vertx, batchId).onComplete(ended);
        }
      });
      events.completion().compose(registered -> read(vertx, batchId)).onSuccess(batch -> {
        if (!"running".equals(batch.getString("status"))) {
          ended.tryComplete(batch);
        }
      }).onFailure(ended::tryFail);
      return ended.future().timeout(timeoutMs, TimeUnit.MILLISECONDS).eventually(events::unregister);
    });
  }

  private static Future<JsonObject> read(Vertx vertx, UUID batchId) {
    return SyncClient.ask(vertx, Addresses.here(Addresses.BATCH_GET), new JsonObject().put("batch_id", batchId.toString()),
        new DeliveryOptions(), batch -> 200).map(SyncClient.Answer::body);
  }
}
