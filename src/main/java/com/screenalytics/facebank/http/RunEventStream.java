package com.screenalytics.facebank.http;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.contract.SyncEvents;
import com.screenalytics.facebank.sync.SyncClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One GET /sync_runs/{run_id}/events stream (Server-Sent Events): first what already happened in
 * the run, then what happens next, until run_finished; then the stream ends.
 *
 * <p>It subscribes to the run's own address ({@link Addresses#runEvents}: it hears no other run)
 * before asking for the replay, holding live events until the replay is written, and writes each
 * seq once, in order. It respects the HTTP write queue: when the client reads slower than the run
 * goes, the subscription is paused until the queue drains, and whatever went missing meanwhile
 * (the paused subscription keeps a bounded buffer) is read back from the run's log. A run going
 * on in another process publishes nothing here, so such a run is polled from the database
 * instead. Each event is written as {@code id: <seq>}, {@code event: <type>}, {@code data:
 * <json>}; a reconnecting client's Last-Event-ID resumes after that seq.
 */
final class RunEventStream {

  static final long KEEP_ALIVE_MS = 15_000;

  private final Vertx vertx;
  private final RoutingContext ctx;
  private final UUID runId;
  private final long pollMs;
  private final List<JsonObject> heldBack = new ArrayList<>();
  private int lastSeq;
  private boolean replayed;
  private boolean catchingUp;
  private boolean ended;
  private MessageConsumer<JsonObject> live;
  private long pollTimer = -1;
  private long keepAliveTimer = -1;

  RunEventStream(Vertx vertx, RoutingContext ctx, UUID runId, int lastSeq, long pollMs) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.runId = runId;
    this.lastSeq = lastSeq;
    this.pollMs = pollMs;
  }

  void start() {
    ctx.response().closeHandler(closed -> stop());
    live = vertx.eventBus().consumer(Addresses.runEvents(runId), message -> onLive(message.body()));
    live.completion()
        .compose(registered -> askAfterLastSeq())
        .onSuccess(answer -> {
          if (answer.httpStatus() != 200) {
            stop();
            Responses.json(ctx, answer.httpStatus(), answer.body());
            return;
          }
          open();
          answer.body().getJsonArray("events").forEach(event -> write((JsonObject) event));
          replayed = true;
          heldBack.forEach(this::write);
          heldBack.clear();
          next(answer.body());
        })
        .onFailure(e -> {
          stop();
          Responses.failure(ctx, e);
        });
  }

  private Future<SyncClient.Answer> askAfterLastSeq() {
    return SyncClient.ask(vertx, Addresses.here(Addresses.RUN_EVENTS), new JsonObject().put("run_id", runId.toString())
        .put("after", lastSeq), new DeliveryOptions(), events -> 200);
  }

  /** After a replay or a poll: end, wait for live events, or poll again. */
  private void next(JsonObject reply) {
    if (ended) {
      return;
    }
    if (reply.getBoolean("finished")) {
      end();
    } else if (!reply.getBoolean("live")) {
      pollTimer = vertx.setTimer(pollMs, id -> askAfterLastSeq().onComplete(polled -> {
        if (polled.failed() || polled.result().httpStatus() != 200) {
          end();
          return;
        }
        polled.result().body().getJsonArray("events").forEach(event -> write((JsonObject) event));
        next(polled.result().body());
      }));
    }
  }

  private void onLive(JsonObject event) {
    if (ended) {
      return;
    }
    if (!replayed || catchingUp) {
      heldBack.add(event);
    } else if (event.getInteger("seq") > lastSeq + 1) {
      heldBack.add(event);
      catchUp();
    } else {
      write(event);
    }
  }

  /** Some events were not delivered (dropped while paused): read them back from the run's log. */
  private void catchUp() {
    catchingUp = true;
    askAfterLastSeq().onComplete(asked -> {
      catchingUp = false;
      if (asked.failed() || asked.result().httpStatus() != 200) {
        end();
        return;
      }
      asked.result().body().getJsonArray("events").forEach(event -> write((JsonObject) event));
      if (Boolean.TRUE.equals(asked.result().body().getBoolean("finished"))) {
        // Ended. If this stream has not written its end (the run's node left the cluster mid-run
        // and a survivor marked it interrupted: the events this stream had live were never saved,
        // so the record's end is numbered below them), it writes the recorded run as the end.
        heldBack.clear();
        if (ended) {
          return;
        }
        SyncClient.ask(vertx, Addresses.here(Addresses.RUN_GET), new JsonObject().put("run_id", runId.toString()),
            new DeliveryOptions(), view -> 200).onComplete(view -> {
              if (view.succeeded() && view.result().httpStatus() == 200) {
                write(view.result().body().put("type", SyncEvents.RUN_FINISHED).put("run_id", runId.toString())
                    .put("seq", lastSeq + 1));
              }
              end();
            });
        return;
      }
      List<JsonObject> held = List.copyOf(heldBack);
      heldBack.clear();
      held.forEach(this::write);
    });
  }

  private void open() {
    ctx.response()
        .setStatusCode(200)
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    ctx.response().write(": events of run " + runId + "\n\n");
    keepAliveTimer = vertx.setPeriodic(KEEP_ALIVE_MS, id -> {
      if (!ended) {
        ctx.response().write(": keep-alive\n\n");
      }
    });
  }

  private void write(JsonObject event) {
    int seq = event.getInteger("seq");
    if (ended || seq <= lastSeq) {
      return;
    }
    lastSeq = seq;
    String type = event.getString("type");
    HttpServerResponse response = ctx.response();
    response.write("id: " + seq + "\nevent: " + type + "\ndata: " + event.encode() + "\n\n");
    if (SyncEvents.RUN_FINISHED.equals(type)) {
      end();
    } else if (response.writeQueueFull()) {
      live.pause();
      response.drainHandler(drained -> {
        if (!ended) {
          live.resume();
        }
      });
    }
  }

  private void end() {
    if (ended) {
      return;
    }
    stop();
    HttpServerResponse response = ctx.response();
    if (!response.ended() && !response.closed()) {
      response.end();
    }
  }

  private void stop() {
    ended = true;
    if (live != null) {
      live.unregister();
    }
    vertx.cancelTimer(pollTimer);
    vertx.cancelTimer(keepAliveTimer);
  }
}
