package com.screenalytics.facebank.cluster;

import com.screenalytics.facebank.trr.SharedLimit;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;

/**
 * The photos API's limits for the whole cluster. The rate: one schedule of request starts in a
 * Hazelcast map entry (the next free start, in epoch microseconds); each request reserves the next
 * start by compare-and-set (replace if still the value read), so two nodes never take the same
 * one, and waits for it. No lock and no CP subsystem (which needs three members): a lost race
 * reads again. The in-flight cap: split evenly between the facebank nodes the cluster holds now.
 * The schedule follows the nodes' clocks, which NTP keeps within milliseconds of each other.
 */
final class SharedPhotosLimit implements SharedLimit {

  static final String MAP = "facebank.photos.limit";
  static final String NEXT_START = "next_start_micros";
  private static final int MAX_RACES = 100;

  private final Vertx vertx;
  private final ClusterNode node;
  private Future<AsyncMap<String, Long>> map;

  SharedPhotosLimit(Vertx vertx, ClusterNode node) {
    this.vertx = vertx;
    this.node = node;
  }

  @Override
  public Future<Long> reserveStart(long intervalMicros) {
    return schedule().compose(schedule -> reserve(schedule, intervalMicros, 0));
  }

  private synchronized Future<AsyncMap<String, Long>> schedule() {
    if (map == null || map.failed()) {
      map = vertx.sharedData().getAsyncMap(MAP);
    }
    return map;
  }

  private Future<Long> reserve(AsyncMap<String, Long> schedule, long intervalMicros, int races) {
    if (races >= MAX_RACES) {
      return Future.failedFuture(new IllegalStateException("lost the race for a start " + races + " times"));
    }
    return schedule.get(NEXT_START).compose(next -> {
      long now = System.currentTimeMillis() * 1_000;
      long start = next == null ? now : Math.max(now, next);
      Future<Boolean> taken = next == null
          ? schedule.putIfAbsent(NEXT_START, start + intervalMicros).map(previous -> previous == null)
          : schedule.replaceIfPresent(NEXT_START, next, start + intervalMicros);
      return taken.compose(won -> won
          ? Future.succeededFuture((start + 999) / 1_000)
          : reserve(schedule, intervalMicros, races + 1));
    });
  }

  @Override
  public int maxInFlight(int clusterCap) {
    return Math.max(1, clusterCap / Math.max(1, node.nodes().size()));
  }
}
