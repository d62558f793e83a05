package com.screenalytics.facebank.cluster;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.contract.SyncEvents;
import com.screenalytics.facebank.db.ClusterRepository;
import com.screenalytics.facebank.db.DbFailures;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sweeps up after a node that left the cluster (killed, crashed, cut off), without waiting for it
 * to restart: the oldest facebank node marks the runs it left 'running' as interrupted (counts
 * from the rows they wrote; their show lock is free, so the show can be synced again at once),
 * puts the batch shows it had taken back in the queue, and tells the followers of those runs.
 * It sweeps when a member leaves, again every second while a departed node's run still holds its
 * lock (PostgreSQL has not yet seen its connection die), and every CLUSTER_RUN_ORPHAN_S / 3 in
 * any case (the oldest node itself may have been the one that left).
 */
public final class OrphanSweeper extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(OrphanSweeper.class);
  private static final long RETRY_MS = 1_000;

  private final ClusterNode node;
  private final ClusterRepository repository;
  private final long periodMs;
  private boolean sweeping;
  private boolean again;
  private long periodic = -1;

  public OrphanSweeper(ClusterNode node, ClusterRepository repository, int orphanSeconds) {
    this.node = node;
    this.repository = repository;
    this.periodMs = Math.max(1_000, orphanSeconds * 1_000L / 3);
  }

  @Override
  public Future<?> start() {
    node.onMemberLeft(() -> context.runOnContext(ignored -> sweep("a member left")));
    periodic = vertx.setPeriodic(periodMs, id -> sweep("periodic"));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(periodic);
    return Future.succeededFuture();
  }

  private void sweep(String why) {
    if (!node.oldest()) {
      return;
    }
    if (sweeping) {
      again = true;
      return;
    }
    sweeping = true;
    repository.sweep(node.nodes()).onComplete(done -> {
      sweeping = false;
      if (done.failed()) {
        if (DbFailures.unavailable(done.cause())) {
          LOG.warn("Sweeping the runs of departed nodes failed: {}", DbFailures.brief(done.cause()));
        } else {
          LOG.error("Sweeping the runs of departed nodes failed", done.cause());
        }
      } else {
        ClusterRepository.Sweep sweep = done.result();
        for (ClusterRepository.Orphan orphan : sweep.interrupted()) {
          LOG.warn("Run {} of {} was running on node {}, which left the cluster; marked interrupted ({})",
              orphan.runId(), orphan.showId(), orphan.node(), why);
          // Its followers wait for live events that will never come: this one (out of sequence)
          // sends them back to the run's record, which now ends it.
          vertx.eventBus().publish(Addresses.runEvents(orphan.runId()), new JsonObject()
              .put("type", SyncEvents.RUN_FINISHED).put("run_id", orphan.runId().toString())
              .put("show_id", orphan.showId()).put("status", "interrupted").put("seq", Integer.MAX_VALUE));
        }
        if (sweep.requeued() > 0) {
          LOG.warn("{} batch show(s) taken by departed nodes are queued again", sweep.requeued());
          vertx.eventBus().publish(Addresses.BATCH_QUEUED, new JsonObject());
        }
        if (sweep.left() > 0 && !again) {
          vertx.setTimer(RETRY_MS, id -> sweep("retry: a departed node's run still holds its lock"));
        }
      }
      if (again) {
        again = false;
        sweep(why);
      }
    });
  }
}
