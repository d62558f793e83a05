package com.screenalytics.facebank.sync;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.contract.SyncEvents;
import com.screenalytics.facebank.db.DbFailures;
import com.screenalytics.facebank.db.ShowRepository;
import com.screenalytics.facebank.db.SyncRunRepository;
import com.screenalytics.facebank.db.SyncRunRow;
import com.screenalytics.facebank.pipeline.SyncContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /**
   * A run going on in this process, or one that has ended whose outcome is not recorded yet (our
   * database was unreachable when it ended): its final record is kept here, and answered from
   * here, until the database takes it.
   */
  static final class Active {
    final SyncContext sync;
    final RunEvents events;
    final String trigger;
    final String triggeredBy;
    final Instant startedAt = Instant.now();
    private int saved;
    private boolean saving;
    private boolean checkpointFailing;
    private long timer;
    /** The run's final record once it has ended (status, counts, people, times); null while it goes on. */
    private JsonObject ended;
    private Instant finishedAt;
    private int failedRecords;
    private long retryTimer = -1;
    private Runnable retryNow;

    private Active(SyncContext sync, RunEvents events, String trigger, String triggeredBy) {
      this.sync = sync;
      this.events = events;
      this.trigger = trigger;
      this.triggeredBy = triggeredBy;
    }
  }

  /**
   * The end of a run: {@code answered} once the first attempt at recording it is over (recorded,
   * or kept in memory because our database is unreachable), {@code recorded} once the row holds it.
   */
  record Ending(Future<Void> answered, Future<Void> recorded) {
  }

  private final Vertx vertx;
  private final SyncRunRepository runs;
  private final ShowRepository shows;
  private final long checkpointMs;
  private final long retryBackoffMs;
  private final long retryMaxBackoffMs;
  private final Map<UUID, Active> active = new HashMap<>();

  /** {@code retryBackoffMs}, doubling up to {@code retryMaxBackoffMs}: how often an unrecorded outcome is written again. */
  SyncRuns(Vertx vertx, SyncRunRepository runs, ShowRepository shows, long checkpointMs, long retryBackoffMs,
           long retryMaxBackoffMs) {
    this.vertx = vertx;
    this.runs = runs;
    this.shows = shows;
    this.checkpointMs = checkpointMs;
    this.retryBackoffMs = Math.max(1, retryBackoffMs);
    this.retryMaxBackoffMs = Math.max(this.retryBackoffMs, retryMaxBackoffMs);
  }

  // ---- runs going on here --------------------------------------------------------------------

  Active track(SyncContext sync, RunEvents events, String trigger, String triggeredBy) {
    Active run = new Active(sync, events, trigger, triggeredBy);
    run.timer = vertx.setPeriodic(checkpointMs, id -> checkpoint(run));
    active.put(sync.runId(), run);
    return run;
  }

  /**
   * Records the outcome with the events not saved yet, then forgets the run. While our database
   * cannot be reached, the final record stays in memory (and is what the run's view and events
   * answer) and is written again with backoff until the database takes it; the run is never
   * shown as running once it has ended.
   */
  Ending finish(Active run, JsonObject result) {
    vertx.cancelTimer(run.timer);
    run.finishedAt = Instant.now();
    run.ended = RunView.ended(result, run.trigger, run.triggeredBy, run.startedAt, run.finishedAt,
        run.sync.cancelRequested());
    Promise<Void> answered = Promise.promise();
    Promise<Void> recorded = Promise.promise();
    run.retryNow = () -> {
      if (run.retryTimer >= 0 && vertx.cancelTimer(run.retryTimer)) {
        run.retryTimer = -1;
        record(run, result, answered, recorded, retryBackoffMs);
      }
    };
    record(run, result, answered, recorded, retryBackoffMs);
    return new Ending(answered.future(), recorded.future());
  }

  /** Writes an unrecorded outcome again at once (its run lock was just taken again: the database answers). */
  void retryRecordNow(Active run) {
    if (run.retryNow != null) {
      run.retryNow.run();
    }
  }

  private void record(Active run, JsonObject result, Promise<Void> answered, Promise<Void> recorded, long delayMs) {
    UUID runId = run.sync.runId();
    JsonObject counts = new JsonObject();
    SyncResult.COUNT_FIELDS.forEach(field -> counts.put(field, result.getValue(field)));
    SyncResult.DRY_RUN_COUNT_FIELDS.stream().filter(result::containsKey)
        .forEach(field -> counts.put(field, result.getValue(field)));
    JsonArray cast = run.sync.castRecordJson(); // null when the run never resolved its cast
    runs.finish(runId, withoutPeople(run.events.after(run.saved)), result.getString("status"), counts,
            result.getJsonArray("people"), result.getJsonObject("error"), run.finishedAt, cast,
            result.getJsonObject("changes"))
        .onComplete(done -> {
          if (done.succeeded()) {
            if (run.failedRecords > 0) {
              LOG.info("Run {} of {}: its outcome ({}) is recorded, after {} failed attempt(s) while our database "
                  + "was unreachable", runId, run.sync.showId(), result.getString("status"), run.failedRecords);
            }
            active.remove(runId);
            recorded.complete(); // first: whoever hears the answer can tell it was recorded
            answered.tryComplete();
            return;
          }
          Throwable e = done.cause();
          if (!DbFailures.unavailable(e)) {
            active.remove(runId);
            recorded.fail(e);
            answered.tryFail(e);
            return;
          }
          if (run.failedRecords++ == 0) {
            LOG.warn("Run {} of {} ended ({}) while our database is unreachable ({}): its outcome is kept in memory "
                + "and written as soon as the database answers", runId, run.sync.showId(), result.getString("status"),
                DbFailures.brief(e));
          }
          answered.tryComplete();
          run.retryTimer = vertx.setTimer(delayMs, id -> {
            run.retryTimer = -1;
            record(run, result, answered, recorded, Math.min(retryMaxBackoffMs, delayMs * 2));
          });
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
        // Once per outage, not every checkpoint.
        if (!run.checkpointFailing) {
          LOG.warn("Saving the progress of run {} failed (retried at each checkpoint): {}", run.sync.runId(),
              DbFailures.brief(saved.cause()));
        }
        run.checkpointFailing = true;
        return;
      }
      run.checkpointFailing = false;
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

  /** Whether the run goes on (or ended unrecorded) in this process. */
  boolean here(UUID runId) {
    return active.containsKey(runId);
  }

  /** The node recorded on a running run (clustered); empty when it is not running or has none. */
  Future<Optional<String>> runningNode(UUID runId) {
    return runs.runningNode(runId);
  }

  /** GET /sync_runs/{run_id}: a run's events are read only when its row holds no result. */
  Future<JsonObject> view(UUID runId) {
    Active here = active.get(runId);
    if (here != null && here.ended != null) {
      return Future.succeededFuture(here.ended.copy()); // ended, not recorded yet
    }
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

  /**
   * The events to save with a run's outcome: its run_finished without {@code people}, which the
   * row saved in the same statement holds (a large show's people are then written once, not
   * twice); {@link #withEnd} puts them back.
   */
  private static List<JsonObject> withoutPeople(List<JsonObject> events) {
    if (!RunEvents.endsWithRunFinished(events)) {
      return events;
    }
    List<JsonObject> saved = new ArrayList<>(events);
    JsonObject finished = new JsonObject(new LinkedHashMap<>(saved.get(saved.size() - 1).getMap()));
    finished.remove("people");
    saved.set(saved.size() - 1, finished);
    return saved;
  }

  /**
   * The events of an ended run, closed with a run_finished made from its row if it has none; a
   * saved run_finished gets its people back from the row (see {@link #withoutPeople}).
   */
  private static List<JsonObject> withEnd(SyncRunRow row, List<JsonObject> events) {
    if (RunEvents.endsWithRunFinished(events)) {
      JsonObject finished = events.get(events.size() - 1);
      if (!finished.containsKey("people") && row.people() != null) {
        finished.put("people", row.people());
      }
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

  /**
   * GET /sync_runs/{run_id}/changes?against=: what changed in the show's TRR cast from run
   * {@code against} to run {@code runId}; without {@code against}, the run's own changes (against
   * the show's previous finished real run). Two runs of different shows, or a run that recorded no
   * cast, are not comparable (422).
   */
  Future<JsonObject> changes(UUID runId, UUID against) {
    return row(runId).compose(run -> {
      if (against == null) {
        if (run.changes() == null) {
          throw notComparable("run " + runId + " has no changes: " + (run.running() ? "it is still running"
              : "it recorded no cast (it failed before resolve)"));
        }
        return Future.succeededFuture(changesAnswer(run, run.changes()));
      }
      return row(against).map(other -> {
        if (!other.showId().equals(run.showId())) {
          throw notComparable("run " + runId + " is of show " + run.showId() + ", run " + against + " of show "
              + other.showId());
        }
        for (SyncRunRow side : List.of(run, other)) {
          if (side.trrCast() == null) {
            throw notComparable("run " + side.runId() + " recorded no cast (" + (side.running() ? "still running"
                : "it failed before resolve") + ")");
          }
        }
        return changesAnswer(run, RunChanges.between(against, other.trrCast(), run.trrCast()));
      });
    });
  }

  private static JsonObject changesAnswer(SyncRunRow run, JsonObject changes) {
    return new JsonObject().put("run_id", run.runId().toString()).put("show_id", run.showId())
        .put("dry_run", run.dryRun()).mergeIn(changes);
  }

  private static FacebankException notComparable(String message) {
    return new FacebankException(ErrorCode.RUNS_NOT_COMPARABLE, message);
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
      rows.forEach(row -> {
        Active here = active.get(row.runId());
        // A run that ended here and is not recorded yet: its in-memory record, not the row's "running".
        list.add(here != null && here.ended != null ? withoutPeople(here.ended) : RunView.summary(row));
      });
      String next = rows.size() == limit ? rows.get(rows.size() - 1).runId().toString() : null;
      return new JsonObject().put("show_id", showId).put("runs", list).put("next_before", next);
    });
  }

  private static JsonObject withoutPeople(JsonObject view) {
    JsonObject summary = view.copy();
    summary.remove("people");
    return summary;
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
