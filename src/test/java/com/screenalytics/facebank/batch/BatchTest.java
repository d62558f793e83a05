package com.screenalytics.facebank.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.testsupport.EventStreamClient;
import com.screenalytics.facebank.testsupport.MainProcess;
import com.screenalytics.facebank.testsupport.PhotosServer;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "Sync every linked show" in one process: POST /sync_facebank_seeds, its status, history and
 * events, facebank.sync.all on the bus, {@code sync --all} on the command line, and what the edge
 * refuses.
 */
@ExtendWith(ServiceExtension.class)
class BatchTest {

  private static final long WAIT_S = 60;

  @Test
  void aBatchSyncsEveryLinkedShowOnceAndListsEachShowsRunAndStatus(ServiceUnderTest service) {
    service.seededShow("ONE", 2);
    service.seededShow("TWO", 1);
    service.seededShow("THREE", 3);
    service.post("/shows", new JsonObject().put("show_id", "UNLINKED").put("title", "not linked"));

    HttpResponse<Buffer> started = service.post("/sync_facebank_seeds", null);
    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(202);
    JsonObject accepted = started.bodyAsJsonObject();
    String batchId = accepted.getString("batch_id");
    assertThat(started.getHeader("Location")).isEqualTo("/sync_batches/" + batchId);
    assertThat(accepted.getString("events_url")).isEqualTo("/sync_batches/" + batchId + "/events");
    assertThat(accepted.getJsonArray("shows").getList()).containsExactly("ONE", "THREE", "TWO");

    JsonObject batch = follow(service, batchId);
    assertThat(batch.getString("status")).isEqualTo("ok");
    assertThat(batch.getString("trigger")).isEqualTo("http");
    assertThat(batch.getString("triggered_by")).isEqualTo(Addresses.TRIGGERED_BY_API);
    List<JsonObject> shows = shows(batch);
    assertThat(shows).extracting(show -> show.getString("show_id")).containsExactly("ONE", "THREE", "TWO");
    assertThat(shows).extracting(show -> show.getString("status")).containsOnly("ok");
    assertThat(shows).extracting(show -> show.getString("state")).containsOnly("done");
    assertThat(shows).extracting(show -> show.getJsonObject("counts").getLong("imported_facebank_images"))
        .containsExactly(2L, 3L, 1L);
    for (JsonObject show : shows) {
      JsonObject run = service.get("/sync_runs/" + show.getString("run_id")).bodyAsJsonObject();
      assertThat(run.getString("show_id")).isEqualTo(show.getString("show_id"));
      assertThat(run.getString("trigger")).isEqualTo("batch");
    }
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).as("one run per linked show").isEqualTo(3);
    assertThat(service.photos.callCount()).as("one seed call per person").isEqualTo(6);
    assertThat(batch.getJsonObject("counts").getInteger("shows")).isEqualTo(3);

