package com.screenalytics.facebank.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sync_run table, its saved events, and the per-show run lock. */
public final class SyncRunRepository {

  private static final Logger LOG = LoggerFactory.getLogger(SyncRunRepository.class);

  /** Advisory-lock namespace of facebank-sync ("FBSY"); the show id's hash is the second key. */
  static final int LOCK_NAMESPACE = 0x46425359;

  /**
   * The held lock of one show; {@link #release()} unlocks it by closing its own connection. When
   * that connection dies while the run goes on (our database restarted), PostgreSQL has dropped
   * the lock: it is taken again, with backoff, as soon as the database answers, so that nobody
   * takes the live run for one a dead process left.
   */
  public final class ShowLock {
    private final String showId;
    private SqlConnection conn;
    private boolean released;
    private Runnable onRetaken = () -> { };

    private ShowLock(String showId, SqlConnection conn) {
      this.showId = showId;
      hold(conn);
    }

    /** Called each time the lock is taken again after its connection died. */
    public void onRetaken(Runnable action) {
      this.onRetaken = action;
    }

    private void hold(SqlConnection held) {
      conn = held;
      held.closeHandler(closed -> {
        if (!released && conn == held) {
          conn = null;
          LOG.warn("The run lock of {} was lost with its database connection; taking it again as soon as our "
              + "database answers", showId);
          retake(retryBackoffMs);
        }
      });
    }

    private void retake(long delayMs) {
      db.vertx().setTimer(delayMs, id -> {
        if (released) {
          return;
        }
        db.dedicatedConnection()
            .compose(fresh -> fresh.preparedQuery(Sql.RUN_LOCK_RETAKE).execute(Tuple.of(LOCK_NAMESPACE, showId))
                .map(rows -> rows.iterator().next().getBoolean("locked"))
                .onFailure(e -> fresh.close())
                .onSuccess(locked -> {
                  if (released || !locked) {
                    fresh.close();
                    if (!released) {
                      LOG.warn("The run lock of {} is held by another process now; the run goes on without it",
                          showId);
                    }
                    return;
                  }
                  LOG.info("Took the run lock of {} again", showId);
                  hold(fresh);
                  onRetaken.run();
                }))
            .onFailure(e -> retake(Math.min(retryMaxBackoffMs, delayMs * 2)));
      });
    }

    public Future<Void> release() {
      released = true;
      SqlConnection held = conn;
      conn = null;
      return held == null ? Future.succeededFuture()
          : held.close().onFailure(e -> LOG.warn("Closing a run-lock connection failed: {}", e.getMessage()));
    }
  }

  /** What a cancel request found: the run's show and status, and whether the request was recorded. */
  public record CancelRequest(String showId, String status, boolean recorded) {
  }

  private final LocalDatabase db;
  private final Pool pool;
  private final long retryBackoffMs;
  private final long retryMaxBackoffMs;

  public SyncRunRepository(LocalDatabase db) {
    this(db, 250, 5_000);
  }

  /** {@code retryBackoffMs}, doubling up to {@code retryMaxBackoffMs}: how often a lost run lock is taken again. */
  public SyncRunRepository(LocalDatabase db, long retryBackoffMs, long retryMaxBackoffMs) {
    this.db = db;
    this.pool = db.pool();
    this.retryBackoffMs = Math.max(1, retryBackoffMs);
    this.retryMaxBackoffMs = Math.max(this.retryBackoffMs, retryMaxBackoffMs);
  }

  /**
   * Takes the show's lock and records the run as running, or answers empty when another run (in
   * any process) holds the lock. The lock lives on its own connection until {@link ShowLock#release()}.
   */
  public Future<Optional<ShowLock>> claim(UUID runId, String showId, UUID trrShowId, String trigger, int maxImages,
                                          List<String> stages, String idempotencyKey, String triggeredBy) {
    return claim(runId, showId, trrShowId, trigger, maxImages, stages, idempotencyKey, triggeredBy, false, null, null,
        null);
  }

  /**
   * As above, for a dry run ({@code dryRun}: the same lock as a real run, so the two never run at
   * once), a run limited to {@code trrPersonIds} (null: the whole cast), or a retry of {@code retryOf};
   * {@code node} (clustered: the node that runs it; else null) is recorded as the run's node.
   */
  public Future<Optional<ShowLock>> claim(UUID runId, String showId, UUID trrShowId, String trigger, int maxImages,
                                          List<String> stages, String idempotencyKey, String triggeredBy,
                                          boolean dryRun, UUID retryOf, List<UUID> trrPersonIds, String node) {
    Tuple args = Tuple.of(LOCK_NAMESPACE, showId, runId, trrShowId, trigger, maxImages, stages.toArray(String[]::new))
        .addString(idempotencyKey).addString(triggeredBy).addBoolean(dryRun).addUUID(retryOf)
        .addArrayOfUUID(trrPersonIds == null ? null : trrPersonIds.toArray(UUID[]::new)).addString(node);
    return db.dedicatedConnection().compose(conn -> conn.preparedQuery(Sql.RUN_CLAIM).execute(args)
        .compose(rows -> {
          Row row = rows.iterator().next();
          if (!row.getBoolean("locked")) {
            return conn.close().map(Optional.<ShowLock>empty());
          }
          long interrupted = row.getLong("interrupted");
          if (interrupted > 0) {
            LOG.warn("Marked {} run(s) of {} left running by a dead process as interrupted", interrupted, showId);
          }
          return Future.succeededFuture(Optional.of(new ShowLock(showId, conn)));
        }, failure -> conn.close().transform(ignored -> Future.failedFuture(failure))));
  }

