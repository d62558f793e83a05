package com.screenalytics.facebank.http;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
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
import java.util.function.Consumer;

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

  /**
   * The batch's progress: first a "batch" event holding the batch as it stands, then each
   * show_started / show_finished as it happens on any node, until batch_finished. It subscribes
   * before reading the batch, and drops the live events the snapshot already tells.
   */
  void events(RoutingContext ctx) {
    UUID batchId = batchId(ctx);
    List<JsonObject> held = new ArrayList<>();
    boolean[] state = new boolean[2]; // [0] snapshot written, [1] ended
    Set<String> finishedShows = new HashSet<>();
    HttpServerResponse response = ctx.response();
    MessageConsumer<JsonObject> live = vertx.eventBus().consumer(Addresses.batchEvents(batchId));
    Runnable end = () -> {
      if (!state[1]) {
        state[1] = true;
        live.unregister();
        if (!response.ended() && !response.closed()) {
          response.end();
        }
      }
    };
    Consumer<JsonObject> write = event -> {
      if (state[1]) {
        return;
      }
      String type = event.getString("type");
      if ("show_finished".equals(type) && !finishedShows.add(event.getString("show_id"))) {
        return;
      }
      if (("show_started".equals(type)) && finishedShows.contains(event.getString("show_id"))) {
        return;
      }
      response.write("event: " + type + "\ndata: " + event.encode() + "\n\n");
      if ("batch_finished".equals(type)) {
        end.run();
      }
    };
    live.handler(message -> {
      if (state[0]) {
        write.accept(message.body());
      } else {
        held.add(message.body());
      }
    });
    response.closeHandler(closed -> end.run());
    live.completion()
        .compose(registered -> SyncClient.ask(vertx, Addresses.here(Addresses.BATCH_GET),
            new JsonObject().put("batch_id", batchId.toString()), new DeliveryOptions(), batch -> 200))
        .onSuccess(answer -> {
          if (answer.httpStatus() != 200) {
            state[1] = true;
            live.unregister();
            Responses.json(ctx, answer.httpStatus(), answer.body());
            return;
          }
          JsonObject batch = answer.body();
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
          state[0] = true;
          if (!"running".equals(batch.getString("status"))) {
            end.run();
            return;
          }
          held.forEach(write);
          held.clear();
        })
        .onFailure(e -> {
          state[1] = true;
          live.unregister();
          Responses.failure(ctx, e);
        });
  }

  private void ask(RoutingContext ctx, String address, JsonObject body) {
    SyncClient.ask(vertx, address, body, new DeliveryOptions(), answered -> 200)
        .onSuccess(answer -> Responses.json(ctx, answer.httpStatus(), answer.body()))
        .onFailure(e -> Responses.failure(ctx, e));
  }

  private static UUID batchId(RoutingContext ctx) {
    String value = ctx.pathParam("batch_id");
    try {
      UUID id = UUID.fromString(value);
      if (id.toString().equalsIgnoreCase(value)) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw new FacebankException(ErrorCode.INVALID_ID, "batch_id must be a UUID");
  }
}
