package com.screenalytics.facebank.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
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

  /** The show's lock, or empty when another run (in any process) holds it. */
  public Future<Optional<ShowLock>> tryLock(String showId) {
    return db.dedicatedConnection().compose(conn -> conn.preparedQuery(Sql.RUN_TRY_LOCK)
        .execute(Tuple.of(LOCK_NAMESPACE, showId))
        .compose(rows -> {
          if (rows.iterator().next().getBoolean("locked")) {
            return Future.succeededFuture(Optional.of(new ShowLock(conn)));
          }
          return conn.close().map(Optional.<ShowLock>empty());
        }, failure -> conn.close().transform(ignored -> Future.failedFuture(failure))));
  }

  /** With the show's lock held: a run still marked running was left by a process that died. */
  public Future<Integer> interruptStale(String showId) {
    return pool.preparedQuery(Sql.RUN_INTERRUPT_STALE).execute(Tuple.of(showId)).map(rows -> rows.rowCount());
  }

  public Future<Void> insert(UUID runId, String showId, UUID trrShowId, String trigger, int maxImages,
                             List<String> stages) {
    return pool.preparedQuery(Sql.RUN_INSERT)
        .execute(Tuple.of(runId, showId, trrShowId, trigger, maxImages, stages.toArray(String[]::new)))
        .mapEmpty();
  }

  public Future<Void> finish(UUID runId, String status, JsonObject counts, JsonArray people, JsonObject error) {
    return pool.preparedQuery(Sql.RUN_FINISH).execute(Tuple.of(runId, status, counts, people, error)).mapEmpty();
  }

  public Future<Optional<UUID>> runningRun(String showId) {
    return pool.preparedQuery(Sql.RUN_RUNNING_FOR_SHOW).execute(Tuple.of(showId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getUUID("run_id")));
  }
}
