package com.screenalytics.facebank.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What the cluster asks of our database: the runs and batch shows of nodes that left. */
public final class ClusterRepository {

  /** A run marked interrupted because its node left the cluster. */
  public record Orphan(UUID runId, String showId, String node) {
  }

  /** One sweep: the runs marked interrupted, how many are left (their lock not free yet), the shows put back. */
  public record Sweep(List<Orphan> interrupted, long left, int requeued) {
  }

  private final LocalDatabase db;

  public ClusterRepository(LocalDatabase db) {
    this.db = db;
  }

  /**
   * Marks the runs of nodes not in {@code liveNodes} interrupted (those whose lock is free) and puts
   * the batch shows those nodes had taken back in the queue. On a connection of its own, closed
   * after, which releases the show locks taken to find out.
   */
  public Future<Sweep> sweep(List<String> liveNodes) {
    String[] live = liveNodes.toArray(String[]::new);
    return db.dedicatedConnection().compose(conn -> conn.preparedQuery(ClusterSql.SWEEP_ORPHANS)
        .execute(Tuple.tuple().addInteger(SyncRunRepository.LOCK_NAMESPACE).addArrayOfString(live))
        .compose(swept -> {
          List<Orphan> orphans = new ArrayList<>();
          for (Row row : swept) {
            orphans.add(new Orphan(row.getUUID("run_id"), row.getString("show_id"), row.getString("node")));
          }
          return conn.preparedQuery(ClusterSql.ORPHANS_LEFT).execute(Tuple.tuple().addArrayOfString(live))
              .compose(left -> conn.preparedQuery(ClusterSql.REQUEUE_ORPHANED_SHOWS).execute(Tuple.tuple().addArrayOfString(live))
                  .map(requeued -> new Sweep(orphans, left.iterator().next().getLong("left"), requeued.rowCount())));
        })
        .eventually(conn::close));
  }
}
