package com.screenalytics.facebank.sync;

import com.screenalytics.facebank.contract.SyncEvents;
import com.screenalytics.facebank.db.SyncRunRow;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A run as GET /sync_runs/{run_id} shows it: the fields of a sync result plus trigger, times and
 * the cancel flag. A finished run shows what was recorded; a run still going (or one a dead
 * process left behind) is rebuilt from its events: the people finished so far, their counts, and
 * its progress.
 */
final class RunView {

  /** Fields every event carries around its payload. */
  private static final Set<String> ENVELOPE = Set.of("type", "seq", "at");

  /** Fields of a person_finished event that belong to the event, not to the person. */
  private static final Set<String> PERSON_ENVELOPE = Set.of("type", "run_id", "show_id", "seq", "at", "done",
      "total", "eta_seconds");

  private RunView() {
  }

  /** The run from its row, and (for a run with no recorded result) from its events so far. */
  static JsonObject of(SyncRunRow row, List<JsonObject> events) {
    if (row.resultRecorded()) {
      return recorded(row);
    }
    JsonObject finished = lastOfType(events, SyncEvents.RUN_FINISHED);
    if (finished != null) {
      // Published, not yet recorded: the event carries the whole result.
      return times(strip(finished, ENVELOPE), row).put("finished_at", finished.getString("at"));
    }
    return "interrupted".equals(row.status()) ? interrupted(row, events) : fromEvents(row, events);
  }

  /**
   * A run its process left behind: the people its saved events describe in full, plus those the
   * rows it committed show (each person whose transaction committed carries its run_id), counted
   * again; the image counts are the committed rows', whatever the events got to say.
   */
  private static JsonObject interrupted(SyncRunRow row, List<JsonObject> events) {
    JsonObject view = fromEvents(row, events);
    JsonArray people = view.getJsonArray("people");
    Set<String> described = new HashSet<>();
    people.forEach(person -> described.add(((JsonObject) person).getString("trr_person_id")));
    long matchUnknown = 0;
    JsonArray rebuilt = row.people() == null ? new JsonArray() : row.people();
    for (Object entry : rebuilt) {
      JsonObject person = (JsonObject) entry;
      if (described.add(person.getString("trr_person_id"))) {
        people.add(person);
        matchUnknown += person.getString("match") == null ? 1 : 0;
      }
    }
    Integer total = view.getJsonObject("progress").getInteger("total");
    JsonObject counts = SyncResult.counts(people, total);
    // A rebuilt person matched an existing member, by a rule the rows do not keep.
    counts.put("matched_cast", counts.getLong("matched_cast") + matchUnknown);
    JsonObject committed = row.counts() == null ? new JsonObject() : row.counts();
    for (String field : List.of("imported_facebank_images", "imported_facebank_people")) {
      if (committed.getValue(field) != null) {
        counts.put(field, committed.getValue(field));
      }
    }
    return view.mergeIn(counts);
  }

  /**
   * A run that ended here and whose outcome our database has not taken yet: its result as the row
   * will hold it, with {@code record_pending} true.
   */
  static JsonObject ended(JsonObject result, String trigger, String triggeredBy, Instant startedAt,
                          Instant finishedAt, boolean cancelRequested) {
    return result.copy()
        .put("trigger", trigger)
        .put("triggered_by", triggeredBy)
        .put("started_at", text(startedAt))
        .put("finished_at", text(finishedAt))
        .put("cancel_requested", cancelRequested)
        .put("record_pending", true);
  }

  /** A history entry: the row without its people. */
  static JsonObject summary(SyncRunRow row) {
    return base(row).mergeIn(countsOf(row)).put("error", row.error());
  }

