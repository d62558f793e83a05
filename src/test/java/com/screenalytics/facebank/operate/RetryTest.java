package com.screenalytics.facebank.operate;

import static com.screenalytics.facebank.testsupport.SyncResults.person;
import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.testsupport.PhotosServer.Call;
import com.screenalytics.facebank.testsupport.PhotosServer.Gate;
import com.screenalytics.facebank.testsupport.PhotosServer.Reply;
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
 * Issue 16: POST /sync_runs/{id}/retry runs the same show again for the people who failed in run
 * {id} only (or whom a cancel left out), recorded with retry_of; once the upstream is healthy it
 * mends them. 409 while the run goes on, 409 when nobody failed, 404 for an unknown run.
 */
@ExtendWith(ServiceExtension.class)
@ServiceConfig(key = AppConfig.PHOTOS_MAX_ATTEMPTS, value = "1")
class RetryTest {

  private ServiceUnderTest service;
  private List<UUID> people;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
    people = service.seededShow("RETRY", 4);
  }

  @Test
  void aRetryRunsOnlyTheFailedPeopleAndMendsThemOnceTheUpstreamIsHealthy() {
    UUID broken = people.get(0);
    UUID flaky = people.get(2);
    service.photos.script(broken, true, Reply.status(502));
    service.photos.script(flaky, true, Reply.status(503));
    JsonObject first = service.syncOk("RETRY");
    assertThat(first.getString("status")).isEqualTo("partial");
    assertThat(person(first, broken).getString("status")).isEqualTo("error");
    assertThat(person(first, flaky).getString("status")).isEqualTo("error");
    String firstId = first.getString("run_id");

    service.photos.clearScripts(); // the photos API is healthy again
    service.photos.clearCalls();
    HttpResponse<Buffer> response = service.admin(HttpMethod.POST, "/sync_runs/" + firstId + "/retry").send().await();

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject retry = response.bodyAsJsonObject();
    assertThat(retry.getString("status")).isEqualTo("ok");
    assertThat(retry.getString("retry_of")).isEqualTo(firstId);
    assertThat(retry.getJsonArray("trr_person_ids").getList()).containsExactly(broken.toString(), flaky.toString());
    assertThat(retry.getJsonArray("people")).extracting(p -> ((JsonObject) p).getString("trr_person_id"))
        .containsExactly(broken.toString(), flaky.toString());
    assertThat(service.photos.calls()).as("the photos API is asked for the failed people only, once each")
        .extracting(call -> call.personId() + " seed_only=" + call.seedOnly())
        .containsExactlyInAnyOrder(broken + " seed_only=true", flaky + " seed_only=true");
    assertThat(person(retry, broken).getInteger("imported_images")).isEqualTo(1);
    assertThat(person(retry, flaky).getInteger("imported_images")).isEqualTo(1);
    for (UUID id : people) {
      assertThat(service.db.count("SELECT count(*) FROM face_bank_images WHERE person_id = ?", id))
          .as("every person has their photo now").isEqualTo(1);
    }
    JsonObject recorded = service.get("/sync_runs/" + retry.getString("run_id")).bodyAsJsonObject();
    assertThat(recorded.getString("retry_of")).isEqualTo(firstId);
    assertThat(retry.getJsonObject("changes").getString("against_run_id")).isEqualTo(firstId);
    assertThat(retry.getJsonObject("changes").getJsonObject("counts").getInteger("added"))
        .as("a retry still compares the whole cast").isZero();

    HttpResponse<Buffer> again = service.admin(HttpMethod.POST, "/sync_runs/" + retry.getString("run_id") + "/retry")
        .send().await();
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("nothing_to_retry");
  }

  @Test
  void theRetryOfADryRunIsADryRun() {
    service.photos.script(people.get(1), true, Reply.status(502));
    JsonObject dry = service.admin(HttpMethod.POST, "/shows/RETRY/sync_facebank_seeds?dry_run=true")
        .send().await().bodyAsJsonObject();
    assertThat(dry.getString("status")).isEqualTo("partial");
    service.photos.clearScripts();

    JsonObject retry = service.admin(HttpMethod.POST, "/sync_runs/" + dry.getString("run_id") + "/retry").send().await()
        .bodyAsJsonObject();

    assertThat(retry.getBoolean("dry_run")).isTrue();
    assertThat(retry.getString("status")).isEqualTo("ok");
    assertThat(person(retry, people.get(1)).getInteger("would_import_images")).isEqualTo(1);
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).isZero();
    assertThat(service.db.count("SELECT count(*) FROM cast_member")).isZero();
  }

  @Test
  void aRunStillGoingCannotBeRetriedAndAnUnknownOneIs404() {
    Gate gate = service.photos.gate(people.get(1));
    String runId = service.syncAsync("RETRY").getString("run_id");
    gate.arrived().await();

    HttpResponse<Buffer> running = service.admin(HttpMethod.POST, "/sync_runs/" + runId + "/retry").send().await();

    assertThat(running.statusCode()).isEqualTo(409);
    assertThat(running.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("run_still_running");
    gate.open();
    service.events().finished(runId).timeout(30, TimeUnit.SECONDS).await();
    HttpResponse<Buffer> unknown = service.admin(HttpMethod.POST, "/sync_runs/" + UUID.randomUUID() + "/retry")
        .send().await();
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("run_not_found");
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).as("no run was started by either").isEqualTo(1);
  }

  @Test
  @ServiceConfig(key = AppConfig.SYNC_PERSON_CONCURRENCY, value = "2")
  @ServiceConfig(key = AppConfig.RUN_CHECKPOINT_MS, value = "50")
  void theRetryOfACancelledRunTakesUpThePeopleItNeverStarted() {
    Gate first = service.photos.gate(people.get(0));
    Gate second = service.photos.gate(people.get(1));
    String runId = service.syncAsync("RETRY").getString("run_id");
    first.arrived().await();
    second.arrived().await();
    service.admin(HttpMethod.POST, "/sync_runs/" + runId + "/cancel").send().await();
    service.events().nth(runId, "cancel_requested", 1).await();
    first.open();
    second.open();
    JsonObject cancelled = service.events().finished(runId).timeout(30, TimeUnit.SECONDS).await();
    assertThat(cancelled.getString("status")).isEqualTo("cancelled");
    assertThat(cancelled.getJsonArray("not_started")).extracting(p -> ((JsonObject) p).getString("trr_person_id")
        + " " + ((JsonObject) p).getString("photo_source"))
        .containsExactly(people.get(2) + " not_attempted", people.get(3) + " not_attempted");
    service.photos.clearCalls();

    JsonObject retry = service.app().vertx().eventBus().<JsonObject>request(Addresses.RUN_RETRY,
        new JsonObject().put("run_id", runId)).await().body();

    assertThat(retry.getString("status")).isEqualTo("ok");
    assertThat(retry.getString("retry_of")).isEqualTo(runId);
    assertThat(retry.getJsonArray("people")).extracting(p -> ((JsonObject) p).getString("trr_person_id"))
        .containsExactly(people.get(2).toString(), people.get(3).toString());
    assertThat(service.photos.calls()).extracting(Call::personId)
        .containsOnly(people.get(2).toString(), people.get(3).toString());
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).isEqualTo(4);
  }
}
