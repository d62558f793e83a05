package com.screenalytics.facebank.batch;

import static com.screenalytics.facebank.contract.BusAnswers.answer;
import static com.screenalytics.facebank.contract.BusAnswers.answerHere;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.contract.ShowIds;
import com.screenalytics.facebank.db.BatchRepository;
import com.screenalytics.facebank.db.DbFailures;
import com.screenalytics.facebank.sync.SyncClient;
import com.screenalytics.facebank.sync.SyncRequest;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Sync every linked show" as one batch, and this node's share of the work.
 *
 * <p>{@code facebank.sync.all} (any node) records the batch and its queue (one row per show) and
 * answers at once; every node is woken ({@code facebank.sync.batch.queued}, published) and takes
 * shows from the queue, at most SYNC_SHOWS_CONCURRENCY at once, each taken by exactly one node
 * (FOR UPDATE SKIP LOCKED). A node runs a show it took through its own sync verticle, the code
 * path of every sync (the show's run lock stays the judge: a show already running is reported
 * {@code already_running} with that run's id, not started twice), records the run id and status,
 * and the node that records the last show ends the batch. Progress is published on the batch's
 * own address. A queue poll every few seconds covers a wake-up that arrived before this node did.
 */
public final class BatchVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BatchVerticle.class);

  public static final int MAX_SHOW_IDS = 10_000;
  public static final int LIST_DEFAULT_LIMIT = 20;
  public static final int LIST_MAX_LIMIT = 100;
  static final long POLL_MS = 5_000;

  private final BatchRepository batches;
  private final String node;
  private final boolean clustered;
  private SqlConnection alive;
  private final int concurrency;
  private final long syncTimeoutMs;
  private int running;
  private boolean taking;
  private boolean wokenWhileTaking;
  private boolean takeFailing;
  private long poll = -1;

  /**
   * {@code clusterNode}: this node's name when clustered (the cluster sweeps up after a node that
   * left); unclustered, the worker is {@code local:<random>} and holds a liveness lock in the
   * database, so the workers of other processes can tell when it is gone.
   */
  public BatchVerticle(BatchRepository batches, Optional<String> clusterNode, int concurrency, long syncTimeoutMs) {
    this.batches = batches;
    this.clustered = clusterNode.isPresent();
    this.node = clusterNode.orElseGet(() -> "local:" + UUID.randomUUID().toString().substring(0, 13));
    this.concurrency = concurrency;
    this.syncTimeoutMs = syncTimeoutMs;
  }

  @Override
  public Future<?> start() {
    poll = vertx.setPeriodic(POLL_MS, id -> {
      keepAlive();
      takeMore();
    });
    keepAlive();
    return Future.all(List.of(
        answer(vertx, Addresses.SYNC_ALL, this::create),
        answer(vertx, Addresses.BATCH_GET, body -> get(batchId(body))),
        answer(vertx, Addresses.BATCH_LIST, this::list),
        answerHere(vertx, Addresses.here(Addresses.SYNC_ALL), this::create),
        answerHere(vertx, Addresses.here(Addresses.BATCH_GET), (body, message) -> get(batchId(body))),
        answerHere(vertx, Addresses.here(Addresses.BATCH_LIST), (body, message) -> list(body)),
        vertx.eventBus().consumer(Addresses.BATCH_QUEUED, message -> takeMore()).completion()))
        .onSuccess(ignored -> takeMore());
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(poll);
    return alive == null ? Future.succeededFuture() : alive.close();
  }

  /**
   * Unclustered: holds this worker's liveness lock (taken again if its connection died), and puts
   * back in the queue the shows of workers whose lock is free, i.e. whose process is gone.
   */
  private void keepAlive() {
    if (clustered) {
      return;
    }
    Future<Void> held = alive != null ? Future.succeededFuture() : batches.holdAlive(node).map(conn -> {
      conn.ifPresent(connection -> {
        alive = connection;
        connection.closeHandler(closed -> {
          if (alive == connection) {
            alive = null;
          }
        });
      });
      return null;
    });
    held.compose(ignored -> alive == null ? Future.succeededFuture(0) : batches.requeueDeadLocal(node))
        .onSuccess(requeued -> {
          if (requeued > 0) {
            LOG.warn("{} batch show(s) taken by a process that is gone are queued again", requeued);
            takeMore();
          }
        });
  }

  // ---- a new batch ---------------------------------------------------------------------------

  private Future<JsonObject> create(JsonObject body, Message<Object> message) {
    int maxImages = SyncRequest.maxImages(body.getValue(SyncRequest.MAX_IMAGES));
    List<String> named = showIds(body.getValue("show_ids"));
    String trigger = header(message, Addresses.TRIGGER_HEADER, "eventbus");
    String triggeredBy = header(message, Addresses.TRIGGERED_BY_HEADER, Addresses.TRIGGERED_BY_BUS);
    Future<List<String>> shows = named == null ? batches.linkedShows().map(linked -> {
      if (linked.isEmpty()) {
        throw new FacebankException(ErrorCode.NO_LINKED_SHOWS, ErrorCode.NO_LINKED_SHOWS.description());
      }
      return linked;
    }) : batches.shows(named).map(found -> checked(named, found));
    UUID batchId = UUID.randomUUID();
    return shows.compose(ids -> batches.create(batchId, maxImages, trigger, triggeredBy, ids).map(ids))
        .map(ids -> {
          LOG.info("Batch {} of {} show(s) queued (trigger {} by {}, max {} images per person)", batchId, ids.size(),
              trigger, triggeredBy, maxImages);
          publish(batchId, "batch_started", new JsonObject().put("shows", new JsonArray(ids)));
          vertx.eventBus().publish(Addresses.BATCH_QUEUED, new JsonObject().put("batch_id", batchId.toString()));
          return new JsonObject()
              .put("batch_id", batchId.toString())
              .put("status", "running")
              .put("shows", new JsonArray(ids))
              .put("max_images_per_person", maxImages)
              .put("status_url", "/sync_batches/" + batchId)
              .put("events_url", "/sync_batches/" + batchId + "/events");
        });
  }

  /** Every named show exists and is linked; otherwise a 422 naming those that are not. */
  private static List<String> checked(List<String> named, Map<String, Boolean> found) {
    List<String> unknown = named.stream().filter(id -> !found.containsKey(id)).toList();
    List<String> unlinked = named.stream().filter(id -> Boolean.FALSE.equals(found.get(id))).toList();
    if (!unknown.isEmpty() || !unlinked.isEmpty()) {
      throw new FacebankException(ErrorCode.INVALID_FIELD, "show_ids names shows that "
          + (unknown.isEmpty() ? "" : "do not exist " + unknown) + (!unknown.isEmpty() && !unlinked.isEmpty() ? " and " : "")
          + (unlinked.isEmpty() ? "" : "are not linked to TRR " + unlinked),
          new JsonObject().put("unknown", new JsonArray(unknown)).put("not_linked", new JsonArray(unlinked)));
    }
    return named;
  }

  /** show_ids: absent → every linked show; else a non-empty array of show ids (repeats dropped). */
  static List<String> showIds(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_SHOW_IDS) {
      throw new FacebankException(ErrorCode.INVALID_FIELD,
          "show_ids must be an array of 1 to " + MAX_SHOW_IDS + " show ids");
    }
    Set<String> ids = new LinkedHashSet<>();
    for (Object id : array) {
      if (!(id instanceof String)) {
        throw new FacebankException(ErrorCode.INVALID_FIELD, "show_ids must hold show ids (strings)");
      }
      try {
        ids.add(ShowIds.normalize(id));
      } catch (FacebankException e) {
        throw new FacebankException(ErrorCode.INVALID_FIELD, "show_ids: " + e.getMessage());
      }
    }
    return new ArrayList<>(ids);
  }

  // ---- this node's share ---------------------------------------------------------------------

  /** Takes queued shows while this node has room; one taker at a time. */
  private void takeMore() {
    if (taking) {
      wokenWhileTaking = true;
      return;
    }
    if (running >= concurrency) {
      return;
    }
    taking = true;
    batches.take(node).onComplete(taken -> {
      taking = false;
      if (taken.failed()) {
        // Once per outage, not at every poll.
        if (!takeFailing) {
          LOG.warn("Taking a show from the batch queue failed (tried again every {} s): {}", POLL_MS / 1000,
              DbFailures.brief(taken.cause()));
        }
        takeFailing = true;
        return;
      }
      takeFailing = false;
      if (taken.result().isEmpty()) {
        if (wokenWhileTaking) {
          wokenWhileTaking = false;
          takeMore();
        }
        return;
      }
      wokenWhileTaking = false;
      running++;
      run(taken.result().get()).onComplete(done -> {
        running--;
        takeMore();
      });
      takeMore();
    });
  }

  private Future<Void> run(BatchRepository.Taken show) {
    publish(show.batchId(), "show_started", new JsonObject().put("show_id", show.showId()).put("node", node));
    SyncRequest request = new SyncRequest(show.showId(), show.maxImagesPerPerson(), false, null);
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(syncTimeoutMs)
        .addHeader(Addresses.TRIGGER_HEADER, "batch")
        .addHeader(Addresses.TRIGGERED_BY_HEADER, show.triggeredBy() == null ? "batch" : show.triggeredBy());
    return SyncClient.ask(vertx, Addresses.SYNC_HERE, request.toJson(), options, ignored -> 200)
        .map(SyncClient.Answer::body)
        .otherwise(e -> FacebankException.errorBody(ErrorCode.INTERNAL.code(), e.getMessage()))
        .compose(result -> {
          JsonObject error = result.getJsonObject("error");
          String code = error == null ? null : error.getString("code");
          String status = ErrorCode.SYNC_ALREADY_RUNNING.code().equals(code) ? "already_running"
              : result.getString("status", "error");
          String runId = result.getString("run_id");
          JsonObject counts = new JsonObject();
          for (String field : List.of("imported_facebank_images", "imported_facebank_people",
              "skipped_duplicate_images", "import_errors")) {
            if (result.containsKey(field)) {
              counts.put(field, result.getValue(field));
            }
          }
          return batches.showDone(show.batchId(), show.showId(), node, runId == null ? null : UUID.fromString(runId),
                  status, error, counts)
              .compose(recorded -> {
                publish(show.batchId(), "show_finished", new JsonObject().put("show_id", show.showId())
                    .put("node", node).put("run_id", runId).put("status", status).put("error", error)
                    .put("counts", counts));
                return batches.finishIfDone(show.batchId());
              })
              .map(finished -> {
                finished.ifPresent(batchStatus -> {
                  LOG.info("Batch {} finished: {}", show.batchId(), batchStatus);
                  publish(show.batchId(), "batch_finished", new JsonObject().put("status", batchStatus));
                });
                return (Void) null;
              });
        })
        .onFailure(e -> LOG.warn("Recording show {} of batch {} failed: {}", show.showId(), show.batchId(),
            DbFailures.brief(e)));
  }

  private void publish(UUID batchId, String type, JsonObject details) {
    vertx.eventBus().publish(Addresses.batchEvents(batchId), new JsonObject().put("type", type)
        .put("batch_id", batchId.toString()).put("at", Instant.now().toString()).mergeIn(details));
  }

  // ---- questions ---------------------------------------------------------------------------

  private Future<JsonObject> get(UUID batchId) {
    return batches.get(batchId).map(found -> found.orElseThrow(() ->
        new FacebankException(ErrorCode.BATCH_NOT_FOUND, "no sync batch " + batchId)));
  }

  private Future<JsonObject> list(JsonObject body) {
    Object limit = body.getValue("limit");
    int n = LIST_DEFAULT_LIMIT;
    if (limit != null) {
      if (!(limit instanceof Integer || limit instanceof Long)) {
        throw new FacebankException(ErrorCode.INVALID_FIELD, "limit must be an integer");
      }
      n = (int) Math.max(1, Math.min(LIST_MAX_LIMIT, ((Number) limit).longValue()));
    }
    return batches.list(n).map(list -> new JsonObject().put("batches", list));
  }

  private static UUID batchId(JsonObject body) {
    try {
      return UUID.fromString(String.valueOf(body.getValue("batch_id")));
    } catch (IllegalArgumentException e) {
      throw new FacebankException(ErrorCode.INVALID_ID, "batch_id is not a UUID");
    }
  }

  private static String header(Message<Object> message, String name, String fallback) {
    String value = message.headers().get(name);
    return value == null ? fallback : value;
  }

}
