package com.screenalytics.facebank.http;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.sync.SyncClient;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One GET /sync_batches/{batch_id}/events stream (Server-Sent Events): first a "batch" event
 * holding the batch as it stands, then each show_started / show_finished as it happens on any
 * node, until batch_finished; then the stream ends. It subscribes before reading the batch,
 * holding live events until the snapshot is written, and drops the live events the snapshot
 * already tells (a show it reports done).
 */
final class BatchEventStream {

  private final Vertx vertx;
  private final RoutingContext ctx;
  private final UUID batchId;
  private final List<JsonObject> heldBack = new ArrayList<>();
  private final Set<String> finishedShows = new HashSet<>();
  private boolean snapshotWritten;
  private boolean ended;
  private MessageConsumer<JsonObject> live;

  BatchEventStream(Vertx vertx, RoutingContext ctx, UUID batchId) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.batchId = batchId;
  }

  void start() {
    live = vertx.eventBus().consumer(Addresses.batchEvents(batchId));
    live.handler(message -> {
      if (snapshotWritten) {
        write(message.body());
      } else {
        heldBack.add(message.body());
      }
    });
    ctx.response().closeHandler(closed -> end());
    live.completion()
        .compose(registered -> SyncClient.ask(vertx, Addresses.here(Addresses.BATCH_GET),
            new JsonObject().put("batch_id", batchId.toString()), new DeliveryOptions(), batch -> 200))
        .onSuccess(answer -> {
          if (answer.httpStatus() != 200) {
            stop();
            Responses.json(ctx, answer.httpStatus(), answer.body());
            return;
          }
          open(answer.body());
        })
        .onFailure(e -> {
          stop();
          Responses.failure(ctx, e);
        });
  }

  private void open(JsonObject batch) {
    HttpServerResponse response = ctx.response();
    response.setStatusCode(200).setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    response.write("event: batch\ndata: " + batch.encode() + "\n\n");
    batch.getJsonArray("shows").forEach(show -> {
      JsonObject s = (JsonObject) show;
      if ("done".equals(s.getString("state"))) {
        finishedShows.add(s.getString("show_id"));
      }
    });
    snapshotWritten = true;
    if (!"running".equals(batch.getString("status"))) {
      end();
      return;
    }
    heldBack.forEach(this::write);
    heldBack.clear();
  }

  private void write(JsonObject event) {
    if (ended) {
      return;
    }
    String type = event.getString("type");
    if ("show_finished".equals(type) && !finishedShows.add(event.getString("show_id"))) {
      return;
    }
    if ("show_started".equals(type) && finishedShows.contains(event.getString("show_id"))) {
      return;
    }
    ctx.response().write("event: " + type + "\ndata: " + event.encode() + "\n\n");
    if ("batch_finished".equals(type)) {
      end();
    }
  }

  /** The stream is over: no more events, the response ends (unless the client is gone). */
  private void end() {
    if (!ended) {
      stop();
      HttpServerResponse response = ctx.response();
      if (!response.ended() && !response.closed()) {
        response.end();
      }
    }
  }

  /** No more events: the subscription goes; the response is left to the caller. */
  private void stop() {
    ended = true;
    live.unregister();
  }
}