  private static JsonObject recorded(SyncRunRow row) {
    JsonObject view = base(row).mergeIn(countsOf(row)).put("people", row.people()).put("error", row.error())
        .put("changes", row.changes());
    JsonArray notStarted = new JsonArray();
    if (row.trrCast() != null) {
      for (Object entry : row.trrCast()) {
        JsonObject person = (JsonObject) entry;
        if ("not_started".equals(person.getString("status"))) {
          notStarted.add(new JsonObject().put("trr_person_id", person.getString("trr_person_id"))
              .put("name", person.getString("name")).put("match", person.getString("match"))
              .put("photo_source", "not_attempted").put("status", "not_started"));
        }
      }
    }
    if (!notStarted.isEmpty()) {
      view.put("not_started", notStarted);
    }
    return view;
  }

  private static JsonObject fromEvents(SyncRunRow row, List<JsonObject> events) {
    JsonArray people = new JsonArray();
    JsonObject lastPerson = null;
    for (JsonObject event : events) {
      if (SyncEvents.PERSON_FINISHED.equals(event.getString("type"))) {
        people.add(strip(event, PERSON_ENVELOPE));
        lastPerson = event;
      }
    }
    Integer total = lastPerson == null ? null : lastPerson.getInteger("total");
    JsonObject progress = new JsonObject()
        .put("running_stages", runningStages(events))
        .put("done", people.size())
        .put("total", total)
        .put("eta_seconds", lastPerson == null ? null : lastPerson.getDouble("eta_seconds"));
    return base(row)
        .mergeIn(SyncResult.counts(people, total))
        .put("progress", progress)
        .put("people", people)
        .put("error", null);
  }

  private static JsonObject base(SyncRunRow row) {
    JsonObject view = new JsonObject()
        .put("status", row.status())
        .put("run_id", row.runId().toString())
        .put("show_id", row.showId())
        .put("trr_show_id", row.trrShowId() == null ? null : row.trrShowId().toString())
        .put("max_images_per_person", row.maxImagesPerPerson())
        .put("dry_run", row.dryRun())
        .put("retry_of", row.retryOf() == null ? null : row.retryOf().toString())
        .put("trr_person_ids", row.trrPersonIds() == null ? null
            : new JsonArray(row.trrPersonIds().stream().map(UUID::toString).toList()))
        .put("stages", new JsonArray(row.stages()));
    return times(view, row);
  }

  private static JsonObject times(JsonObject view, SyncRunRow row) {
    return view
        .put("trigger", row.trigger())
        .put("triggered_by", row.triggeredBy())
        .put("started_at", text(row.startedAt()))
        .put("finished_at", text(row.finishedAt()))
        .put("cancel_requested", row.cancelRequested());
  }

  /** The recorded counts, every count field present (null when the run recorded none). */
  private static JsonObject countsOf(SyncRunRow row) {
    JsonObject counts = new JsonObject();
    SyncResult.COUNT_FIELDS.forEach(field -> counts.put(field, row.counts().getValue(field)));
    if (row.dryRun()) {
      SyncResult.DRY_RUN_COUNT_FIELDS.forEach(field -> counts.put(field, row.counts().getValue(field)));
    }
    return counts;
  }

  /** The stages started and not finished yet (person-scope stages run together). */
  private static JsonArray runningStages(List<JsonObject> events) {
    Set<String> running = new LinkedHashSet<>();
    for (JsonObject event : events) {
      String type = event.getString("type");
      if (SyncEvents.STAGE_STARTED.equals(type)) {
        running.add(event.getString("stage"));
      } else if (SyncEvents.STAGE_FINISHED.equals(type)) {
        running.remove(event.getString("stage"));
      }
    }
    return new JsonArray(List.copyOf(running));
  }

  private static JsonObject lastOfType(List<JsonObject> events, String type) {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (type.equals(events.get(i).getString("type"))) {
        return events.get(i);
      }
    }
    return null;
  }

  private static JsonObject strip(JsonObject event, Set<String> fields) {
    JsonObject copy = event.copy();
    fields.forEach(copy::remove);
    return copy;
  }

  private static String text(Instant time) {
    return time == null ? null : time.toString();
  }
}
