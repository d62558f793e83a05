package com.screenalytics.facebank.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.testsupport.PhotosServer.Gate;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** ?async=true answers 202 at once; GET /sync_runs/{run_id} shows the run as it stands. */
@ExtendWith(ServiceExtension.class)
class AsyncRunTest {

  private ServiceUnderTest service;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
  }

  @Test
  void anAsyncTriggerAnswers202AtOnceAndTheRunShowsItsProgressThenItsResult() {
    List<UUID> people = service.seededShow("ASYNC", 3);
    Gate held = service.photos.gate(people.get(2));

    HttpResponse<Buffer> accepted = service.admin(HttpMethod.POST, "/shows/async/sync_facebank_seeds?async=true")
        .send().await();

    assertThat(accepted.statusCode()).isEqualTo(202);
    JsonObject body = accepted.bodyAsJsonObject();
    String runId = body.getString("run_id");
    assertThat(UUID.fromString(runId)).isNotNull();
    assertThat(body.getString("status")).isEqualTo("running");
    assertThat(body.getString("show_id")).isEqualTo("ASYNC");
    assertThat(body.getString("status_url")).isEqualTo("/sync_runs/" + runId);
    assertThat(body.getString("events_url")).isEqualTo("/sync_runs/" + runId + "/events");
    assertThat(accepted.getHeader("Location")).isEqualTo("/sync_runs/" + runId);

    // The third person's photos call is held: two people are done, the run is in the middle.
    held.arrived().await();
    service.events().nth(runId, "person_finished", 2).await();
    JsonObject midRun = getRun(runId);
    assertThat(midRun.getString("status")).isEqualTo("running");
    assertThat(midRun.getString("run_id")).isEqualTo(runId);
    assertThat(midRun.getString("trigger")).isEqualTo("http");
    assertThat(midRun.getString("started_at")).isNotNull();
    assertThat(midRun.getString("finished_at")).isNull();
    assertThat(midRun.getJsonArray("stages")).containsExactly("fetch-cast", "resolve", "import-photos", "dedupe");
    assertThat(midRun.getJsonArray("people")).hasSize(2);
    assertThat(midRun.getLong("imported_facebank_images")).isEqualTo(2);
    assertThat(midRun.getLong("import_errors")).isZero();
    JsonObject progress = midRun.getJsonObject("progress");
    assertThat(progress.getInteger("done")).isEqualTo(2);
    assertThat(progress.getInteger("total")).isEqualTo(3);
    assertThat(progress.getDouble("eta_seconds")).isNotNull().isGreaterThanOrEqualTo(0.0);
    assertThat(progress.getJsonArray("running_stages")).containsExactly("import-photos", "dedupe");
    assertThat(service.db.query("SELECT status FROM sync_run WHERE run_id = ?::uuid", runId))
        .singleElement().satisfies(row -> assertThat(row.get("status")).isEqualTo("running"));

    held.open();
    service.events().finished(runId).timeout(30, TimeUnit.SECONDS).await();
    JsonObject done = getRun(runId);
    assertThat(done.getString("status")).isEqualTo("ok");
    assertThat(done.getString("finished_at")).isNotNull();
    assertThat(done.getLong("total_trr_cast")).isEqualTo(3);
    assertThat(done.getLong("imported_facebank_images")).isEqualTo(3);
    assertThat(done.getJsonArray("people")).hasSize(3);
    assertThat(done.containsKey("progress")).isFalse();
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).isEqualTo(3);
  }

  @Test
  void theDefaultTriggerStillWaitsForTheResult() {
    service.seededShow("WAITS", 2);
    HttpResponse<Buffer> response = service.sync("waits", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("ok");
    assertThat(response.getHeader("Location")).isNull();
  }

  @Test
  void onTheEventBusAsyncRepliesWithTheRunIdAndTheRunsEventsFollow() {
    service.seededShow("BUS", 2);
    JsonObject reply = service.app().vertx().eventBus()
        .<JsonObject>request(Addresses.SYNC, new JsonObject().put("show_id", "bus").put("async", true))
        .await().body();

    assertThat(reply.getString("status")).isEqualTo("running");
    String runId = reply.getString("run_id");
    JsonObject finished = service.events().finished(runId).timeout(30, TimeUnit.SECONDS).await();
    assertThat(finished.getString("status")).isEqualTo("ok");
    assertThat(service.events().of(runId)).extracting(e -> e.getString("type")).startsWith("run_started")
        .contains("person_finished").endsWith("run_finished");
    JsonObject view = service.app().vertx().eventBus()
        .<JsonObject>request(Addresses.RUN_GET, new JsonObject().put("run_id", runId)).await().body();
    assertThat(view.getString("status")).isEqualTo("ok");
    assertThat(view.getLong("imported_facebank_images")).isEqualTo(2);
  }

  @Test
  void anAsyncFlagThatIsNotABooleanIsRefusedOnEitherPath() {
    service.seededShow("FLAG", 1);
    HttpResponse<Buffer> http = service.admin(HttpMethod.POST, "/shows/flag/sync_facebank_seeds?async=maybe")
        .send().await();
    assertThat(http.statusCode()).isEqualTo(400);
    assertThat(http.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("invalid_query");

    ReplyException bus = catchThrowableOfType(ReplyException.class, () -> service.app().vertx().eventBus()
        .request(Addresses.SYNC, new JsonObject().put("show_id", "flag").put("async", "yes")).await());
    assertThat(bus.failureCode()).isEqualTo(422);
    assertThat(bus.getMessage()).isEqualTo("invalid_field");
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).as("no run was started").isZero();
  }

  @Test
  void anUnknownRunIs404AndAMalformedRunIdIs400() {
    HttpResponse<Buffer> unknown = service.get("/sync_runs/" + UUID.randomUUID());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("run_not_found");

    HttpResponse<Buffer> malformed = service.get("/sync_runs/not-a-uuid");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("invalid_id");
  }

  @Test
  void everyJobRouteIsBehindTheAdminGuard() {
    String run = "/sync_runs/" + UUID.randomUUID();
    for (var route : List.of(
        service.request(HttpMethod.GET, run),
        service.request(HttpMethod.GET, run + "/events"),
        service.request(HttpMethod.POST, run + "/cancel"),
        service.request(HttpMethod.GET, "/shows/ANY/sync_runs"),
        service.request(HttpMethod.POST, "/shows/ANY/sync_facebank_seeds?async=true"))) {
      HttpResponse<Buffer> response = route.putHeader(ServiceUnderTest.ADMIN_HEADER, "wrong").send().await();
      assertThat(response.statusCode()).isEqualTo(403);
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("forbidden");
    }
  }

  private JsonObject getRun(String runId) {
    HttpResponse<Buffer> response = service.get("/sync_runs/" + runId);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }
}
