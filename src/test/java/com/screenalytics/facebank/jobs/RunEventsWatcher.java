package com.screenalytics.facebank.jobs;

import com.screenalytics.facebank.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Listens to one service instance's facebank.sync.events, as a sibling verticle would, and tells
 * when an event that matches arrives (or already has).
 */
final class RunEventsWatcher {

  private record Watch(Predicate<JsonObject> condition, Promise<JsonObject> promise) {
  }

  private final List<JsonObject> events = new ArrayList<>();
  private final List<Watch> watches = new ArrayList<>();
  private MessageConsumer<JsonObject> consumer;

  static RunEventsWatcher listen(Vertx serviceVertx) {
    RunEventsWatcher watcher = new RunEventsWatcher();
    watcher.consumer = serviceVertx.eventBus().consumer(Addresses.SYNC_EVENTS, message -> watcher.received(message.body()));
    watcher.consumer.completion().await();
    return watcher;
  }

  synchronized Future<JsonObject> event(Predicate<JsonObject> condition) {
    for (JsonObject event : events) {
      if (condition.test(event)) {
        return Future.succeededFuture(event);
      }
    }
    Promise<JsonObject> promise = Promise.promise();
    watches.add(new Watch(condition, promise));
    return promise.future();
  }

  /** The event of this type in this run, and the n-th such event (1-based). */
  Future<JsonObject> nth(String runId, String type, int n) {
    int[] seen = {0};
    return event(e -> runId.equals(e.getString("run_id")) && type.equals(e.getString("type")) && ++seen[0] == n);
  }

  Future<JsonObject> finished(String runId) {
    return nth(runId, "run_finished", 1);
  }

  synchronized List<JsonObject> of(String runId) {
    return events.stream().filter(e -> runId.equals(e.getString("run_id"))).toList();
  }

  Future<Void> close() {
    return consumer.unregister();
  }

  private synchronized void received(JsonObject event) {
    events.add(event);
    watches.removeIf(watch -> {
      if (watch.condition().test(event)) {
        watch.promise().tryComplete(event);
        return true;
      }
      return false;
    });
  }
}
