package com.screenalytics.facebank.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.app.FacebankApp;
import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.PhotosServer.Call;
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
 * POST /sync_runs/{run_id}/cancel: no new person starts, the people in flight finish and are
 * written, the run ends 'cancelled' with counts true to the rows.
 */
@ExtendWith(ServiceExtension.class)
@ServiceConfig(key = AppConfig.SYNC_PERSON_CONCURRENCY, value = "2")
@ServiceConfig(key = AppConfig.RUN_CHECKPOINT_MS, value = "50")
class CancelRunTest {

  private ServiceUnderTest service;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
  }

  @Test
  void aCancelledRunFinishesThePeopleInFlightAndStartsNoOther() {
    List<UUID> people = service.seededShow("CANCEL", 6);
    Gate first = service.photos.gate(people.get(0));
    Gate second = service.photos.gate(people.get(1));
    String runId = service.syncAsync("cancel").getString("run_id");
    first.arrived().await();
    second.arrived().await();

    HttpResponse<Buffer> cancel = service.admin(HttpMethod.POST, "/sync_runs/" + runId + "/cancel").send().await();
    assertThat(cancel.statusCode()).isEqualTo(202);
    assertThat(cancel.bodyAsJsonObject().getString("run_id")).isEqualTo(runId);
    assertThat(cancel.bodyAsJsonObject().getBoolean("cancel_requested")).isTrue();
    service.events().nth(runId, "cancel_requested", 1).await();
    first.open();
    second.open();
    JsonObject finished = service.events().finished(runId).timeout(30, TimeUnit.SECONDS).await();

    assertThat(finished.getString("status")).isEqualTo("cancelled");
    assertThat(finished.getJsonObject("error").getString("code")).isEqualTo("run_cancelled");
    JsonObject run = service.get("/sync_runs/" + runId).bodyAsJsonObject();
    assertThat(run.getString("status")).isEqualTo("cancelled");
    assertThat(run.getBoolean("cancel_requested")).isTrue();
    assertThat(run.getJsonArray("people")).extracting(p -> ((JsonObject) p).getString("trr_person_id"))
        .containsExactly(people.get(0).toString(), people.get(1).toString());
    assertThat(run.getLong("imported_facebank_images")).isEqualTo(2);
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).as("counts are true to the rows").isEqualTo(2);
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images WHERE person_id IN (?::uuid, ?::uuid)",
        people.get(0).toString(), people.get(1).toString())).isEqualTo(2);
    assertThat(service.db.count("SELECT count(*) FROM cast_member WHERE show_id = 'CANCEL'"))
        .as("people not started are not written at all").isEqualTo(2);
    assertThat(service.db.count("SELECT count(*) FROM person")).isEqualTo(2);
    assertThat(run.getLong("created_cast")).isEqualTo(2);
    assertThat(service.photos.calls()).extracting(Call::personId).as("nobody else was started")
        .containsOnly(people.get(0).toString(), people.get(1).toString());
    assertThat(service.db.query("SELECT status, cancel_requested FROM sync_run WHERE run_id = ?::uuid", runId))
        .singleElement().satisfies(row -> {
          assertThat(row.get("status")).isEqualTo("cancelled");
          assertThat(row.get("cancel_requested")).isEqualTo(true);
        });

    HttpResponse<Buffer> again = service.admin(HttpMethod.POST, "/sync_runs/" + runId + "/cancel").send().await();
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("run_not_running");
    assertThat(service.syncOk("cancel").getString("status")).as("the show syncs again").isEqualTo("ok");
  }

  @Test
  void aCancelSentToAnotherInstanceStopsTheRunWhereItRuns() {
    List<UUID> people = service.seededShow("ELSEWHERE", 4);
    Gate first = service.photos.gate(people.get(0));
    Gate second = service.photos.gate(people.get(1));
    String runId = service.syncAsync("elsewhere").getString("run_id");
    first.arrived().await();
    second.arrived().await();
    FacebankApp other = service.startAnother(new JsonObject().put(AppConfig.RUN_CHECKPOINT_MS, 50));
    HttpResponse<Buffer> cancel = service.admin(other, HttpMethod.POST, "/sync_runs/" + runId + "/cancel")
        .send().await();
    assertThat(cancel.statusCode()).isEqualTo(202);
    // The running instance picks the request up from the database at its next checkpoint.
    service.events().nth(runId, "cancel_requested", 1).timeout(30, TimeUnit.SECONDS).await();
    first.open();
    second.open();
    assertThat(service.events().finished(runId).timeout(30, TimeUnit.SECONDS).await().getString("status"))
        .isEqualTo("cancelled");
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).isEqualTo(2);
  }

  @Test
  void cancellingAnUnknownRunIs404() {
    HttpResponse<Buffer> response = service.admin(HttpMethod.POST, "/sync_runs/" + UUID.randomUUID() + "/cancel")
        .send().await();
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("run_not_found");
  }
}
