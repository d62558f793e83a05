package com.screenalytics.facebank.sync;

import static com.screenalytics.facebank.contract.BusAnswers.answer;
import static com.screenalytics.facebank.contract.BusAnswers.answerHere;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.ErrorReply;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.contract.ShowIds;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the sync addresses of {@link Addresses}: {@code facebank.sync}, the one entry point of
 * a sync for every trigger (the HTTP API sends here too), and the run addresses (view, events,
 * cancel, history). A reply is JSON, a copy of the service's (no JsonObject is shared between
 * event loops); a failure without a body is an {@link ErrorReply}: a ReplyException whose code
 * is the HTTP status and whose message is the error code, carrying the message and details too.
 */
public final class SyncVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SyncVerticle.class);

  /** History page size: default and bounds (a limit outside them is clamped). */
  public static final int HISTORY_DEFAULT_LIMIT = 20;
  public static final int HISTORY_MAX_LIMIT = 100;

  /** How long a node waits for the node running a run before answering from the database. */
  static final long ROUTE_TIMEOUT_MS = 5_000;

  private final SyncService service;

  public SyncVerticle(SyncService service) {
    this.service = service;
  }

  @Override
  public Future<?> start() {
    ErrorReply.register(vertx.eventBus());
    SyncRuns runs = service.runs();
    Function<JsonObject, Future<JsonObject>> view = body -> runs.view(runId(body));
    Function<JsonObject, Future<JsonObject>> events = body -> runs.eventsAfter(runId(body), afterSeq(body));
    Function<JsonObject, Future<JsonObject>> cancel = body -> runs.cancel(runId(body));
    Function<JsonObject, Future<JsonObject>> history = body -> runs.history(ShowIds.normalize(body.getValue("show_id")),
        historyLimit(body), optionalRunId(body.getValue("before"), "before"));
    Function<JsonObject, Future<JsonObject>> changes = body -> runs.changes(runId(body),
        optionalRunId(body.getValue("against"), "against"));
    List<Future<?>> registered = new ArrayList<>(List.of(
        answer(vertx, Addresses.SYNC, this::sync),
        answerHere(vertx, Addresses.SYNC_HERE, this::sync),
        answer(vertx, Addresses.RUN_GET, routed(Addresses.RUN_GET, view)),
        answer(vertx, Addresses.RUN_EVENTS, routed(Addresses.RUN_EVENTS, events)),
        answer(vertx, Addresses.RUN_CANCEL, routed(Addresses.RUN_CANCEL, cancel)),
        answer(vertx, Addresses.RUN_CHANGES, changes),
        answer(vertx, Addresses.RUN_RETRY, this::retry),
        answer(vertx, Addresses.RUN_HISTORY, history),
        answerHere(vertx, Addresses.here(Addresses.RUN_GET), routed(Addresses.RUN_GET, view)),
        answerHere(vertx, Addresses.here(Addresses.RUN_EVENTS), routed(Addresses.RUN_EVENTS, events)),
        answerHere(vertx, Addresses.here(Addresses.RUN_CANCEL), routed(Addresses.RUN_CANCEL, cancel)),
        answerHere(vertx, Addresses.here(Addresses.RUN_CHANGES), changes),
        answerHere(vertx, Addresses.here(Addresses.RUN_RETRY), this::retry),
        answerHere(vertx, Addresses.here(Addresses.RUN_HISTORY), history)));
    // Clustered: this node's own run addresses, where other nodes send the questions about the
    // runs it runs (answered from memory: live events, a cancel honoured at once).
    service.node().ifPresent(node -> registered.addAll(List.of(
        answer(vertx, Addresses.onNode(Addresses.RUN_GET, node), view),
        answer(vertx, Addresses.onNode(Addresses.RUN_EVENTS, node), events),
        answer(vertx, Addresses.onNode(Addresses.RUN_CANCEL, node), cancel))));
    return Future.all(registered);
  }

  /**
   * Clustered, a question about a run that another node runs is sent on to that node; when it does
   * not answer (it is gone), or the run is not running elsewhere, this node answers from the database.
   */
  private Function<JsonObject, Future<JsonObject>> routed(String address,
                                                         Function<JsonObject, Future<JsonObject>> local) {
    if (service.node().isEmpty()) {
      return local;
    }
    String self = service.node().get();
    SyncRuns runs = service.runs();
    return body -> {
      UUID runId = runId(body);
      if (runs.here(runId)) {
        return local.apply(body);
      }
      return runs.runningNode(runId).compose(node -> {
        if (node.isEmpty() || node.get().equals(self)) {
          return local.apply(body);
        }
        return vertx.eventBus().<Object>request(Addresses.onNode(address, node.get()), body,
                new DeliveryOptions().setSendTimeout(ROUTE_TIMEOUT_MS))
            .transform(asked -> {
              if (asked.succeeded() && asked.result().body() instanceof JsonObject answer) {
                return Future.succeededFuture(answer);
              }
              if (asked.failed() && asked.cause() instanceof ErrorReply known) {
                return Future.failedFuture(new FacebankException(known.code(), known.text(),
                    known.errorJson().getJsonObject("details"), null));
              }
              LOG.debug("{} of run {}: node {} did not answer ({}); answering from the database", address, runId,
                  node.get(), asked.failed() ? asked.cause().getMessage() : "no JSON");
              return local.apply(body);
            });
      });
    };
  }

  private Future<JsonObject> sync(JsonObject body, Message<Object> message) {
    String trigger = message.headers().get(Addresses.TRIGGER_HEADER);
    String triggeredBy = message.headers().get(Addresses.TRIGGERED_BY_HEADER);
    return service.trigger(SyncRequest.fromJson(body), trigger == null ? "eventbus" : trigger,
        triggeredBy == null ? Addresses.TRIGGERED_BY_BUS : triggeredBy);
  }

  private Future<JsonObject> retry(JsonObject body, Message<Object> message) {
    Object async = body.getValue("async");
    if (async != null && !(async instanceof Boolean)) {
      throw new FacebankException(ErrorCode.INVALID_FIELD, "async must be a boolean");
    }
    String trigger = message.headers().get(Addresses.TRIGGER_HEADER);
    String triggeredBy = message.headers().get(Addresses.TRIGGERED_BY_HEADER);
    return service.retry(runId(body), Boolean.TRUE.equals(async), trigger == null ? "eventbus" : trigger,
        triggeredBy == null ? Addresses.TRIGGERED_BY_BUS : triggeredBy);
  }

  @Override
  public Future<?> stop() {
    ErrorReply.unregister(vertx.eventBus());
    return Future.succeededFuture();
  }

  private static UUID runId(JsonObject body) {
    UUID id = optionalRunId(body.getValue("run_id"), "run_id");
    if (id == null) {
      throw new FacebankException(ErrorCode.INVALID_ID, "run_id is required");
    }
    return id;
  }

  private static UUID optionalRunId(Object value, String field) {
    if (value == null) {
      return null;
    }
    try {
      return UUID.fromString(value.toString());
    } catch (IllegalArgumentException e) {
      throw new FacebankException(ErrorCode.INVALID_ID, field + " is not a UUID");
    }
  }

  private static int afterSeq(JsonObject body) {
    Object after = body.getValue("after");
    if (after == null) {
      return 0;
    }
    if (!(after instanceof Integer || after instanceof Long)) {
      throw new FacebankException(ErrorCode.INVALID_FIELD, "after must be an integer (an event seq)");
    }
    return (int) Math.max(0, Math.min(Integer.MAX_VALUE, ((Number) after).longValue()));
  }

  private static int historyLimit(JsonObject body) {
    Object limit = body.getValue("limit");
    if (limit == null) {
      return HISTORY_DEFAULT_LIMIT;
    }
    if (!(limit instanceof Integer || limit instanceof Long)) {
      throw new FacebankException(ErrorCode.INVALID_FIELD, "limit must be an integer");
    }
    return (int) Math.max(1, Math.min(HISTORY_MAX_LIMIT, ((Number) limit).longValue()));
  }
}
