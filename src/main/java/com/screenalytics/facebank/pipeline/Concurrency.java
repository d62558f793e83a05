package com.screenalytics.facebank.pipeline;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Runs an async task for every item with at most {@code limit} in flight, on the caller's
 * context. Tasks are expected to record their own failures; the returned future completes when
 * every started task has completed. Once {@code stop} answers true no further task starts (tasks
 * in flight finish). Tasks that complete synchronously are drained in a loop, not by recursion,
 * so a long list cannot overflow the stack.
 */
public final class Concurrency<T> {

  private final List<T> items;
  private final int limit;
  private final BooleanSupplier stop;
  private final Function<T, Future<?>> task;
  private final Promise<Void> done = Promise.promise();
  private int next;
  private int active;
  private boolean pumping;

  private Concurrency(List<T> items, int limit, BooleanSupplier stop, Function<T, Future<?>> task) {
    this.items = items;
    this.limit = Math.max(1, limit);
    this.stop = stop;
    this.task = task;
  }

  public static <T> Future<Void> forEach(List<T> items, int limit, Function<T, Future<?>> task) {
    return forEach(items, limit, () -> false, task);
  }

  public static <T> Future<Void> forEach(List<T> items, int limit, BooleanSupplier stop,
                                         Function<T, Future<?>> task) {
    Concurrency<T> runner = new Concurrency<>(items, limit, stop, task);
    runner.pump();
    return runner.done.future();
  }

  private void pump() {
    if (pumping) {
      return;
    }
    pumping = true;
    try {
      while (active < limit && next < items.size() && !stop.getAsBoolean()) {
        T item = items.get(next++);
        active++;
        start(item).onComplete(ignored -> {
          active--;
          pump();
        });
      }
    } finally {
      pumping = false;
    }
    if (active == 0 && (next >= items.size() || stop.getAsBoolean())) {
      done.tryComplete();
    }
  }

  private Future<?> start(T item) {
    try {
      return task.apply(item);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
