package com.screenalytics.facebank.testsupport;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Things that arrive one by one (events, frames), kept in order, and futures that complete when
 * one that matches has arrived — before or after the question was asked. Thread-safe.
 */
public final class Sightings<T> {

  private record Watch<T>(Predicate<T> condition, Promise<T> promise) {
  }

  private final List<T> seen = new ArrayList<>();
  private final List<Watch<T>> watches = new ArrayList<>();

  public synchronized void add(T item) {
    seen.add(item);
    watches.removeIf(watch -> {
      if (watch.condition().test(item)) {
        watch.promise().tryComplete(item);
        return true;
      }
      return false;
    });
  }

  /** The first item that matches, already seen or still to come. */
  public synchronized Future<T> first(Predicate<T> condition) {
    for (T item : seen) {
      if (condition.test(item)) {
        return Future.succeededFuture(item);
      }
    }
    Promise<T> promise = Promise.promise();
    watches.add(new Watch<>(condition, promise));
    return promise.future();
  }

  public synchronized List<T> all() {
    return List.copyOf(seen);
  }
}
