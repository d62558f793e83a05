package com.screenalytics.facebank.sync;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.contract.SyncEvents;
import com.screenalytics.facebank.db.Show;
import com.screenalytics.facebank.db.ShowRepository;
import com.screenalytics.facebank.db.SyncRunRepository;
import com.screenalytics.facebank.db.SyncRunRepository.ShowLock;
import com.screenalytics.facebank.pipeline.Pipeline;
import com.screenalytics.facebank.pipeline.RunEvents;
import com.screenalytics.facebank.pipeline.SyncContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A show-level sync, start to end: the only code path, whatever the trigger. Checks the show,
 * takes the show's run lock, records the run, runs the pipeline, and records the outcome.
 * Failures that happen before a run exists fail the future with a {@link FacebankException};
 * once a run exists, the answer is always a result body (its "error" says what went wrong).
 */
public final class SyncService {

  private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);
  private static final int RUNNING_ROW_LOOKUPS = 10;
  private static final long RUNNING_ROW_RETRY_MS = 20;

  private final Vertx vertx;
  private final ShowRepository shows;
  private final SyncRunRepository runs;
  private final Pipeline pipeline;
  private final boolean trrConfigured;
  private final MeterRegistry metrics;

  public SyncService(Vertx vertx, ShowRepository shows, SyncRunRepository runs, Pipeline pipeline,
                     boolean trrConfigured, MeterRegistry metrics) {
    this.vertx = vertx;
    this.shows = shows;
    this.runs = runs;
    this.pipeline = pipeline;
    this.trrConfigured = trrConfigured;
    this.metrics = metrics;
  }

  public Future<JsonObject> sync(SyncRequest request, String trigger) {
    return shows.find(request.showId()).compose(found -> {
      Show show = found.orElseThrow(() -> new FacebankException(ErrorCode.SHOW_NOT_FOUND,
          "no local show " + request.showId()));
      if (show.trrShowId() == null) {
        throw new FacebankException(ErrorCode.SHOW_NOT_LINKED,
            "show " + show.showId() + " has no trr_show_id; link it with POST /shows first");
      }
      if (!trrConfigured) {
        throw new FacebankException(ErrorCode.TRR_DB_NOT_CONFIGURED, ErrorCode.TRR_DB_NOT_CONFIGURED.description());
      }
      UUID runId = UUID.randomUUID();
      List<String> stages = pipeline.stageNames();
      return runs.claim(runId, show.showId(), show.trrShowId(), trigger, request.maxImagesPerPerson(), stages)
          .compose(lock -> lock.isPresent()
              ? run(new SyncContext(runId, show, request.maxImagesPerPerson()), stages, trigger, lock.get())
              : runningRun(show.showId(), RUNNING_ROW_LOOKUPS).map(running ->
                  SyncResult.alreadyRunning(show.showId(), running.map(UUID::toString).orElse(null))));
    });
  }

  /**
   * The run holding a show's lock. Its row commits with the lock, but our lookup may still land a
   * moment before that commit; a few short retries cover it.
   */
  private Future<Optional<UUID>> runningRun(String showId, int lookupsLeft) {
    return runs.runningRun(showId).compose(found -> found.isPresent() || lookupsLeft <= 1
        ? Future.succeededFuture(found)
        : vertx.timer(RUNNING_ROW_RETRY_MS, TimeUnit.MILLISECONDS).compose(ignored -> runningRun(showId, lookupsLeft - 1)));
  }

  private Future<JsonObject> run(SyncContext sync, List<String> stages, String trigger, ShowLock lock) {
    UUID runId = sync.runId();
    Show show = sync.show();
    RunEvents events = new RunEvents(vertx, runId, show.showId());
    Timer.Sample timer = Timer.start(metrics);
    LOG.info("Sync {} of {} started (trigger {}, max {} images per person)", runId, show.showId(), trigger,
        sync.maxImagesPerPerson());
    events.publish(SyncEvents.RUN_STARTED, new JsonObject().put("max_images_per_person", sync.maxImagesPerPerson())
        .put("trigger", trigger).put("stages", new JsonArray(stages)));
    return pipeline.run(sync, events)
        .map(done -> SyncResult.of(sync, stages, null))
        .recover(e -> Future.succeededFuture(SyncResult.of(sync, stages, showFailure(e))))
        .compose(result -> record(runId, result).map(result))
        .onSuccess(result -> {
          events.publish(SyncEvents.RUN_FINISHED, result.copy());
          timer.stop(metrics.timer("facebank_sync_run_seconds", "status", result.getString("status")));
          metrics.counter("facebank_sync_images_imported_total").increment(result.getLong("imported_facebank_images"));
          LOG.info("Sync {} of {} finished: {} ({} images for {} people, {} duplicates, {} errors)", runId,
              show.showId(), result.getString("status"), result.getLong("imported_facebank_images"),
              result.getLong("imported_facebank_people"), result.getLong("skipped_duplicate_images"),
              result.getLong("import_errors"));
        })
        .eventually(lock::release);
  }

  private Future<Void> record(UUID runId, JsonObject result) {
    JsonObject counts = new JsonObject();
    for (String key : List.of("total_trr_cast", "matched_cast", "created_cast", "imported_facebank_images",
        "imported_facebank_people", "skipped_duplicate_images", "import_errors")) {
      counts.put(key, result.getValue(key));
    }
    return runs.finish(runId, result.getString("status"), counts, result.getJsonArray("people"),
        result.getJsonObject("error"));
  }

  private static FacebankException showFailure(Throwable e) {
    if (e instanceof FacebankException known) {
      LOG.warn("Sync failed: {} ({})", known.getMessage(), known.code());
      return known;
    }
    LOG.error("Sync failed in a show-scope stage", e);
    return new FacebankException(ErrorCode.STAGE_FAILED, "a show-scope stage failed: " + e.getMessage(), e);
  }
}
