package com.screenalytics.facebank.testsupport;

import com.screenalytics.facebank.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Listens to one service instance's facebank.sync.events, as a sibling verticle would, and tells
 * when an event of a run arrives (or already has). See {@link ServiceUnderTest#events()}.
 */
public final class RunEventsWatcher {

  private final Sightings<JsonObject> events = new Sightings<>();
  private final MessageConsumer<JsonObject> consumer;

  private RunEventsWatcher(Vertx serviceVertx) {
    consumer = serviceVertx.eventBus().consumer(Addresses.SYNC_EVENTS, message -> events.add(message.body()));
  }

  static RunEventsWatcher listen(Vertx serviceVertx) {
    RunEventsWatcher watcher = new RunEventsWatcher(serviceVertx);
    watcher.consumer.completion().await();
    return watcher;
  }

  /** The n-th (1-based) event of this type in this run. */
  public Future<JsonObject> nth(String runId, String type, int n) {
    int[] seen = {0};
    return events.first(e -> runId.equals(e.getString("run_id")) && type.equals(e.getString("type")) && ++seen[0] == n);
  }

  public Future<JsonObject> finished(String runId) {
    return nth(runId, "run_finished", 1);
  }

  /** The first event of this type, of any run. */
  public Future<JsonObject> first(String type) {
    return events.first(e -> type.equals(e.getString("type")));
  }

  /** Every event heard so far, of every run, in order. */
  public List<JsonObject> all() {
    return events.all();
  }

  /** The run's events so far, in order. */
  public List<JsonObject> of(String runId) {
    return events.all().stream().filter(e -> runId.equals(e.getString("run_id"))).toList();
  }

  Future<Void> close() {
    return consumer.unregister();
  }
}
