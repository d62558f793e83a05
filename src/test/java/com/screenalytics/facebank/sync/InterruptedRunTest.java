package com.screenalytics.facebank.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.app.FacebankApp;
import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.testsupport.PhotosServer.Gate;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import com.screenalytics.facebank.testsupport.SyncResults;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A run whose process died is marked interrupted only once its show lock is free, and reports
 * counts true to what it committed: rebuilt from the rows that carry its run_id, not from its last
 * saved events (here none: its checkpoint never came).
 */
@ExtendWith(ServiceExtension.class)
class InterruptedRunTest {

  private static final String SHOW = "DIES";

  @Test
  void aDeadProcessesRunIsMarkedOnlyOnceItsLockIsFreeWithCountsFromItsCommittedRows(ServiceUnderTest service) {
    List<UUID> people = service.seededShow(SHOW, 5);
    UUID held = people.get(4);
    Gate gate = service.photos.gate(held);
    // The instance that dies: it never saves its events (its checkpoint is far away).
    FacebankApp dying = FacebankApp.start(service.config(new JsonObject()
        .put(AppConfig.RUN_CHECKPOINT_MS, "3600000").put(AppConfig.SYNC_PERSON_CONCURRENCY, "5"))).await();
    Promise<Void> fourWritten = Promise.promise();
    AtomicInteger finished = new AtomicInteger();
    dying.vertx().eventBus().<JsonObject>consumer(Addresses.SYNC_EVENTS, message -> {
      if ("person_finished".equals(message.body().getString("type")) && finished.incrementAndGet() == 4) {
        fourWritten.tryComplete();
      }
    }).completion().await();
    String runId = service.admin(dying, HttpMethod.POST, "/shows/" + SHOW + "/sync_facebank_seeds?async=true")
        .send().await().bodyAsJsonObject().getString("run_id");
    fourWritten.future().await();
    gate.arrived().await();

    // While its process lives, nobody takes the run for a dead one: not a trigger, not a start-up.
    assertThat(service.sync(SHOW, null).statusCode()).isEqualTo(409);
    FacebankApp starting = FacebankApp.start(service.config(new JsonObject())).await();
    starting.close().await();
    assertThat(status(service, runId)).isEqualTo("running");

    // The process dies: its connections (and so its show lock) go with it.
    dying.vertx().close().await();
    gate.open();

    HttpResponse<Buffer> next = service.sync(SHOW, null);
    assertThat(next.statusCode()).as(next.bodyAsString()).isEqualTo(200);
    assertThat(status(service, runId)).isEqualTo("interrupted");
    JsonObject run = service.get("/sync_runs/" + runId).bodyAsJsonObject();
    assertThat(run.getString("status")).isEqualTo("interrupted");
    assertThat(run.getInteger("imported_facebank_images")).as(run.encode()).isEqualTo(4);
    assertThat(run.getInteger("imported_facebank_people")).isEqualTo(4);
    assertThat(run.getInteger("created_cast")).isEqualTo(4);
    assertThat(SyncResults.people(run)).extracting(person -> person.getString("trr_person_id"))
        .containsExactlyInAnyOrderElementsOf(people.subList(0, 4).stream().map(UUID::toString).toList());
    assertThat(SyncResults.people(run)).allSatisfy(person -> {
      assertThat(person.getInteger("imported_images")).isEqualTo(1);
      assertThat(person.getBoolean("rebuilt_from_rows")).isTrue();
    });
    JsonObject summary = service.get("/shows/" + SHOW + "/sync_runs").bodyAsJsonObject().getJsonArray("runs").stream()
        .map(JsonObject.class::cast).filter(entry -> runId.equals(entry.getString("run_id"))).findFirst().orElseThrow();
    assertThat(summary.getInteger("imported_facebank_images")).isEqualTo(4);
    assertThat(SyncResults.person(next.bodyAsJsonObject(), held).getInteger("imported_images")).isEqualTo(1);
  }

  private static String status(ServiceUnderTest service, String runId) {
    List<Map<String, Object>> rows = service.db.query("SELECT status FROM sync_run WHERE run_id = ?::uuid", runId);
    return (String) rows.get(0).get("status");
  }
}
