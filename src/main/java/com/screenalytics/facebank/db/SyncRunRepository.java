package com.screenalytics.facebank.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sync_run table and the per-show run lock. */
public final class SyncRunRepository {

  private static final Logger LOG = LoggerFactory.getLogger(SyncRunRepository.class);

  /** Advisory-lock namespace of facebank-sync ("FBSY"); the show id's hash is the second key. */
  private static final int LOCK_NAMESPACE = 0x46425359;

  /** The held lock of one show; {@link #release()} unlocks it by closing its own connection. */
  public static final class ShowLock {
    private final SqlConnection conn;

    private ShowLock(SqlConnection conn) {
      this.conn = conn;
    }

    public Future<Void> release() {
      return conn.close().onFailure(e -> LOG.warn("Closing a run-lock connection failed: {}", e.getMessage()));
    }
  }

  private final LocalDatabase db;
  private final Pool pool;

  public SyncRunRepository(LocalDatabase db) {
    this.db = db;
    this.pool = db.pool();
  }

  /**
   * Takes the show's lock and records the run as running, or answers empty when another run (in
   * any process) holds the lock. The lock lives on its own connection until {@link ShowLock#release()}.
   */
  public Future<Optional<ShowLock>> claim(UUID runId, String showId, UUID trrShowId, String trigger, int maxImages,
                                          List<String> stages) {
    Tuple args = Tuple.of(LOCK_NAMESPACE, showId, runId, trrShowId, trigger, maxImages, stages.toArray(String[]::new));
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
          return Future.succeededFuture(Optional.of(new ShowLock(conn)));
        }, failure -> conn.close().transform(ignored -> Future.failedFuture(failure))));
  }

  public Future<Void> finish(UUID runId, String status, JsonObject counts, JsonArray people, JsonObject error) {
    return pool.preparedQuery(Sql.RUN_FINISH).execute(Tuple.of(runId, status, counts, people, error)).mapEmpty();
  }

  public Future<Optional<UUID>> runningRun(String showId) {
    return pool.preparedQuery(Sql.RUN_RUNNING_FOR_SHOW).execute(Tuple.of(showId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID("run_id")));
  }
}
