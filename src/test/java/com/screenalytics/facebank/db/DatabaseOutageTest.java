package com.screenalytics.facebank.db;

import static com.screenalytics.facebank.testsupport.SyncResults.person;
import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.LogCapture;
import com.screenalytics.facebank.testsupport.PhotosServer.Gate;
import com.screenalytics.facebank.testsupport.SecretScan;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceExtension.Services;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import com.screenalytics.facebank.testsupport.StoppablePostgres;
import com.screenalytics.facebank.testsupport.TestDatabases.TestDb;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Our database stopped while the service serves, and started again; the service is not restarted.
 * Routes that need it answer 503 database_unavailable (one WARN line, no stack trace); a run that
 * ends meanwhile keeps its result, is never shown running again, and is recorded once the database
 * answers; the show's run lock is taken again; the next sync is ok. The run is held in the middle
 * by the stand-in photos server's gate, never by a clock.
 */
@ExtendWith(ServiceExtension.class)
class DatabaseOutageTest {

  private static final String SHOW = "OUTAGE";
  private static final String CDN = "https://cdn.example/outage/";

  private final List<String> seen = new ArrayList<>();
  private ServiceUnderTest service;
  private StoppablePostgres ours;

  @AfterEach
  void tearDown() {
    try {
      SecretScan.closeAndScan(service, seen);
    } finally {
      if (ours != null) {
        ours.close();
      }
    }
  }

  private TestDb start(Services services) {
    ours = StoppablePostgres.start();
    service = services.start(new JsonObject()
        .put(AppConfig.DB_URL, ours.db().url())
        .put(AppConfig.DB_CONNECT_TIMEOUT_MS, "2000")
        .put(AppConfig.DB_RETRY_BACKOFF_MS, "50")
        .put(AppConfig.DB_RETRY_MAX_BACKOFF_MS, "200")
        .put(AppConfig.RUN_CHECKPOINT_MS, "100"));
    return ours.db();
  }

  @Test
  void aRunEndingWhileOurDatabaseIsDownKeepsItsResultAndIsRecordedWhenTheDatabaseAnswers(Services services)
      throws Exception {
    TestDb db = start(services);
    List<UUID> people = service.seededShow(SHOW, 4);
    UUID held = people.get(3);
    Gate gate = service.photos.gate(held);

    Future<HttpResponse<Buffer>> waiting = service.admin(HttpMethod.POST, "/shows/" + SHOW + "/sync_facebank_seeds")
        .send();
    String runId = service.events().first("run_started").await().getString("run_id");
    service.events().nth(runId, "person_finished", 3).await();
    gate.arrived().await();
    // Three people are written; the fourth is held at the photos server.
    assertThat(db.count("SELECT count(DISTINCT person_id) FROM face_bank_images WHERE run_id = ?::uuid", runId))
        .isEqualTo(3);

    ours.stop();

    HttpResponse<Buffer> shows = service.get("/shows");
    seen.add(SecretScan.seen(shows));
    assertUnavailable(shows);
    HttpResponse<Buffer> otherSync = service.sync("NOT_THERE", null);
    seen.add(SecretScan.seen(otherSync));
    assertUnavailable(otherSync);
    assertThat(service.request(HttpMethod.GET, "/health").send().await().statusCode()).isEqualTo(200);
    List<String> warnings = LogCapture.lines().stream().filter(line -> line.contains("our database is unreachable"))
        .toList();
    assertThat(warnings).as("one WARN line per failed request").hasSizeGreaterThanOrEqualTo(2)
        .allMatch(line -> line.startsWith("WARN") && !line.contains("\tat "));
    assertThat(LogCapture.lines()).noneMatch(line -> line.startsWith("ERROR"));

    gate.open();
    HttpResponse<Buffer> answered = waiting.await();
    seen.add(SecretScan.seen(answered));
    JsonObject result = answered.bodyAsJsonObject();
    assertThat(answered.statusCode()).as(result.encode()).isEqualTo(200);
    assertThat(result.getString("run_id")).isEqualTo(runId);
    assertThat(result.getString("status")).isEqualTo("partial");
    assertThat(person(result, held).getJsonObject("error").getString("code")).as("its dedupe read or its write")
        .isIn("db_read_failed", "db_write_failed");
    assertThat(result.getInteger("imported_facebank_images")).isEqualTo(3);

    JsonObject pending = service.get("/sync_runs/" + runId).bodyAsJsonObject();
    assertThat(pending.getString("status")).as("an ended run is never shown running").isEqualTo("partial");
    assertThat(pending.getBoolean("record_pending")).isTrue();
    assertThat(pending.getInteger("imported_facebank_images")).isEqualTo(3);
    assertThat(pending.getJsonArray("people")).hasSize(4);

    var recorded = LogCapture.await(line -> line.contains("Run " + runId) && line.contains("is recorded"));
    ours.startAgain();
    recorded.get(60, TimeUnit.SECONDS);

    assertThat(db.query("SELECT status, counts->>'imported_facebank_images' AS images, jsonb_array_length(people) AS n,"
        + " finished_at IS NOT NULL AS ended FROM sync_run WHERE run_id = ?::uuid", runId))
        .containsExactly(Map.of("status", "partial", "images", "3", "n", 4, "ended", true));
    JsonObject fromDb = service.get("/sync_runs/" + runId).bodyAsJsonObject();
    assertThat(fromDb.getString("status")).isEqualTo("partial");
    assertThat(fromDb.containsKey("record_pending")).as("read from the database now").isFalse();

    // Recovered without a restart: the next sync writes the person whose write failed.
    HttpResponse<Buffer> next = service.sync(SHOW, null);
    seen.add(SecretScan.seen(next));
    assertThat(next.statusCode()).as(next.bodyAsString()).isEqualTo(200);
    assertThat(next.bodyAsJsonObject().getString("status")).isEqualTo("ok");
    assertThat(person(next.bodyAsJsonObject(), held).getInteger("imported_images")).isEqualTo(1);
  }

