package com.screenalytics.facebank.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** The sync_batch table and its queue, sync_batch_show. */
public final class BatchRepository {

  /** A show handed to a node: which batch, which show, with what limit, for whom. */
  public record Taken(UUID batchId, String showId, int maxImagesPerPerson, String triggeredBy) {
  }

  private final LocalDatabase db;
  private final Pool pool;

  public BatchRepository(LocalDatabase db) {
    this.db = db;
    this.pool = db.pool();
  }

  /**
   * Holds {@code node}'s liveness lock on a connection of its own (unclustered workers: the lock
   * says the worker is alive; PostgreSQL drops it with the process). Empty when another holds it.
   */
  public Future<Optional<SqlConnection>> holdAlive(String node) {
    return db.dedicatedConnection().compose(conn -> conn.preparedQuery(ClusterSql.WORKER_ALIVE)
        .execute(Tuple.of(ClusterSql.WORKER_LOCK_NAMESPACE, node))
        .map(rows -> rows.iterator().next().getBoolean("locked"))
        .compose(locked -> locked ? Future.succeededFuture(Optional.of(conn))
            : conn.close().map(Optional.<SqlConnection>empty()),
            failure -> conn.close().transform(ignored -> Future.failedFuture(failure))));
  }

  /** Puts back in the queue the shows of unclustered workers that are gone; answers how many. */
  public Future<Integer> requeueDeadLocal(String self) {
    return pool.preparedQuery(ClusterSql.REQUEUE_DEAD_LOCAL_SHOWS)
        .execute(Tuple.of(ClusterSql.WORKER_LOCK_NAMESPACE, self)).map(rows -> rows.rowCount());
  }

  /** Every local show linked to a TRR show, by show id. */
  public Future<List<String>> linkedShows() {
    return pool.query(ClusterSql.LINKED_SHOWS).execute().map(rows -> {
      List<String> ids = new ArrayList<>();
      rows.forEach(row -> ids.add(row.getString("show_id")));
      return ids;
    });
  }

  /** The named shows that exist: show id → linked or not. */
  public Future<Map<String, Boolean>> shows(List<String> showIds) {
    return pool.preparedQuery(ClusterSql.SHOWS_NAMED).execute(Tuple.tuple().addArrayOfString(showIds.toArray(String[]::new)))
        .map(rows -> {
          Map<String, Boolean> found = new TreeMap<>();
          rows.forEach(row -> found.put(row.getString("show_id"), row.getUUID("trr_show_id") != null));
          return found;
        });
  }

  public Future<Void> create(UUID batchId, int maxImages, String trigger, String triggeredBy, List<String> showIds) {
    return pool.preparedQuery(ClusterSql.BATCH_CREATE)
        .execute(Tuple.of(batchId, maxImages, trigger, triggeredBy, showIds.toArray(String[]::new))).mapEmpty();
  }

  /** The next queued show of any batch for {@code node}, or empty when the queue is empty. */
  public Future<Optional<Taken>> take(String node) {
    return pool.preparedQuery(ClusterSql.BATCH_TAKE).execute(Tuple.of(node)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new Taken(row.getUUID("batch_id"), row.getString("show_id"),
          row.getInteger("max_images_per_person"), row.getString("triggered_by")));
    });
  }

  /** Records how a show of a batch ended; false when {@code node} no longer holds it. */
  public Future<Boolean> showDone(UUID batchId, String showId, String node, UUID runId, String status,
                                  JsonObject error, JsonObject counts) {
    return pool.preparedQuery(ClusterSql.BATCH_SHOW_DONE)
        .execute(Tuple.of(batchId, showId, runId, status, error, counts).addString(node))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Ends the batch if every show is done and nobody ended it yet: its status, else empty. */
  public Future<Optional<String>> finishIfDone(UUID batchId) {
    return pool.preparedQuery(ClusterSql.BATCH_FINISH).execute(Tuple.of(batchId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString("status")));
  }

  /** The batch with every show's state, node, run id and status; empty when there is no such batch. */
  public Future<Optional<JsonObject>> get(UUID batchId) {
    return pool.preparedQuery(ClusterSql.BATCH_GET).execute(Tuple.of(batchId)).compose(found -> {
      if (found.size() == 0) {
        return Future.succeededFuture(Optional.empty());
      }
      JsonObject batch = batch(found.iterator().next());
      return pool.preparedQuery(ClusterSql.BATCH_SHOWS).execute(Tuple.of(batchId)).map(rows -> {
        JsonArray shows = new JsonArray();
        rows.forEach(row -> shows.add(new JsonObject()
            .put("show_id", row.getString("show_id"))
            .put("state", row.getString("state"))
            .put("node", row.getString("node"))
            .put("run_id", text(row.getUUID("run_id")))
            .put("status", row.getString("status"))
            .put("error", row.getValue("error"))
            .put("counts", row.getValue("counts"))
            .put("started_at", text(row.getOffsetDateTime("started_at")))
            .put("finished_at", text(row.getOffsetDateTime("finished_at")))));
        return Optional.of(batch.put("shows", shows).put("counts", tally(shows)));
      });
    });
  }

  /** The newest batches (without their shows), at most {@code limit}. */
  public Future<JsonArray> list(int limit) {
    return pool.preparedQuery(ClusterSql.BATCH_LIST).execute(Tuple.of(limit)).map(rows -> {
      JsonArray batches = new JsonArray();
      rows.forEach(row -> batches.add(batch(row).put("shows", row.getLong("shows")).put("done", row.getLong("done"))));
      return batches;
    });
  }

  /** How many shows are in each state and ended with each status. */
  private static JsonObject tally(JsonArray shows) {
    JsonObject counts = new JsonObject().put("shows", shows.size());
    JsonObject byStatus = new JsonObject();
    for (Object item : shows) {
      JsonObject show = (JsonObject) item;
      String key = show.getString("state");
      counts.put(key, counts.getInteger(key, 0) + 1);
      if (show.getString("status") != null) {
        byStatus.put(show.getString("status"), byStatus.getInteger(show.getString("status"), 0) + 1);
      }
    }
    return counts.put("by_status", byStatus);
  }

  private static JsonObject batch(Row row) {
    String id = row.getUUID("batch_id").toString();
    return new JsonObject()
        .put("batch_id", id)
        .put("status", row.getString("status"))
        .put("max_images_per_person", row.getInteger("max_images_per_person"))
        .put("trigger", row.getString("trigger"))
        .put("triggered_by", row.getString("triggered_by"))
        .put("started_at", text(row.getOffsetDateTime("started_at")))
        .put("finished_at", text(row.getOffsetDateTime("finished_at")))
        .put("status_url", "/sync_batches/" + id)
        .put("events_url", "/sync_batches/" + id + "/events");
  }

  private static String text(Object value) {
    return value == null ? null : value instanceof OffsetDateTime time ? time.toInstant().toString() : value.toString();
  }
}
