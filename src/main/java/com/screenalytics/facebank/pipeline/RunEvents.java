package com.screenalytics.facebank.pipeline;

import com.screenalytics.facebank.contract.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * Publishes one run's progress on {@link Addresses#SYNC_EVENTS}. Every event carries type,
 * run_id, show_id, a per-run sequence number and a timestamp; a run's events are published from
 * one context, so subscribers see them in sequence order.
 */
public final class RunEvents {

  private final Vertx vertx;
  private final UUID runId;
  private final String showId;
  private long seq;

  public RunEvents(Vertx vertx, UUID runId, String showId) {
    this.vertx = vertx;
    this.runId = runId;
    this.showId = showId;
  }

  public void publish(String type, JsonObject details) {
    JsonObject event = new JsonObject()
        .put("type", type)
        .put("run_id", runId.toString())
        .put("show_id", showId)
        .put("seq", ++seq)
        .put("at", Instant.now().toString())
        .mergeIn(details);
    vertx.eventBus().publish(Addresses.SYNC_EVENTS, event);
  }
}
