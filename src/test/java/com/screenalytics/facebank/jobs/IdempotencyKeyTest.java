package com.screenalytics.facebank.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.testsupport.PhotosServer.Gate;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Idempotency-Key: the same key for the same show within 24 hours answers the first run. */
@ExtendWith(ServiceExtension.class)
class IdempotencyKeyTest {

  private static final String KEY = "nightly-2026-11-21";

  private ServiceUnderTest service;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
  }

  @Test
  void aRepeatedKeyAnswersTheFirstRunWhileItGoesAndAfterItEnds() {
    List<UUID> people = service.seededShow("KEYED", 2);
    Gate held = service.photos.gate(people.get(1));
    HttpResponse<Buffer> first = trigger("keyed", true, KEY, null);
    assertThat(first.statusCode()).isEqualTo(202);
    String runId = first.bodyAsJsonObject().getString("run_id");
    held.arrived().await();

    HttpResponse<Buffer> repeatedAsync = trigger("keyed", true, KEY, null);
    assertThat(repeatedAsync.statusCode()).isEqualTo(202);
    assertThat(repeatedAsync.bodyAsJsonObject().getString("run_id")).isEqualTo(runId);
    assertThat(repeatedAsync.bodyAsJsonObject().getBoolean("idempotent_replay")).isTrue();
    HttpResponse<Buffer> repeatedSync = trigger("KEYED", false, KEY, null);
    assertThat(repeatedSync.statusCode()).as("a run still going answers its 202").isEqualTo(202);
    assertThat(repeatedSync.bodyAsJsonObject().getString("run_id")).isEqualTo(runId);

    held.open();
    service.events().finished(runId).timeout(30, TimeUnit.SECONDS).await();
    HttpResponse<Buffer> afterEnd = trigger("keyed", false, KEY, null);
    assertThat(afterEnd.statusCode()).isEqualTo(200);
    JsonObject result = afterEnd.bodyAsJsonObject();
    assertThat(result.getString("run_id")).isEqualTo(runId);
    assertThat(result.getString("status")).isEqualTo("ok");
    assertThat(result.getLong("imported_facebank_images")).isEqualTo(2);
    assertThat(result.getJsonArray("people")).hasSize(2);
    assertThat(result.getBoolean("idempotent_replay")).isTrue();

    assertThat(service.db.count("SELECT count(*) FROM sync_run")).as("one run for one key").isEqualTo(1);
    assertThat(service.photos.calls()).as("the repeats never reached TRR").hasSize(2);
  }

  @Test
  void anotherKeyAnotherShowOrAKeyOlderThan24HoursStartsANewRun() {
    service.seededShow("FIRST", 1);
    service.seededShow("SECOND", 1);
    String runId = trigger("first", false, KEY, null).bodyAsJsonObject().getString("run_id");

    assertThat(trigger("first", false, "another-key", null).bodyAsJsonObject().getString("run_id")).isNotEqualTo(runId);
    assertThat(trigger("second", false, KEY, null).bodyAsJsonObject().getString("run_id")).isNotEqualTo(runId);
    service.db.execute("UPDATE sync_run SET started_at = now() - interval '25 hours' WHERE run_id = '" + runId + "'");
    HttpResponse<Buffer> expired = trigger("first", false, KEY, null);
    assertThat(expired.statusCode()).isEqualTo(200);
    assertThat(expired.bodyAsJsonObject().getString("run_id")).isNotEqualTo(runId);
    assertThat(expired.bodyAsJsonObject().containsKey("idempotent_replay")).isFalse();
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).isEqualTo(4);
  }

  @Test
  void aKeyReusedWithAnotherRequestIs422AndStartsNothing() {
    service.seededShow("REUSED", 1);
    String first = trigger("reused", false, KEY, null).bodyAsJsonObject().getString("run_id");
    HttpResponse<Buffer> reused = trigger("reused", false, KEY, new JsonObject().put("max_images_per_person", 3));
    assertThat(reused.statusCode()).isEqualTo(422);
    JsonObject error = reused.bodyAsJsonObject().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("idempotency_key_reused");
    assertThat(error.getString("message")).as("names the run the key started")
        .isEqualTo("Idempotency-Key already started run " + first + " with max_images_per_person 5");
    assertThat(error.getJsonObject("details")).isEqualTo(new JsonObject().put("run_id", first)
        .put("max_images_per_person", 5));
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).isEqualTo(1);
  }

  @Test
  void aKeyThatIsEmptyTooLongOrNotVisibleAsciiIs400() {
    service.seededShow("BADKEY", 1);
    for (String bad : List.of("", "x".repeat(256), "two words")) {
      HttpResponse<Buffer> response = trigger("badkey", false, bad, null);
      assertThat(response.statusCode()).as("key %s", bad).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code"))
          .isEqualTo("invalid_idempotency_key");
    }
    assertThat(trigger("badkey", false, "x".repeat(255), null).statusCode()).isEqualTo(200);
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).isEqualTo(1);
  }

  @Test
  void theEventBusTakesTheKeyToo() {
    service.seededShow("BUSKEY", 1);
    JsonObject request = new JsonObject().put("show_id", "buskey").put("idempotency_key", KEY);
    JsonObject first = service.app().vertx().eventBus().<JsonObject>request(Addresses.SYNC, request).await().body();
    JsonObject second = service.app().vertx().eventBus().<JsonObject>request(Addresses.SYNC, request).await().body();
    assertThat(second.getString("run_id")).isEqualTo(first.getString("run_id"));
    assertThat(second.getBoolean("idempotent_replay")).isTrue();
  }

  private HttpResponse<Buffer> trigger(String showId, boolean async, String key, JsonObject body) {
    HttpRequest<Buffer> request = service.admin(HttpMethod.POST,
        "/shows/" + showId + "/sync_facebank_seeds" + (async ? "?async=true" : ""));
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return (body == null ? request.send() : request.sendJson(body)).await();
  }
}
