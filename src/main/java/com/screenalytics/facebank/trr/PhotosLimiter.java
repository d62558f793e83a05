package com.screenalytics.facebank.trr;

import com.screenalytics.facebank.trr.PhotosCallException.Kind;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps one process from flooding the photos API: at most {@code maxInFlight} requests at once
 * (callers queue in arrival order), and, when {@code ratePerSecond} is above 0, request starts
 * spaced at least 1/rate apart. Waiting happens on Vert.x timers, never on a thread, and never
 * past the caller's deadline. Syncs of several shows share one limiter.
 */
final class PhotosLimiter {

  /** Gives the slot back; calling it more than once is harmless. */
  interface Permit {
    void release();
  }

  private static final class Waiter {
    final Promise<Void> turn = Promise.promise();
    long timerId;
  }

  private final Vertx vertx;
  private final int maxInFlight;
  private final long intervalNanos;
  private final Deque<Waiter> waiting = new ArrayDeque<>();
  private int inFlight;
  private long nextStartNanos = System.nanoTime();

  private final SharedLimit shared;

  PhotosLimiter(Vertx vertx, int maxInFlight, int ratePerSecond) {
    this(vertx, maxInFlight, ratePerSecond, null);
  }

  /** With {@code shared} (clustered), the cap and the rate hold for the whole cluster. */
  PhotosLimiter(Vertx vertx, int maxInFlight, int ratePerSecond, SharedLimit shared) {
    this.vertx = vertx;
    this.maxInFlight = Math.max(1, maxInFlight);
    this.intervalNanos = ratePerSecond > 0 ? TimeUnit.SECONDS.toNanos(1) / ratePerSecond : 0;
    this.shared = shared;
  }

  private int cap() {
    return shared == null ? maxInFlight : shared.maxInFlight(maxInFlight);
  }

  /** A slot for one request, once one is free and the rate allows; fails when the deadline comes first. */
  Future<Permit> acquire(Deadline deadline) {
    Waiter waiter = new Waiter();
    synchronized (this) {
      if (inFlight < cap()) {
        inFlight++;
        waiter.turn.complete();
      } else {
        waiting.addLast(waiter);
        waiter.timerId = vertx.setTimer(Math.max(1, deadline.remainingMs()), id -> expire(waiter));
      }
    }
    return waiter.turn.future().compose(ignored -> paced(deadline, permit()));
  }

  private Permit permit() {
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        release();
      }
    };
  }

  /** Holds a granted slot until the next start time the rate allows. */
  private Future<Permit> paced(Deadline deadline, Permit permit) {
    if (intervalNanos == 0) {
      return Future.succeededFuture(permit);
    }
    if (shared != null) {
      return sharedPace(deadline, permit);
    }
    long now = System.nanoTime();
    long waitNanos;
    synchronized (this) {
      long start = Math.max(now, nextStartNanos);
      waitNanos = start - now;
      if (TimeUnit.NANOSECONDS.toMillis(waitNanos) >= deadline.remainingMs()) {
        waitNanos = -1;
      } else {
        nextStartNanos = start + intervalNanos;
      }
    }
    if (waitNanos < 0) {
      permit.release();
      return Future.failedFuture(PhotosCallException.of(Kind.TIMEOUT,
          "the person's deadline (PHOTOS_PERSON_DEADLINE_MS) passed waiting for PHOTOS_RATE_LIMIT_PER_SEC"));
    }
    long waitMs = (waitNanos + 999_999) / 1_000_000;
    return waitMs == 0 ? Future.succeededFuture(permit)
        : vertx.timer(waitMs, TimeUnit.MILLISECONDS).map(permit);
  }

  /** A start reserved on the cluster's schedule; waited for here, never past the deadline. */
  private Future<Permit> sharedPace(Deadline deadline, Permit permit) {
    return shared.reserveStart(TimeUnit.NANOSECONDS.toMicros(intervalNanos))
        .transform(reserved -> {
          if (reserved.failed()) {
            permit.release();
            return Future.failedFuture(PhotosCallException.of(Kind.TIMEOUT,
                "the cluster's rate limit (PHOTOS_RATE_LIMIT_PER_SEC) could not be reached: "
                    + reserved.cause().getMessage()));
          }
          long waitMs = Math.max(0, reserved.result() - System.currentTimeMillis());
          if (waitMs >= deadline.remainingMs()) {
            permit.release();
            return Future.failedFuture(PhotosCallException.of(Kind.TIMEOUT,
                "the person's deadline (PHOTOS_PERSON_DEADLINE_MS) passed waiting for PHOTOS_RATE_LIMIT_PER_SEC"));
          }
          return waitMs == 0 ? Future.succeededFuture(permit)
              : vertx.timer(waitMs, TimeUnit.MILLISECONDS).map(permit);
        });
  }

  /** The slot passes straight to the longest waiter, if any (unless this node's share shrank). */
  private void release() {
    Waiter next;
    synchronized (this) {
      if (shared != null && inFlight > cap()) {
        inFlight--;
        return;
      }
      next = waiting.pollFirst();
      if (next == null) {
        inFlight--;
        return;
      }
      vertx.cancelTimer(next.timerId);
    }
    next.turn.tryComplete();
  }

  private void expire(Waiter waiter) {
    boolean removed;
    synchronized (this) {
      removed = waiting.remove(waiter);
    }
    if (removed) {
      waiter.turn.tryFail(PhotosCallException.of(Kind.TIMEOUT,
          "the person's deadline (PHOTOS_PERSON_DEADLINE_MS) passed waiting for a free slot (PHOTOS_MAX_IN_FLIGHT)"));
    }
  }
}
