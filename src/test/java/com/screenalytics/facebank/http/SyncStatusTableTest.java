package com.screenalytics.facebank.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.PhotosServer.Call;
import com.screenalytics.facebank.testsupport.PhotosServer.Reply;
import com.screenalytics.facebank.testsupport.ServiceConfig;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceExtension.Services;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sync outcome → HTTP status table of DESIGN 3.1, one row per test. */
@ExtendWith(ServiceExtension.class)
class SyncStatusTableTest {

  private ServiceUnderTest service;

  @Test
  void unknownShowIs404(ServiceUnderTest service) {
    this.service = service;
    HttpResponse<Buffer> response = service.sync("nope", null);

    assertError(response, 404, "show_not_found");
    assertThat(response.bodyAsJsonObject().getString("show_id")).isEqualTo("NOPE");
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).isZero();
  }

  @Test
  void showWithoutTrrShowIdIs409(ServiceUnderTest service) {
    this.service = service;
    HttpResponse<Buffer> created = service.post("/shows", new JsonObject().put("show_id", "rhoslc").put("title", "RHOSLC"));
    assertThat(created.statusCode()).isEqualTo(201);

    HttpResponse<Buffer> response = service.sync("rhoslc", null);

    assertError(response, 409, "show_not_linked");
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).isZero();
    assertThat(service.photos.calls()).isEmpty();
  }

  @Test
  @ServiceConfig(key = AppConfig.TRR_DB_URL, unset = true)
  void trrDbNotConfiguredIs503(ServiceUnderTest service) {
    this.service = service;
    UUID person = linkedShowWithPeople(1).get(0);

    HttpResponse<Buffer> response = service.sync("rhoslc", null);

    assertError(response, 503, "trr_db_not_configured");
    assertThat(service.photos.callsFor(person)).isEmpty();
    assertThat(service.db.count("SELECT count(*) FROM cast_member")).isZero();
  }

  @Test
  void trrDbUnreachableIs502WithARunIdAndAnErrorRun(Services services) {
    int closedPort = closedPort();
    service = services.start(new JsonObject()
        .put(AppConfig.TRR_DB_URL, "postgresql://trr_reader:trr-pw@127.0.0.1:" + closedPort + "/trr"));
    assertThat(service.request(HttpMethod.GET, "/health").send().await().statusCode())
        .as("the service starts without its TRR database").isEqualTo(200);
    linkedShowWithPeople(1);

    HttpResponse<Buffer> response = service.sync("rhoslc", null);

    assertError(response, 502, "trr_db_unavailable");
    assertErrorRunRecorded(response.bodyAsJsonObject(), "trr_db_unavailable");
    assertThat(service.photos.calls()).isEmpty();
  }

  @Test
  void failingTrrQueryIs502(ServiceUnderTest service) {
    this.service = service;
    linkedShowWithPeople(1);
    service.trr.db().execute("DROP VIEW core.v_show_cast");

    HttpResponse<Buffer> response = service.sync("rhoslc", null);

    assertError(response, 502, "trr_db_unavailable");
    assertErrorRunRecorded(response.bodyAsJsonObject(), "trr_db_unavailable");
    assertThat(service.photos.calls()).isEmpty();
  }

  @Test
  void zeroCastIs200Ok(ServiceUnderTest service) {
    this.service = service;
    UUID show = service.trr.show("Empty Show");
    UUID crew = service.trr.person("A Producer", null);
    service.trr.credit(show, crew, "crew"); // not Self: not cast
    service.linkedShow("empty", show);

    HttpResponse<Buffer> response = service.sync("empty", null);

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("ok");
    assertThat(body.getValue("error")).isNull();
    assertThat(body.getInteger("total_trr_cast")).isZero();
    assertThat(body.getJsonArray("people")).isEmpty();
    assertThat(body.getInteger("import_errors")).isZero();
    assertThat(service.db.query("SELECT status FROM sync_run")).extracting(row -> row.get("status"))
        .containsExactly("ok");
  }

  @Test
  @ServiceConfig(key = AppConfig.TRR_API_URL, unset = true)
  void photosApiNotConfiguredFailsEveryPersonAndTheRunIsError(ServiceUnderTest service) {
    this.service = service;
    List<UUID> people = linkedShowWithPeople(2);

    HttpResponse<Buffer> response = service.sync("rhoslc", null);

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("error");
    assertThat(body.getJsonObject("error").getString("code")).isEqualTo("all_people_failed");
    assertThat(body.getInteger("import_errors")).isEqualTo(2);
    assertThat(body.getInteger("imported_facebank_images")).isZero();
    assertThat(body.getJsonArray("people")).hasSize(2).allSatisfy(p -> {
      JsonObject person = (JsonObject) p;
      assertThat(person.getString("status")).isEqualTo("error");
      assertThat(person.getJsonObject("error").getString("code")).isEqualTo("photos_api_not_configured");
    });
    assertThat(service.photos.calls()).isEmpty();
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).isZero();
    Map<String, Object> run = service.db.query("SELECT status, error::text AS error FROM sync_run").get(0);
    assertThat(run.get("status")).isEqualTo("error");
    assertThat(new JsonObject((String) run.get("error")).getString("code")).isEqualTo("all_people_failed");
    // Resolve still ran: people and members exist even though no photo could be fetched.
    for (UUID person : people) {
      assertThat(service.db.count("SELECT count(*) FROM person WHERE person_id = ?", person)).isEqualTo(1);
    }
  }

  @Test
  void onePersonFailingOutOfTwoIsPartial(ServiceUnderTest service) {
    this.service = service;
    List<UUID> people = linkedShowWithPeople(2);
    UUID failing = people.get(0);
    UUID fine = people.get(1);
    service.photos.script(failing, true, Reply.status(500));

    HttpResponse<Buffer> response = service.sync("rhoslc", null);

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("partial");
    assertThat(body.getValue("error")).isNull();
    assertThat(body.getInteger("import_errors")).isEqualTo(1);
    assertThat(body.getInteger("imported_facebank_people")).isEqualTo(1);
    assertThat(body.getInteger("imported_facebank_images")).isEqualTo(1);

    Map<String, JsonObject> byPerson = body.getJsonArray("people").stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(p -> p.getString("trr_person_id"), p -> p));
    assertThat(byPerson.get(failing.toString()).getString("status")).isEqualTo("error");
    assertThat(byPerson.get(failing.toString()).getJsonObject("error").getString("code"))
        .isEqualTo("seed_fetch_failed");
    assertThat(byPerson.get(fine.toString()).getString("status")).isEqualTo("ok");
    assertThat(byPerson.get(fine.toString()).getValue("error")).isNull();
    assertThat(service.photos.callsFor(failing)).as("no fallback after a failed seed call")
        .extracting(Call::seedOnly).containsExactly("true");
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images WHERE person_id = ?", failing)).isZero();
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images WHERE person_id = ?", fine)).isEqualTo(1);
    assertThat(service.db.query("SELECT status FROM sync_run")).extracting(row -> row.get("status"))
        .containsExactly("partial");
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Show RHOSLC linked to a TRR show with {@code count} Self cast members, each with one seed photo. */
  private List<UUID> linkedShowWithPeople(int count) {
    UUID show = service.trr.show("The Real Housewives of Salt Lake City");
    List<UUID> people = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      UUID person = service.trr.person("Person " + i, "nm000000" + i);
      service.trr.credit(show, person, "Self");
      service.trr.seedPhoto(person, "https://cdn.example/p" + i + "/seed.jpg", 1);
      people.add(person);
    }
    service.linkedShow("rhoslc", show);
    return people;
  }

  private void assertErrorRunRecorded(JsonObject body, String code) {
    assertThat(body.getString("status")).isEqualTo("error");
    String runId = body.getString("run_id");
    assertThat(runId).as("a run was started, so the answer names it").isNotNull();
    List<Map<String, Object>> runs = service.db.query(
        "SELECT run_id::text AS run_id, status, finished_at, error::text AS error FROM sync_run");
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).get("run_id")).isEqualTo(runId);
    assertThat(runs.get(0).get("status")).isEqualTo("error");
    assertThat(runs.get(0).get("finished_at")).isNotNull();
    assertThat(new JsonObject((String) runs.get(0).get("error")).getString("code")).isEqualTo(code);
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("error");
    assertThat(body.getJsonObject("error").getString("code")).isEqualTo(code);
  }

  /** A port on 127.0.0.1 that nothing listens on (bound, then released). */
  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
