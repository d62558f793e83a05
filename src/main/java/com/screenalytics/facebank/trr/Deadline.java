package com.screenalytics.facebank.trr;

import java.util.concurrent.TimeUnit;

/** A point in time (monotonic clock) by which some work must be over. */
public record Deadline(long atNanos) {

  public static Deadline in(long millis) {
    return new Deadline(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
  }

  /** Whole milliseconds left; 0 once it has passed. */
  public long remainingMs() {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(atNanos - System.nanoTime()));
  }
}
