package com.screenalytics.facebank.stage.api;

import io.vertx.core.Future;
import java.util.concurrent.Callable;

/**
 * Port (API 1.1): the service's bounded pool for CPU work (decoding, hashing, inference), sized
 * to the machine's cores and shared by every stage, so such work never runs on an event loop and
 * never takes more threads than there are cores. Tasks queue when every thread is busy.
 */
public interface ComputePool {

  /**
   * Runs {@code work} on a pool thread, with the calling stage's class loader as the thread's
   * context class loader; the future completes on the caller's context, failed with what
   * {@code work} threw. Never block on I/O in it: that is what the other ports are for.
   */
  <T> Future<T> compute(Callable<T> work);

  /** How many tasks run at once. */
  int size();
}
