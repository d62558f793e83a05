package com.screenalytics.facebank.trr;

import io.vertx.core.Future;

/**
 * PHOTOS_RATE_LIMIT_PER_SEC and PHOTOS_MAX_IN_FLIGHT held for a whole cluster rather than one
 * process (see cluster.SharedPhotosLimit): request starts are reserved on one schedule every node
 * shares, and the in-flight cap is split between the nodes.
 */
public interface SharedLimit {

  /**
   * Reserves the next start on the cluster's schedule, {@code intervalMicros} after the one before:
   * answers the epoch millisecond at which this request may start (now or later).
   */
  Future<Long> reserveStart(long intervalMicros);

  /** This node's share of the cluster's in-flight cap {@code clusterCap} (at least 1). */
  int maxInFlight(int clusterCap);
}
