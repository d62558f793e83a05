package com.screenalytics.facebank.sync;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.contract.SyncEvents;
import com.screenalytics.facebank.db.DbFailures;
import com.screenalytics.facebank.db.Show;
import com.screenalytics.facebank.db.ShowRepository;
import com.screenalytics.facebank.db.SyncRunRepository.ShowLock;
import com.screenalytics.facebank.db.SyncRunRepository;
import com.screenalytics.facebank.db.SyncRunRow;
import com.screenalytics.facebank.pipeline.Pipeline;
import com.screenalytics.facebank.pipeline.SyncContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A show-level sync, start to end: the only code path, whatever the trigger. Checks the show,
 * honours an Idempotency-Key, takes the show's run lock, records the run, runs the pipeline
 * (waited for, or in the background when the request is async), and records the outcome.
 * Failures that happen before a run exists fail the future with a {@link FacebankException};
 * once a run exists, the answer is always a body (its "error" says what went wrong).
 */
public final class SyncService {

  private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);
  private static final int RUNNING_ROW_LOOKUPS = 10;
  private static final long RUNNING_ROW_RETRY_MS = 20;

  private final Vertx vertx;
  private final ShowRepository shows;
  private final SyncRunRepository runs;
  private final SyncRuns tracker;
  private final Pipeline pipeline;
  private final boolean trrConfigured;
  private final MeterRegistry metrics;
  private final Optional<String> node;

  public SyncService(Vertx vertx, ShowRepository shows, SyncRunRepository runs, Pipeline pipeline,
                     boolean trrConfigured, MeterRegistry metrics, long checkpointMs) {
    this(vertx, shows, runs, pipeline, trrConfigured, metrics, checkpointMs, 250, 5_000);
  }

  /**
   * {@code retryBackoffMs} doubling to {@code retryMaxBackoffMs}: how often the outcome of a run
   * that ended while our database was unreachable is written again.
   */
  public SyncService(Vertx vertx, ShowRepository shows, SyncRunRepository runs, Pipeline pipeline,
                     boolean trrConfigured, MeterRegistry metrics, long checkpointMs, long retryBackoffMs,
                     long retryMaxBackoffMs) {
    this(vertx, shows, runs, pipeline, trrConfigured, metrics, checkpointMs, retryBackoffMs, retryMaxBackoffMs,
        Optional.empty());
  }

  /** {@code node}: this node's name when clustered, recorded on every run it runs (see cluster.ClusterNode). */
  public SyncService(Vertx vertx, ShowRepository shows, SyncRunRepository runs, Pipeline pipeline,
                     boolean trrConfigured, MeterRegistry metrics, long checkpointMs, long retryBackoffMs,
                     long retryMaxBackoffMs, Optional<String> node) {
    this.node = node;
    this.vertx = vertx;
    this.shows = shows;
    this.runs = runs;
    this.tracker = new SyncRuns(vertx, runs, shows, checkpointMs, retryBackoffMs, retryMaxBackoffMs);
    this.pipeline = pipeline;
    this.trrConfigured = trrConfigured;
    this.metrics = metrics;
  }

  /** Views, events, cancel and history of runs. */
  SyncRuns runs() {
    return tracker;
  }

  /** This node's name when clustered. */
  Optional<String> node() {
    return node;
  }

  /**
   * Runs a sync and answers its result; or, for an async request, answers where to follow it as
   * soon as the run is recorded. A key already used for the show within 24 hours answers that
   * run instead (its result, or where to follow it). {@code trigger} is the channel (http, cli,
   * eventbus), {@code triggeredBy} who asked: an operator's name, api, cli or bus.
   */
  public Future<JsonObject> trigger(SyncRequest request, String trigger, String triggeredBy) {
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
      return earlierRun(show, request).compose(earlier -> earlier.isPresent()
          ? Future.succeededFuture(replay(earlier.get(), request))
          : start(show, request, trigger, triggeredBy));
    });
  }

  /**
   * POST /sync_runs/{run_id}/retry: a run of the same show (same max_images_per_person, a dry run
   * when that run was one) limited to
   * the people who failed in that run, or that a cancel left out, recorded with retry_of. 404 for
   * an unknown run, 409 run_still_running while it goes, 409 nothing_to_retry when nobody failed.
   */
  public Future<JsonObject> retry(UUID runId, boolean async, String trigger, String triggeredBy) {
    return runs.get(runId).compose(found -> {
      SyncRunRow row = found.orElseThrow(() -> new FacebankException(ErrorCode.RUN_NOT_FOUND, "no sync run " + runId));
      if (row.running()) {
        throw new FacebankException(ErrorCode.RUN_STILL_RUNNING, "run " + runId + " is still running",
            new JsonObject().put("run_id", runId.toString()));
      }
      List<UUID> failed = failedPeople(row);
      if (failed.isEmpty()) {
        throw new FacebankException(ErrorCode.NOTHING_TO_RETRY, "nobody failed in run " + runId + " (status "
            + row.status() + (row.people() == null || row.people().isEmpty() ? ", no person went through it" : "")
            + "); to sync the whole show, POST /shows/" + row.showId() + "/sync_facebank_seeds",
            new JsonObject().put("run_id", runId.toString()));
      }
      // The retry of a dry run is a dry run: it asks again what the failed people would get.
      return trigger(new SyncRequest(row.showId(), row.maxImagesPerPerson(), async, null).retrying(runId, failed)
          .dryRun(row.dryRun()), trigger, triggeredBy);
    });
  }

  /** Whom a retry takes up: people[] with status error, then those a cancel left out (not_started). */
  private static List<UUID> failedPeople(SyncRunRow row) {
    LinkedHashSet<UUID> ids = new LinkedHashSet<>();
    if (row.people() != null) {
      row.people().stream().map(JsonObject.class::cast).filter(p -> "error".equals(p.getString("status")))
          .forEach(p -> ids.add(UUID.fromString(p.getString("trr_person_id"))));
    }
    if (row.trrCast() != null) {
      row.trrCast().stream().map(JsonObject.class::cast).filter(p -> "not_started".equals(p.getString("status")))
          .forEach(p -> ids.add(UUID.fromString(p.getString("trr_person_id"))));
    }
    return List.copyOf(ids);
  }

  private Future<JsonObject> start(Show show, SyncRequest request, String trigger, String triggeredBy) {
    UUID runId = UUID.randomUUID();
    List<String> stages = pipeline.stageNames(request.dryRun());
    // One lock per show for dry and real runs alike: a dry run predicts from the state a real run
    // would start from, so the two never run at once.
    return runs.claim(runId, show.showId(), show.trrShowId(), trigger, request.maxImagesPerPerson(), stages,
            request.idempotencyKey(), triggeredBy, request.dryRun(), request.retryOf(), request.trrPersonIds(),
            node.orElse(null))
        .compose(lock -> {
          if (lock.isEmpty()) {
            return refused(show, request);
          }
          SyncContext sync = new SyncContext(runId, show.showId(), show.trrShowId(), request.maxImagesPerPerson())
              .dryRun(request.dryRun()).limitTo(request.trrPersonIds()).retryOf(request.retryOf());
          Future<JsonObject> result = run(sync, stages, trigger, triggeredBy, lock.get());
          return request.async() ? Future.succeededFuture(SyncResult.accepted(runId, show.showId())) : result;
        });
  }

  /** Another run holds the show: the same keyed request that started it, or a 409 naming it. */
  private Future<JsonObject> refused(Show show, SyncRequest request) {
    return earlierRun(show, request).compose(earlier -> earlier.isPresent()
        ? Future.succeededFuture(replay(earlier.get(), request))
        : runningRun(show.showId(), RUNNING_ROW_LOOKUPS).map(running ->
            SyncResult.alreadyRunning(show.showId(), running.map(UUID::toString).orElse(null))));
  }

  private Future<Optional<SyncRunRow>> earlierRun(Show show, SyncRequest request) {
    return request.idempotencyKey() == null
        ? Future.succeededFuture(Optional.empty())
        : runs.byIdempotencyKey(show.showId(), request.idempotencyKey());
  }

  /** The answer for a repeated Idempotency-Key: the run it started, as it stands. */
  private static JsonObject replay(SyncRunRow earlier, SyncRequest request) {
    if (earlier.dryRun() != request.dryRun() || !Objects.equals(earlier.trrPersonIds(), request.trrPersonIds())) {
      throw new FacebankException(ErrorCode.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key already started run "
          + earlier.runId() + (earlier.dryRun() ? " (a dry run)" : " (a real run)") + " of "
          + (earlier.trrPersonIds() == null ? "the whole cast" : earlier.trrPersonIds().size() + " people"),
          new JsonObject().put("run_id", earlier.runId().toString()).put("dry_run", earlier.dryRun()));
    }
    if (earlier.maxImagesPerPerson() != request.maxImagesPerPerson()) {
      throw new FacebankException(ErrorCode.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key already started run "
          + earlier.runId() + " with max_images_per_person " + earlier.maxImagesPerPerson(),
          new JsonObject().put("run_id", earlier.runId().toString())
              .put("max_images_per_person", earlier.maxImagesPerPerson()));
    }
    JsonObject answer = earlier.running()
        ? SyncResult.accepted(earlier.runId(), earlier.showId())
        : RunView.of(earlier, List.of());
    return answer.put("idempotent_replay", true);
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

  private Future<JsonObject> run(SyncContext sync, List<String> stages, String trigger, String triggeredBy,
                                 ShowLock lock) {
    UUID runId = sync.runId();
    String showId = sync.showId();
    RunEvents events = new RunEvents(vertx, runId, showId);
    SyncRuns.Active active = tracker.track(sync, events, trigger, triggeredBy);
    lock.onRetaken(() -> tracker.retryRecordNow(active));
    Timer.Sample timer = Timer.start(metrics);
    LOG.info("Sync {} of {} started (trigger {} by {}, max {} images per person{}{}{})", runId, showId, trigger,
        triggeredBy, sync.maxImagesPerPerson(), sync.dryRun() ? ", dry run" : "",
        sync.only() == null ? "" : ", " + sync.only().size() + " people only",
        sync.retryOf() == null ? "" : ", retry of " + sync.retryOf());
    events.publish(SyncEvents.RUN_STARTED, new JsonObject().put("max_images_per_person", sync.maxImagesPerPerson())
        .put("trigger", trigger).put("triggered_by", triggeredBy).put("stages", new JsonArray(stages))
        .put("dry_run", sync.dryRun()));
    return pipeline.run(sync, events)
        .map(done -> SyncResult.of(sync, stages, null))
        .recover(e -> Future.succeededFuture(SyncResult.of(sync, stages, showFailure(e))))
        .map(result -> sync.dryRun() ? result.put("skipped_stages", new JsonArray(pipeline.skippedInDryRun())) : result)
        .compose(result -> withChanges(sync, result))
        .compose(result -> {
          // The event shares the result's people, no deep copy: neither changes once built, and the
          // event bus copies what it delivers.
          JsonObject finished = events.append(SyncEvents.RUN_FINISHED, result);
          SyncRuns.Ending ending = tracker.finish(active, result);
          // The lock is held until the outcome is recorded, so nobody takes the ended run for one a
          // dead process left. Recorded at once: the caller hears once the lock is released, so it
          // may sync again at once; kept in memory (our database unreachable): the caller hears now.
          Future<Void> released = ending.recorded().transform(recorded -> lock.release()).otherwiseEmpty();
          return ending.answered()
              .compose(answered -> ending.recorded().isComplete() ? released : Future.succeededFuture())
              .onComplete(answered -> events.announce(finished))
              .map(result);
        })
        .onSuccess(result -> {
          timer.stop(metrics.timer("facebank_sync_run_seconds", "status", result.getString("status")));
          metrics.counter("facebank_sync_images_imported_total").increment(result.getLong("imported_facebank_images"));
          LOG.info("Sync {} of {} finished: {} ({} images for {} people, {} duplicates, {} errors)", runId,
              showId, result.getString("status"), result.getLong("imported_facebank_images"),
              result.getLong("imported_facebank_people"), result.getLong("skipped_duplicate_images"),
              result.getLong("import_errors"));
        })
        .onFailure(e -> {
          LOG.error("Recording the outcome of sync {} of {} failed", runId, showId, e);
          lock.release(); // idempotent: also released once the outcome is recorded
        });
  }

  /**
   * The result with its {@code changes} against the show's previous finished real run (a run that
   * never resolved its cast has none: null). Comparing is a courtesy: when our database cannot
   * say what the previous run was, the run still ends, with changes null.
   */
  private Future<JsonObject> withChanges(SyncContext sync, JsonObject result) {
    if (!sync.resolved()) {
      return Future.succeededFuture(result.putNull("changes"));
    }
    JsonArray cast = sync.castRecordJson(); // built once: compared here, recorded with the outcome
    return runs.previousCast(sync.showId(), sync.runId())
        .map(previous -> result.put("changes", RunChanges.between(previous.map(p -> p.runId()).orElse(null),
            previous.map(p -> p.cast()).orElse(null), cast)))
        .otherwise(e -> {
          LOG.warn("Run {} of {}: its previous run could not be read ({}); changes left out", sync.runId(),
              sync.showId(), DbFailures.brief(e));
          return result.putNull("changes");
        });
  }

  private static FacebankException showFailure(Throwable e) {
    Optional<FacebankException> unreachable = DbFailures.asUnavailable(e);
    if (unreachable.isPresent()) {
      LOG.warn("Sync failed: our database is unreachable ({})", DbFailures.brief(e));
      return new FacebankException(ErrorCode.DATABASE_UNAVAILABLE, "our database became unreachable during the run: "
          + DbFailures.brief(e), e);
    }
    if (e instanceof FacebankException known) {
      LOG.warn("Sync failed: {} ({})", known.getMessage(), known.code());
      return known;
    }
    LOG.error("Sync failed unexpectedly", e);
    return new FacebankException(ErrorCode.INTERNAL, "the sync failed unexpectedly: " + e.getMessage(), e);
  }
}