  @Test
  void theShowsRunLockIsTakenAgainWhenOurDatabaseRestartsMidRun(Services services) throws Exception {
    TestDb db = start(services);
    List<UUID> people = service.seededShow(SHOW, 2);
    Gate gate = service.photos.gate(people.get(1));
    Future<HttpResponse<Buffer>> waiting = service.admin(HttpMethod.POST, "/shows/" + SHOW + "/sync_facebank_seeds")
        .send();
    String runId = service.events().first("run_started").await().getString("run_id");
    service.events().nth(runId, "person_finished", 1).await();
    gate.arrived().await();

    var retaken = LogCapture.await(line -> line.contains("Took the run lock of " + SHOW + " again"));
    ours.stop();
    ours.startAgain();
    retaken.get(60, TimeUnit.SECONDS);

    // The show locks (namespace "FBSY"), not the batch worker's liveness lock.
    assertThat(db.count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
        + " AND classid = x'46425359'::int::oid")).isEqualTo(1);
    HttpResponse<Buffer> second = service.sync(SHOW, null);
    seen.add(SecretScan.seen(second));
    assertThat(second.statusCode()).as("single flight holds across the restart").isEqualTo(409);
    assertThat(second.bodyAsJsonObject().getString("run_id")).isEqualTo(runId);
    assertThat(db.query("SELECT status FROM sync_run WHERE run_id = ?::uuid", runId))
        .as("a live run is never taken for one a dead process left").containsExactly(Map.of("status", "running"));

    gate.open();
    HttpResponse<Buffer> answered = waiting.await();
    seen.add(SecretScan.seen(answered));
    assertThat(answered.bodyAsJsonObject().getString("status")).as(answered.bodyAsString()).isEqualTo("ok");
    assertThat(db.query("SELECT status FROM sync_run WHERE run_id = ?::uuid", runId))
        .containsExactly(Map.of("status", "ok"));
    assertThat(service.syncOk(SHOW).getString("status")).isEqualTo("ok");
  }

  private static void assertUnavailable(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(503);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("database_unavailable");
  }
}