    JsonObject list = service.get("/sync_batches").bodyAsJsonObject();
    assertThat(list.getJsonArray("batches")).hasSize(1);
    assertThat(list.getJsonArray("batches").getJsonObject(0).getString("batch_id")).isEqualTo(batchId);
    assertThat(list.getJsonArray("batches").getJsonObject(0).getLong("done")).isEqualTo(3);
  }

  @Test
  void namedShowsAndAShowAlreadyRunningWhichIsReportedNotStartedTwice(ServiceUnderTest service) {
    List<UUID> held = service.seededShow("HELD", 2);
    service.seededShow("FREE", 2);
    service.seededShow("OTHER", 1);
    PhotosServer.Gate gate = service.photos.gate(held.get(0));
    String heldRun = service.syncAsync("HELD").getString("run_id");
    bounded(gate.arrived());

    HttpResponse<Buffer> started = service.post("/sync_facebank_seeds", new JsonObject()
        .put("show_ids", new JsonArray().add("held").add("FREE").add("HELD")).put("max_images_per_person", 1));
    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(202);
    assertThat(started.bodyAsJsonObject().getJsonArray("shows").getList()).containsExactly("HELD", "FREE");
    JsonObject batch = follow(service, started.bodyAsJsonObject().getString("batch_id"));
    gate.open();

    assertThat(batch.getString("status")).isEqualTo("partial");
    assertThat(batch.getInteger("max_images_per_person")).isEqualTo(1);
    List<JsonObject> shows = shows(batch);
    assertThat(shows.get(0).getString("status")).isEqualTo("already_running");
    assertThat(shows.get(0).getString("run_id")).isEqualTo(heldRun);
    assertThat(shows.get(1).getString("status")).isEqualTo("ok");
    assertThat(service.db.count("SELECT count(*) FROM sync_run WHERE show_id = 'HELD'")).as("not started twice")
        .isEqualTo(1);
    assertThat(service.db.count("SELECT count(*) FROM sync_run WHERE show_id = 'OTHER'")).as("not named").isZero();
  }

  @Test
  void aSiblingVerticleStartsABatchOnTheBus(ServiceUnderTest service) {
    service.seededShow("BUS", 1);
    JsonObject accepted = service.app().vertx().eventBus().<JsonObject>request(Addresses.SYNC_ALL,
        new JsonObject(), new DeliveryOptions().setSendTimeout(WAIT_S * 1000)).await().body();
    JsonObject batch = follow(service, accepted.getString("batch_id"));
    assertThat(batch.getString("status")).isEqualTo("ok");
    assertThat(batch.getString("trigger")).isEqualTo("eventbus");
    assertThat(batch.getString("triggered_by")).isEqualTo(Addresses.TRIGGERED_BY_BUS);
  }

  @Test
  void syncAllOnTheCommandLineExitsWithTheWorstShowsCode(ServiceUnderTest service) throws Exception {
    service.seededShow("CLIA", 1);
    service.seededShow("CLIB", 2);
    Map<String, String> env = Map.of(
        "DB_URL", service.db.url(),
        "TRR_DB_URL", service.trr.db().url(),
        "TRR_API_URL", service.photos.baseUrl(),
        "SCREENALYTICS_SERVICE_TOKEN", ServiceUnderTest.SERVICE_TOKEN);
    MainProcess.Result run = MainProcess.run(env, "sync", "--all", "--max-images", "1");
    assertThat(run.exitCode()).as("stderr: %s", run.stderr()).isEqualTo(0);
    JsonObject batch = new JsonObject(run.stdout());
    assertThat(batch.getString("status")).isEqualTo("ok");
    assertThat(batch.getString("triggered_by")).isEqualTo(Addresses.TRIGGERED_BY_CLI);
    assertThat(shows(batch)).extracting(show -> show.getString("show_id")).containsExactly("CLIA", "CLIB");

    // A show whose sync fails (TRR unreachable) makes the batch an error: exit 4.
    Map<String, String> broken = new java.util.HashMap<>(env);
    broken.put("TRR_DB_URL", "postgresql://nobody:x@127.0.0.1:1/none");
    MainProcess.Result failed = MainProcess.run(broken, "sync", "--all");
    assertThat(failed.exitCode()).as("stderr: %s", failed.stderr()).isEqualTo(4);
    assertThat(new JsonObject(failed.stdout()).getString("status")).isEqualTo("error");

    MainProcess.Result usage = MainProcess.run(env, "sync", "--all", "CLIA");
    assertThat(usage.exitCode()).isEqualTo(2);
  }

  @Test
  void aShowTakenByAProcessThatIsGoneIsQueuedAgainAndTheBatchEnds(ServiceUnderTest service) {
    service.seededShow("ORPHAN", 2);
    // What a process killed mid-batch leaves: its show 'running' under its name, its session (and
    // so its liveness lock) gone with it.
    UUID batchId = UUID.randomUUID();
    service.db.execute("INSERT INTO sync_batch (batch_id, status, max_images_per_person, trigger) VALUES ('"
        + batchId + "', 'running', 5, 'http')");
    service.db.execute("INSERT INTO sync_batch_show (batch_id, position, show_id, state, node, started_at) VALUES ('"
        + batchId + "', 1, 'ORPHAN', 'running', 'local:dead-process', now())");

    JsonObject batch = follow(service, batchId.toString());
    assertThat(batch.getString("status")).isEqualTo("ok");
    JsonObject show = shows(batch).get(0);
    assertThat(show.getString("status")).isEqualTo("ok");
    assertThat(show.getString("node")).startsWith("local:").isNotEqualTo("local:dead-process");
    assertThat(show.getJsonObject("counts").getLong("imported_facebank_images")).isEqualTo(2);
  }

  @Test
  void theEdgeRefusesWhatItCannotRun(ServiceUnderTest service) {
    HttpResponse<Buffer> none = service.post("/sync_facebank_seeds", new JsonObject());
    assertThat(none.statusCode()).isEqualTo(409);
    assertThat(code(none)).isEqualTo("no_linked_shows");

    service.seededShow("REAL", 1);
    service.post("/shows", new JsonObject().put("show_id", "LONELY").put("title", "not linked"));
    for (Object bad : new Object[] {"REAL", new JsonArray(), new JsonArray().add(7), new JsonArray().add("bad id!")}) {
      HttpResponse<Buffer> refused = service.post("/sync_facebank_seeds", new JsonObject().put("show_ids", bad));
      assertThat(refused.statusCode()).as(String.valueOf(bad)).isEqualTo(422);
      assertThat(code(refused)).isEqualTo("invalid_field");
    }
    HttpResponse<Buffer> unknown = service.post("/sync_facebank_seeds", new JsonObject()
        .put("show_ids", new JsonArray().add("REAL").add("GHOST").add("LONELY")));
    assertThat(unknown.statusCode()).isEqualTo(422);
    JsonObject details = unknown.bodyAsJsonObject().getJsonObject("error").getJsonObject("details");
    assertThat(details.getJsonArray("unknown").getList()).containsExactly("GHOST");
    assertThat(details.getJsonArray("not_linked").getList()).containsExactly("LONELY");
    HttpResponse<Buffer> badMax = service.post("/sync_facebank_seeds", new JsonObject().put("max_images_per_person", "x"));
    assertThat(badMax.statusCode()).isEqualTo(422);
    assertThat(service.db.count("SELECT count(*) FROM sync_batch")).as("nothing refused was recorded").isZero();

    HttpResponse<Buffer> anonymous = service.request(HttpMethod.POST, "/sync_facebank_seeds").send().await();
    assertThat(anonymous.statusCode()).isIn(401, 403);
    assertThat(service.request(HttpMethod.GET, "/sync_batches").send().await().statusCode()).isIn(401, 403);
    assertThat(service.get("/sync_batches/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    assertThat(code(service.get("/sync_batches/" + UUID.randomUUID()))).isEqualTo("batch_not_found");
    assertThat(service.get("/sync_batches/not-a-uuid").statusCode()).isEqualTo(400);
    assertThat(service.get("/sync_batches?limit=x").statusCode()).isEqualTo(400);
  }

  private static String code(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  /** Follows the batch's events to batch_finished, then reads it. */
  private static JsonObject follow(ServiceUnderTest service, String batchId) {
    EventStreamClient stream = bounded(EventStreamClient.connect(service.vertx, service.port(),
        "/sync_batches/" + batchId + "/events", null));
    assertThat(stream.status()).isEqualTo(200);
    List<EventStreamClient.Frame> frames = bounded(stream.ended());
    stream.close();
    assertThat(frames.get(0).event()).isEqualTo("batch");
    HttpResponse<Buffer> batch = service.get("/sync_batches/" + batchId);
    assertThat(batch.statusCode()).isEqualTo(200);
    JsonObject body = batch.bodyAsJsonObject();
    if (!"running".equals(frames.get(0).data().getString("status"))) {
      return body;
    }
    assertThat(frames.get(frames.size() - 1).event()).isEqualTo("batch_finished");
    assertThat(frames.get(frames.size() - 1).data().getString("status")).isEqualTo(body.getString("status"));
    return body;
  }

  private static List<JsonObject> shows(JsonObject batch) {
    return batch.getJsonArray("shows").stream().map(JsonObject.class::cast).toList();
  }

  private static <T> T bounded(Future<T> future) {
    return future.timeout(WAIT_S, TimeUnit.SECONDS).await();
  }
}
