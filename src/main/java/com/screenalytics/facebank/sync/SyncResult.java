package com.screenalytics.facebank.sync;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.pipeline.PersonSync;
import com.screenalytics.facebank.pipeline.SyncContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Builds the JSON answers about a run: its result (the body of the HTTP answer and of the
 * event-bus reply), the 202 of a run started in the background, the 409 of a refused one.
 */
final class SyncResult {

  static final String RUNNING = "running";
  static final String CANCELLED = "cancelled";

  /** The count fields of a result, in the order the contract lists them. */
  static final List<String> COUNT_FIELDS = List.of("total_trr_cast", "matched_cast", "created_cast",
      "imported_facebank_images", "imported_facebank_people", "skipped_duplicate_images", "import_errors");

  /** The predictions a dry run adds to the counts. */
  static final List<String> DRY_RUN_COUNT_FIELDS = List.of("would_create_cast", "would_import_images");

  private SyncResult() {
  }

  /**
   * A run that went through the pipeline; {@code failure} is a show-scope failure, or null. Only
   * people who went through the person phase are listed (all of them, unless the run was cancelled).
   */
  static JsonObject of(SyncContext sync, List<String> stages, FacebankException failure) {
    List<JsonObject> finished = sync.finishedPeople();
    JsonArray people = new JsonArray(new ArrayList<>(finished));
    long failed = finished.stream().filter(person -> "error".equals(person.getString("status"))).count();
    String status;
    JsonObject error = null;
    if (failure != null) {
      status = "error";
      error = failure.toJson();
    } else if (sync.cancelRequested()) {
      status = CANCELLED;
      error = FacebankException.errorJson(ErrorCode.RUN_CANCELLED, "cancelled on request after "
          + people.size() + " of " + sync.people().size() + " people; the others were not started");
    } else if (failed == 0) {
      status = "ok";
    } else if (failed < people.size()) {
      status = "partial";
    } else {
      status = "error";
      error = FacebankException.errorJson(ErrorCode.ALL_PEOPLE_FAILED,
          "all " + people.size() + " people failed; see people[].error");
    }
    JsonObject result = new JsonObject()
        .put("status", status)
        .put("run_id", sync.runId().toString())
        .put("show_id", sync.showId())
        .put("trr_show_id", sync.trrShowId().toString())
        .put("max_images_per_person", sync.maxImagesPerPerson())
        .put("dry_run", sync.dryRun())
        .put("retry_of", sync.retryOf() == null ? null : sync.retryOf().toString())
        .put("trr_person_ids", sync.only() == null ? null
            : new JsonArray(sync.only().stream().map(UUID::toString).toList()))
        .mergeIn(counts(people, sync.trrCast().size()))
        .put("stages", new JsonArray(stages))
        .put("people", people)
        .put("error", error);
    List<PersonSync> notStarted = failure == null ? sync.notStarted() : List.of();
    if (!notStarted.isEmpty()) {
      // Left out by a cancel: named, with photo_source not_attempted, so a retry can take them up.
      result.put("not_started", new JsonArray(notStarted.stream().map(PersonSync::notStartedJson).toList()));
    }
    if (sync.dryRun()) {
      result.put("would_create_cast", finished.stream().filter(p -> p.getBoolean("would_create", false)).count())
          .put("would_import_images", finished.stream().mapToLong(p -> p.getInteger("would_import_images", 0)).sum());
    }
    return result;
  }

  /** The counts of a result, from its people[] (so a run still going is counted the same way). */
  static JsonObject counts(JsonArray people, Integer totalTrrCast) {
    long matched = 0;
    long created = 0;
    long images = 0;
    long peopleWithImages = 0;
    long duplicates = 0;
    long errors = 0;
    for (Object entry : people) {
      JsonObject person = (JsonObject) entry;
      String match = person.getString("match");
      if ("created".equals(match)) {
        created++;
      } else if (match != null) {
        matched++;
      }
      int imported = person.getInteger("imported_images", 0);
      images += imported;
      peopleWithImages += imported > 0 ? 1 : 0;
      duplicates += person.getInteger("skipped_duplicates", 0);
      errors += "error".equals(person.getString("status")) ? 1 : 0;
    }
    return new JsonObject()
        .put("total_trr_cast", totalTrrCast)
        .put("matched_cast", matched)
        .put("created_cast", created)
        .put("imported_facebank_images", images)
        .put("imported_facebank_people", peopleWithImages)
        .put("skipped_duplicate_images", duplicates)
        .put("import_errors", errors);
  }

  /** The answer to a background trigger: where to follow the run. HTTP 202. */
  static JsonObject accepted(UUID runId, String showId) {
    return new JsonObject()
        .put("status", RUNNING)
        .put("run_id", runId.toString())
        .put("show_id", showId)
        .put("status_url", statusUrl(runId))
        .put("events_url", statusUrl(runId) + "/events")
        .put("error", null);
  }

  static String statusUrl(UUID runId) {
    return "/sync_runs/" + runId;
  }

  /** The answer when another run of the show holds the lock: 409 with that run's id. */
  static JsonObject alreadyRunning(String showId, String runningRunId) {
    return new JsonObject()
        .put("status", "error")
        .put("run_id", runningRunId)
        .put("show_id", showId)
        .put("error", FacebankException.errorJson(ErrorCode.SYNC_ALREADY_RUNNING,
            "a sync of " + showId + " is already running" + (runningRunId == null ? "" : " (run " + runningRunId + ")")));
  }

  /** The HTTP status of an answer: its error code's status; 202 for a run still going; else 200. */
  static int httpStatus(JsonObject body) {
    JsonObject error = body.getJsonObject("error");
    if (error != null) {
      return ErrorCode.httpStatusOf(error.getString("code"));
    }
    return RUNNING.equals(body.getString("status")) ? 202 : 200;
  }
}
