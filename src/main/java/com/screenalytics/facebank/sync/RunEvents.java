package com.screenalytics.facebank.sync;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.contract.SyncEvents;
import com.screenalytics.facebank.pipeline.Pipeline;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Publishes one run's progress on {@link Addresses#SYNC_EVENTS} (every run's) and on
 * {@link Addresses#runEvents} (this run's only, what an events stream hears), and keeps every
 * event it published, so a late follower can replay them and the run can save them. Every event carries
 * type, run_id, show_id, a per-run sequence number (1, 2, …) and a timestamp. A run's events are
 * published from one context, so subscribers see them in sequence order.
 */
final class RunEvents implements Pipeline.Progress {

  private final Vertx vertx;
  private final UUID runId;
  private final String showId;
  private final String ownAddress;
  private final List<JsonObject> log = new ArrayList<>();

  RunEvents(Vertx vertx, UUID runId, String showId) {
    this.vertx = vertx;
    this.runId = runId;
    this.showId = showId;
    this.ownAddress = Addresses.runEvents(runId);
  }

  @Override
  public void stageStarted(String stage) {
    publish(SyncEvents.STAGE_STARTED, new JsonObject().put("stage", stage));
  }

  @Override
  public void stageFinished(String stage) {
    publish(SyncEvents.STAGE_FINISHED, new JsonObject().put("stage", stage));
  }

  /** The person's result plus done, total and eta_seconds. */
  @Override
  public void personFinished(JsonObject result, int done, int total, double etaSeconds) {
    publish(SyncEvents.PERSON_FINISHED, new JsonObject().mergeIn(result)
        .put("done", done).put("total", total).put("eta_seconds", Math.round(etaSeconds * 10) / 10.0));
  }

  public void publish(String type, JsonObject details) {
    announce(append(type, details));
  }

  /**
   * Adds an event to the run's log without publishing it yet: the run's last event is saved with
   * the run's outcome first, so whoever hears it can read the recorded run.
   */
  public JsonObject append(String type, JsonObject details) {
    JsonObject event = new JsonObject()
        .put("type", type)
        .put("run_id", runId.toString())
        .put("show_id", showId)
        .put("seq", log.size() + 1)
        .put("at", Instant.now().toString())
        .mergeIn(details);
    log.add(event);
    return event;
  }

  /** Publishes an event made by {@link #append}. */
  public void announce(JsonObject event) {
    vertx.eventBus().publish(Addresses.SYNC_EVENTS, event);
    vertx.eventBus().publish(ownAddress, event);
  }

  /** How many events have been published; the last one's seq. */
  public int count() {
    return log.size();
  }

  /** The events with a seq above {@code afterSeq}, in order (a copy). */
  public List<JsonObject> after(int afterSeq) {
    int from = Math.max(0, Math.min(afterSeq, log.size()));
    return List.copyOf(log.subList(from, log.size()));
  }

  /** Whether the run has published its last event. */
  public boolean finished() {
    return endsWithRunFinished(log);
  }

  /** Whether a run's events, in order, end with run_finished: the run is over. */
  public static boolean endsWithRunFinished(List<JsonObject> events) {
    return !events.isEmpty() && SyncEvents.RUN_FINISHED.equals(events.get(events.size() - 1).getString("type"));
  }
}