  /** Marks every run left 'running' by a dead process as interrupted; answers how many. */
  public Future<Integer> interruptAbandoned() {
    return db.dedicatedConnection().compose(conn -> conn.preparedQuery(Sql.RUN_INTERRUPT_ABANDONED)
        .execute(Tuple.of(LOCK_NAMESPACE))
        .onSuccess(rows -> rows.forEach(row -> LOG.warn("Run {} of {} was left running by a process that died; "
            + "marked interrupted", row.getUUID("run_id"), row.getString("show_id"))))
        .map(RowSet::rowCount)
        .eventually(conn::close));
  }

  /** Saves a running run's new events; answers whether a cancel was requested (from any process). */
  public Future<Boolean> checkpoint(UUID runId, List<JsonObject> events) {
    return pool.preparedQuery(Sql.RUN_CHECKPOINT).execute(withEvents(runId, events))
        .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean("cancel_requested"));
  }

  /**
   * Records a run's outcome together with its events not saved yet; {@code finishedAt} is when it
   * ended (a record written late, after our database came back, keeps the true end).
   */
  public Future<Void> finish(UUID runId, List<JsonObject> events, String status, JsonObject counts, JsonArray people,
                             JsonObject error, Instant finishedAt) {
    return finish(runId, events, status, counts, people, error, finishedAt, null, null);
  }

  /** As above, with the TRR cast as the run resolved it and its changes (either may be null). */
  public Future<Void> finish(UUID runId, List<JsonObject> events, String status, JsonObject counts, JsonArray people,
                             JsonObject error, Instant finishedAt, JsonArray trrCast, JsonObject changes) {
    Tuple args = withEvents(runId, events).addString(status).addValue(counts).addValue(people).addValue(error)
        .addOffsetDateTime(finishedAt.atOffset(ZoneOffset.UTC)).addValue(trrCast).addValue(changes);
    return pool.preparedQuery(Sql.RUN_FINISH).execute(args).mapEmpty();
  }

  /** The run a run of {@code showId} compares against (see {@link Sql#RUN_PREVIOUS_CAST}) and its cast. */
  public record RecordedCast(UUID runId, JsonArray cast) {
  }

  public Future<Optional<RecordedCast>> previousCast(String showId, UUID runId) {
    return pool.preparedQuery(Sql.RUN_PREVIOUS_CAST).execute(Tuple.of(showId, runId)).map(rows -> rows.size() == 0
        ? Optional.empty()
        : Optional.of(new RecordedCast(rows.iterator().next().getUUID("run_id"),
            (JsonArray) rows.iterator().next().getValue("trr_cast"))));
  }

  public Future<Optional<SyncRunRow>> get(UUID runId) {
    return pool.preparedQuery(Sql.RUN_GET).execute(Tuple.of(runId)).map(SyncRunRepository::first);
  }

  /** The node recorded on run {@code runId} while it is running (clustered); empty otherwise. */
  public Future<Optional<String>> runningNode(UUID runId) {
    return pool.preparedQuery(Sql.RUN_RUNNING_NODE).execute(Tuple.of(runId))
        .map(rows -> rows.size() == 0 ? Optional.<String>empty()
            : Optional.ofNullable(rows.iterator().next().getString("node")));
  }

  public Future<Optional<UUID>> runningRun(String showId) {
    return pool.preparedQuery(Sql.RUN_RUNNING_FOR_SHOW).execute(Tuple.of(showId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID("run_id")));
  }

  public Future<Optional<SyncRunRow>> byIdempotencyKey(String showId, String key) {
    return pool.preparedQuery(Sql.RUN_BY_IDEMPOTENCY_KEY).execute(Tuple.of(showId, key))
        .map(SyncRunRepository::first);
  }

  /** A show's runs, newest first, older than run {@code before} when given (rows without people). */
  public Future<List<SyncRunRow>> history(String showId, UUID before, int limit) {
    return pool.preparedQuery(Sql.RUN_HISTORY).execute(Tuple.of(showId, before, limit)).map(rows -> {
      List<SyncRunRow> runs = new ArrayList<>(rows.size());
      rows.forEach(row -> runs.add(SyncRunRow.from(row)));
      return runs;
    });
  }

  /** The saved events of a run with a seq above {@code afterSeq}, in order. */
  public Future<List<JsonObject>> eventsAfter(UUID runId, int afterSeq) {
    return pool.preparedQuery(Sql.RUN_EVENTS_AFTER).execute(Tuple.of(runId, afterSeq)).map(rows -> {
      List<JsonObject> events = new ArrayList<>(rows.size());
      rows.forEach(row -> events.add((JsonObject) row.getValue("event")));
      return events;
    });
  }

  /** Flags a running run to stop; empty when there is no such run. */
  public Future<Optional<CancelRequest>> requestCancel(UUID runId) {
    return pool.preparedQuery(Sql.RUN_REQUEST_CANCEL).execute(Tuple.of(runId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new CancelRequest(row.getString("show_id"), row.getString("status"),
          row.getBoolean("requested")));
    });
  }

  private static Tuple withEvents(UUID runId, List<JsonObject> events) {
    Integer[] seqs = events.stream().map(event -> event.getInteger("seq")).toArray(Integer[]::new);
    String[] bodies = events.stream().map(JsonObject::encode).toArray(String[]::new);
    return Tuple.of(runId, seqs, bodies);
  }

  private static Optional<SyncRunRow> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(SyncRunRow.from(rows.iterator().next()));
  }
}
