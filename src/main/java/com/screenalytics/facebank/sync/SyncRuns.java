package com.screenalytics.facebank.sync;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.contract.SyncEvents;
import com.screenalytics.facebank.db.ShowRepository;
import com.screenalytics.facebank.db.SyncRunRepository;
import com.screenalytics.facebank.db.SyncRunRow;
import com.screenalytics.facebank.pipeline.SyncContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs of this process while they go, and every run's view, events, cancel and history.
 * A run going on here is answered from memory; any other run (finished, or going on in another
 * process sharing the database) from the database, where each running run saves its new events
 * every checkpoint and picks up cancel requests made elsewhere. All calls happen on the sync
 * verticle's context.
 */
final class SyncRuns {

  private static final Logger LOG = LoggerFactory.getLogger(SyncRuns.class);

  /** A run going on in this process. */
  static final class Active {
    final SyncContext sync;
    final RunEvents events;
    private int saved;
    private boolean saving;
    private long timer;

    private Active(SyncContext sync, RunEvents events) {
      this.sync = sync;
      this.events = events;
    }
  }

  private final Vertx vertx;
  private final SyncRunRepository runs;
  private final ShowRepository shows;
  private final long checkpointMs;
  private final Map<UUID, Active> active = new HashMap<>();

  SyncRuns(Vertx vertx, SyncRunRepository runs, ShowRepository shows, long checkpointMs) {
    this.vertx = vertx;
    this.runs = runs;
    this.shows = shows;
    this.checkpointMs = checkpointMs;
  }

  // ---- runs going on here --------------------------------------------------------------------

  Active track(SyncContext sync, RunEvents events) {
    Active run = new Active(sync, events);
    run.timer = vertx.setPeriodic(checkpointMs, id -> checkpoint(run));
    active.put(sync.runId(), run);
    return run;
  }

  /** Records the outcome with the events not saved yet, then forgets the run. */
  Future<Void> finish(Active run, JsonObject result) {
    vertx.cancelTimer(run.timer);
    JsonObject counts = new JsonObject();
    SyncResult.COUNT_FIELDS.forEach(field -> counts.put(field, result.getValue(field)));
    return runs.finish(run.sync.runId(), run.events.after(run.saved), result.getString("status"), counts,
            result.getJsonArray("people"), result.getJsonObject("error"))
        .eventually(() -> {
          active.remove(run.sync.runId());
          return Future.succeededFuture();
        });
  }

  private void checkpoint(Active run) {
    if (run.saving) {
      return;
    }
    run.saving = true;
    List<JsonObject> fresh = run.events.after(run.saved);
    runs.checkpoint(run.sync.runId(), fresh).onComplete(saved -> {
      run.saving = false;
      if (saved.failed()) {
        LOG.warn("Saving the progress of run {} failed (retried at the next checkpoint): {}", run.sync.runId(),
            saved.cause().getMessage());
        return;
      }
      run.saved = Math.max(run.saved, fresh.isEmpty() ? run.saved : fresh.get(fresh.size() - 1).getInteger("seq"));
      if (saved.result()) {
        stop(run, "another process");
      }
    });
  }

  /** Honours a cancel request once: no new person starts, and followers hear about it. */
  private static void stop(Active run, String from) {
    if (run.sync.cancelRequested() || run.events.finished()) {
      return;
    }
    LOG.info("Run {} of {} was asked to stop (from {})", run.sync.runId(), run.sync.showId(), from);
    run.sync.requestCancel();
    run.events.publish(SyncEvents.CANCEL_REQUESTED, new JsonObject());
  }

  // ---- any run -------------------------------------------------------------------------------

  /** GET /sync_runs/{run_id}: a run's events are read only when its row holds no result. */
  Future<JsonObject> view(UUID runId) {
    return row(runId).compose(row -> row.resultRecorded()
        ? Future.succeededFuture(RunView.of(row, List.of()))
        : eventsSoFar(row).map(events -> RunView.of(row, events)));
  }

  /**
   * The events of a run after seq {@code after}: {"events", "finished", "live"}. A run that ended
   * without its run_finished event (its process died) gets one made from its row, so a follower
   * always sees the end.
   */
  Future<JsonObject> eventsAfter(UUID runId, int after) {
    Active run = active.get(runId);
    if (run != null) {
      return Future.succeededFuture(eventsReply(run.events.after(after), run.events.finished(), true));
    }
    return row(runId).compose(row -> row.running()
        ? runs.eventsAfter(runId, after).map(events -> eventsReply(events, false, false))
        : runs.eventsAfter(runId, 0).map(all -> eventsReply(withEnd(row, all).stream()
            .filter(event -> event.getInteger("seq") > after).toList(), true, false)));
  }

  /** The events of an ended run, closed with a run_finished made from its row if it has none. */
  private static List<JsonObject> withEnd(SyncRunRow row, List<JsonObject> events) {
    if (RunEvents.endsWithRunFinished(events)) {
      return events;
    }
    int lastSeq = events.isEmpty() ? 0 : events.get(events.size() - 1).getInteger("seq");
    List<JsonObject> withEnd = new ArrayList<>(events);
    withEnd.add(RunView.of(row, events)
        .put("type", SyncEvents.RUN_FINISHED)
        .put("seq", lastSeq + 1)
        .put("at", row.finishedAt() == null ? null : row.finishedAt().toString()));
    return withEnd;
  }

  /** POST /sync_runs/{run_id}/cancel: no new person starts; people in flight finish. */
  Future<JsonObject> cancel(UUID runId) {
    return runs.requestCancel(runId).map(found -> {
      SyncRunRepository.CancelRequest request = found.orElseThrow(() -> notFound(runId));
      if (!request.recorded()) {
        throw new FacebankException(ErrorCode.RUN_NOT_RUNNING,
            "run " + runId + " has already finished with status " + request.status());
      }
      Active run = active.get(runId);
      if (run != null) {
        stop(run, "this process");
      }
      return SyncResult.accepted(runId, request.showId()).put("cancel_requested", true);
    });
  }

  /** GET /shows/{show_id}/sync_runs: newest first, {@code limit} at most, older than run {@code before}. */
  Future<JsonObject> history(String showId, int limit, UUID before) {
    return shows.find(showId).compose(show -> {
      if (show.isEmpty()) {
        throw new FacebankException(ErrorCode.SHOW_NOT_FOUND, "no local show " + showId);
      }
      return runs.history(showId, before, limit);
    }).map(rows -> {
      JsonArray list = new JsonArray();
      rows.forEach(row -> list.add(RunView.summary(row)));
      String next = rows.size() == limit ? rows.get(rows.size() - 1).runId().toString() : null;
      return new JsonObject().put("show_id", showId).put("runs", list).put("next_before", next);
    });
  }

  private Future<SyncRunRow> row(UUID runId) {
    return runs.get(runId).map(found -> found.orElseThrow(() -> notFound(runId)));
  }

  /** A run's events so far: from memory while it goes on here, else as saved. */
  private Future<List<JsonObject>> eventsSoFar(SyncRunRow row) {
    Active run = active.get(row.runId());
    return run != null ? Future.succeededFuture(run.events.after(0)) : runs.eventsAfter(row.runId(), 0);
  }

  private static JsonObject eventsReply(List<JsonObject> events, boolean finished, boolean live) {
    return new JsonObject().put("events", new JsonArray(new ArrayList<>(events))).put("finished", finished)
        .put("live", live);
  }

  private static FacebankException notFound(UUID runId) {
    return new FacebankException(ErrorCode.RUN_NOT_FOUND, "no sync run " + runId);
  }
}
