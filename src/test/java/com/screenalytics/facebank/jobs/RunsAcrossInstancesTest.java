package com.screenalytics.facebank.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.app.FacebankApp;
import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.EventStreamClient;
import com.screenalytics.facebank.testsupport.EventStreamClient.Frame;
import com.screenalytics.facebank.testsupport.PhotosServer.Gate;
import com.screenalytics.facebank.testsupport.ServiceConfig;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two service instances sharing one database (two processes, as far as the database can tell):
 * one run of a show at a time, a run followed from the instance that does not run it, and runs
 * left behind by a process that died.
 */
@ExtendWith(ServiceExtension.class)
@ServiceConfig(key = AppConfig.RUN_CHECKPOINT_MS, value = "50")
class RunsAcrossInstancesTest {

  private static final JsonObject FAST_CHECKPOINTS = new JsonObject().put(AppConfig.RUN_CHECKPOINT_MS, 50);

  private ServiceUnderTest service;
  private FacebankApp other;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
  }

  @Test
  void theOtherInstanceRefusesASecondRunNamesTheRunningOneAndStreamsItFromTheDatabase() {
    List<UUID> people = service.seededShow("SHARED", 3);
    Gate held = service.photos.gate(people.get(2));
    String runId = service.syncAsync("shared").getString("run_id");
    held.arrived().await();
    service.events().nth(runId, "person_finished", 2).await();
    // Started while the run goes on: its start-up must leave that run alone.
    other = service.startAnother(FAST_CHECKPOINTS);

    for (String query : List.of("", "?async=true")) {
      HttpResponse<Buffer> refused = service.admin(other, HttpMethod.POST, "/shows/shared/sync_facebank_seeds" + query)
          .send().await();
      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("sync_already_running");
      assertThat(refused.bodyAsJsonObject().getString("run_id")).isEqualTo(runId);
    }
    JsonObject seenFromOther = service.admin(other, HttpMethod.GET, "/sync_runs/" + runId).send().await()
        .bodyAsJsonObject();
    assertThat(seenFromOther.getString("status")).isEqualTo("running");

    EventStreamClient followerElsewhere = EventStreamClient.connect(service.vertx, other.httpPort(),
        "/sync_runs/" + runId + "/events", null).await();
    followerElsewhere.frame(f -> f.event().equals("person_finished") && f.data().getInteger("done") == 2)
        .timeout(30, TimeUnit.SECONDS).await();
    held.open();
    List<Frame> remote = followerElsewhere.ended().timeout(30, TimeUnit.SECONDS).await();
    List<Frame> local = EventStreamClient.connect(service.vertx, service.port(), "/sync_runs/" + runId + "/events", null)
        .compose(EventStreamClient::ended).timeout(30, TimeUnit.SECONDS).await();

    assertThat(remote).isEqualTo(local);
    assertThat(remote.get(remote.size() - 1).data().getString("status")).isEqualTo("ok");
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).isEqualTo(1);
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).isEqualTo(3);
  }

  @Test
  void aRunLeftRunningByADeadProcessIsInterruptedAtStartUpAndTheShowSyncsAgainAtOnce() {
    List<UUID> people = service.seededShow("DEAD", 2);
    // What a process killed in the middle of a run leaves: the row still running, the events it saved.
    String deadRun = UUID.randomUUID().toString();
    service.db.execute("INSERT INTO sync_run (run_id, show_id, trigger, status, max_images_per_person, stages)"
        + " VALUES ('" + deadRun + "', 'DEAD', 'http', 'running', 5, '{fetch-cast,resolve,import-photos,dedupe}')");
    JsonObject person = new JsonObject().put("trr_person_id", people.get(0).toString()).put("match", "created")
        .put("imported_images", 1).put("skipped_duplicates", 0).put("status", "ok");
    saveEvent(deadRun, 1, new JsonObject().put("type", "run_started"));
    saveEvent(deadRun, 2, person.copy().put("type", "person_finished").put("done", 1).put("total", 2));
    // ...and the row that person's committed transaction wrote, carrying the run's id.
    service.db.execute("INSERT INTO person (person_id, display_name) VALUES ('" + people.get(0) + "', 'DEAD 1');"
        + " INSERT INTO face_bank_images (person_id, s3_original_key, run_id) VALUES ('" + people.get(0)
        + "', 'https://cdn.example/DEAD/1.jpg', '" + deadRun + "')");

    service.restart(FAST_CHECKPOINTS);

    assertThat(service.db.query("SELECT status, finished_at FROM sync_run WHERE run_id = ?::uuid", deadRun))
        .singleElement().satisfies(row -> {
          assertThat(row.get("status")).isEqualTo("interrupted");
          assertThat(row.get("finished_at")).isNotNull();
        });
    JsonObject view = service.get("/sync_runs/" + deadRun).bodyAsJsonObject();
    assertThat(view.getString("status")).isEqualTo("interrupted");
    assertThat(view.getJsonArray("people")).hasSize(1);
    assertThat(view.getLong("imported_facebank_images")).as("what it got through before it died").isEqualTo(1);

    List<Frame> frames = EventStreamClient.connect(service.vertx, service.port(), "/sync_runs/" + deadRun + "/events", null)
        .compose(EventStreamClient::ended).timeout(30, TimeUnit.SECONDS).await();
    assertThat(frames).extracting(Frame::event).containsExactly("run_started", "person_finished", "run_finished");
    assertThat(frames.get(2).id()).isEqualTo("3");
    assertThat(frames.get(2).data().getString("status")).isEqualTo("interrupted");

    JsonObject again = service.syncOk("dead");
    assertThat(again.getString("status")).isEqualTo("ok");
    assertThat(again.getString("run_id")).isNotEqualTo(deadRun);
  }

  private void saveEvent(String runId, int seq, JsonObject details) {
    JsonObject event = details.put("run_id", runId).put("show_id", "DEAD").put("seq", seq)
        .put("at", "2026-11-21T00:00:0" + seq + "Z");
    service.db.execute("INSERT INTO sync_run_event (run_id, seq, event) VALUES ('" + runId + "', " + seq + ", '"
        + event.encode() + "'::jsonb)");
  }
}
