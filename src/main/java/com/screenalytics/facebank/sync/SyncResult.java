package com.screenalytics.facebank.sync;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.pipeline.PersonSync;
import com.screenalytics.facebank.pipeline.PersonSync.Match;
import com.screenalytics.facebank.pipeline.SyncContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Builds the result JSON of a run: the body of the HTTP answer and of the event-bus reply. */
final class SyncResult {

  private SyncResult() {
  }

  /** A run that went through the pipeline; {@code failure} is a show-scope failure, or null. */
  static JsonObject of(SyncContext sync, List<String> stages, FacebankException failure) {
    List<PersonSync> people = sync.people();
    long failed = people.stream().filter(PersonSync::failed).count();
    String status;
    JsonObject error = null;
    if (failure != null) {
      status = "error";
      error = failure.toJson();
    } else if (failed == 0) {
      status = "ok";
    } else if (failed < people.size()) {
      status = "partial";
    } else {
      status = "error";
      error = FacebankException.errorJson(ErrorCode.ALL_PEOPLE_FAILED,
          "all " + people.size() + " people failed; see people[].error");
    }
    JsonArray peopleJson = new JsonArray();
    people.forEach(person -> peopleJson.add(person.toJson()));
    return new JsonObject()
        .put("status", status)
        .put("run_id", sync.runId().toString())
        .put("show_id", sync.showId())
        .put("trr_show_id", sync.show().trrShowId().toString())
        .put("max_images_per_person", sync.maxImagesPerPerson())
        .mergeIn(counts(sync))
        .put("stages", new JsonArray(stages))
        .put("people", peopleJson)
        .put("error", error);
  }

  static JsonObject counts(SyncContext sync) {
    List<PersonSync> people = sync.people();
    return new JsonObject()
        .put("total_trr_cast", sync.trrCast().size())
        .put("matched_cast", people.stream().filter(p -> p.match() != null && p.match() != Match.CREATED).count())
        .put("created_cast", people.stream().filter(p -> p.match() == Match.CREATED).count())
        .put("imported_facebank_images", people.stream().mapToInt(PersonSync::importedImages).sum())
        .put("imported_facebank_people", people.stream().filter(p -> p.importedImages() > 0).count())
        .put("skipped_duplicate_images", people.stream().mapToInt(p -> p.duplicates().size()).sum())
        .put("import_errors", people.stream().filter(PersonSync::failed).count());
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

  /** The HTTP status of a result body: 200 unless its error code says otherwise. */
  static int httpStatus(JsonObject body) {
    JsonObject error = body.getJsonObject("error");
    return error == null ? 200 : ErrorCode.httpStatusOf(error.getString("code"));
  }
}
