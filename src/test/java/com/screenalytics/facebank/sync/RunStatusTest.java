package com.screenalytics.facebank.sync;

import static com.screenalytics.facebank.testsupport.SyncResults.person;
import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.testsupport.PhotosServer.Reply;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The run status table of DESIGN.md 3.1 and section 4 rule 7: ok / partial / error (HTTP 200 in
 * every case), the counts, and the sync_run row every run leaves behind.
 */
@ExtendWith(ServiceExtension.class)
class RunStatusTest {

  private static final String SHOW = "RUN_STATUS";
  private static final String CDN = "https://cdn.example/media/";
  private static final List<String> COUNT_KEYS = List.of("total_trr_cast", "matched_cast", "created_cast",
      "imported_facebank_images", "imported_facebank_people", "skipped_duplicate_images", "import_errors");

  private ServiceUnderTest service;
  private UUID trrShow;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
    trrShow = service.trr.show("Run Status Island");
    service.linkedShow(SHOW, trrShow);
  }

  @Test
  void aRunLeftRunningByADeadProcessIsMarkedInterruptedAndTheShowSyncsAtOnce() {
    UUID orphan = UUID.randomUUID();
    service.db.execute("INSERT INTO sync_run (run_id, show_id, trigger, status, max_images_per_person) VALUES ('"
        + orphan + "', '" + SHOW + "', 'http', 'running', 5)");

    HttpResponse<Buffer> response = service.sync(SHOW, null);

    assertThat(response.statusCode()).as("no live run holds the show's lock").isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("ok");
    List<Map<String, Object>> orphanRow = service.db.query(
        "SELECT status, finished_at FROM sync_run WHERE run_id = ?", orphan);
    assertThat(orphanRow.get(0).get("status")).isEqualTo("interrupted");
    assertThat(orphanRow.get(0).get("finished_at")).isNotNull();
  }

  @Test
  void noFailedPersonIsOk() {
    UUID seeded = service.trr.selfCredited(trrShow, "Ok Seeded");
    service.trr.seedPhoto(seeded, CDN + "ok/1.jpg", 1);
    service.trr.seedPhoto(seeded, CDN + "ok/2.jpg", 2);
    UUID photoless = service.trr.selfCredited(trrShow, "Ok Photoless");

    HttpResponse<Buffer> response = service.sync(SHOW, new JsonObject().put("max_images_per_person", 4));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("ok");
    assertThat(body.getValue("error")).isNull();
    assertThat(body.getInteger("total_trr_cast")).isEqualTo(2);
    assertThat(body.getInteger("imported_facebank_images")).isEqualTo(2);
    assertThat(body.getInteger("imported_facebank_people")).as("the photo-less person imported nothing").isEqualTo(1);
    assertThat(body.getInteger("import_errors")).isZero();
    assertThat(person(body, photoless).getString("photo_source")).isEqualTo("none");
    assertThat(person(body, photoless).getString("status")).isEqualTo("ok");
    assertRecorded(body, "http");
  }

  @Test
  void someFailedPeopleIsPartial() {
    UUID fine = service.trr.selfCredited(trrShow, "Partial Fine");
    service.trr.seedPhoto(fine, CDN + "partial/fine.jpg", 1);
    UUID broken = service.trr.selfCredited(trrShow, "Partial Broken");
    service.trr.seedPhoto(broken, CDN + "partial/broken.jpg", 1);
    service.photos.script(broken, true, Reply.status(502));
    UUID empty = service.trr.selfCredited(trrShow, "Partial Empty");

    HttpResponse<Buffer> response = service.sync(SHOW, null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("partial");
    assertThat(body.getValue("error")).isNull();
    assertThat(body.getInteger("total_trr_cast")).isEqualTo(3);
    assertThat(body.getInteger("import_errors")).isEqualTo(1);
    assertThat(body.getInteger("imported_facebank_images")).isEqualTo(1);
    assertThat(body.getInteger("imported_facebank_people")).isEqualTo(1);
    assertThat(person(body, broken).getString("status")).isEqualTo("error");
    assertThat(person(body, broken).getJsonObject("error").getString("code")).isEqualTo("seed_fetch_failed");
    assertThat(person(body, fine).getString("status")).isEqualTo("ok");
    assertThat(person(body, empty).getString("status")).isEqualTo("ok");
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images WHERE person_id = ?", broken)).isZero();
    assertRecorded(body, "http");
  }

  @Test
  void everyPersonFailedIsErrorWithHttp200() {
    List<UUID> people = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      UUID person = service.trr.selfCredited(trrShow, "Failing " + i);
      service.trr.seedPhoto(person, CDN + "failing/" + i + ".jpg", 1);
      service.photos.script(person, true, Reply.status(500));
      people.add(person);
    }

    HttpResponse<Buffer> response = service.sync(SHOW, null);

    assertThat(response.statusCode()).as("a finished run answers 200 even when every person failed").isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("error");
    assertThat(body.getJsonObject("error").getString("code")).isEqualTo("all_people_failed");
    assertThat(body.getInteger("import_errors")).isEqualTo(3);
    assertThat(body.getInteger("total_trr_cast")).isEqualTo(3);
    assertThat(body.getInteger("imported_facebank_images")).isZero();
    assertThat(body.getInteger("imported_facebank_people")).isZero();
    for (UUID person : people) {
      assertThat(person(body, person).getString("status")).isEqualTo("error");
      assertThat(person(body, person).getJsonObject("error").getString("code")).isEqualTo("seed_fetch_failed");
    }
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).isZero();
    JsonObject recorded = assertRecorded(body, "http");
    assertThat(new JsonObject((String) runRow(body).get("error")).getString("code")).isEqualTo("all_people_failed");
    assertThat(recorded.getString("status")).isEqualTo("error");
  }

  @Test
  void aShowWithNoCastIsOkWithZeroCounts() {
    // Credits that are not Self do not make a cast.
    UUID producer = service.trr.person("Just A Producer", null);
    service.trr.credit(trrShow, producer, "crew");
    service.trr.seedPhoto(producer, CDN + "producer/1.jpg", 1);

    HttpResponse<Buffer> response = service.sync(SHOW, null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("ok");
    assertThat(body.getValue("error")).isNull();
    assertThat(body.getJsonArray("people")).isEmpty();
    for (String key : COUNT_KEYS) {
      assertThat(body.getInteger(key)).as(key).isZero();
    }
    assertThat(service.photos.calls()).isEmpty();
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).isZero();
    assertRecorded(body, "http");
  }

  @Test
  void importedPeopleCountsOnlyPeopleWithANewRow() {
    UUID steady = service.trr.selfCredited(trrShow, "Steady Gallery");
    service.trr.seedPhoto(steady, CDN + "steady/1.jpg", 1);
    service.trr.seedPhoto(steady, CDN + "steady/2.jpg", 2);
    UUID growing = service.trr.selfCredited(trrShow, "Growing Gallery");
    service.trr.seedPhoto(growing, CDN + "growing/1.jpg", 1);
    service.trr.selfCredited(trrShow, "Never Any Photo");

    JsonObject first = service.syncOk(SHOW);
    assertThat(first.getInteger("imported_facebank_people")).isEqualTo(2);
    assertThat(first.getInteger("imported_facebank_images")).isEqualTo(3);
    assertRecorded(first, "http");

    service.trr.seedPhoto(growing, CDN + "growing/2.jpg", 2);
    JsonObject second = service.syncOk(SHOW);

    assertThat(second.getInteger("imported_facebank_images")).isEqualTo(1);
    assertThat(second.getInteger("imported_facebank_people"))
        .as("the person with only duplicates and the photo-less one do not count").isEqualTo(1);
    assertThat(second.getInteger("skipped_duplicate_images")).isEqualTo(3);
    assertThat(second.getInteger("matched_cast")).isEqualTo(3);
    assertThat(second.getInteger("created_cast")).isZero();
    assertThat(person(second, steady).getInteger("imported_images")).isZero();
    assertThat(person(second, growing).getInteger("imported_images")).isEqualTo(1);
    assertRecorded(second, "http");
    assertThat(service.db.count("SELECT count(*) FROM sync_run WHERE show_id = ?", SHOW)).isEqualTo(2);
  }

  // ---- helpers -----------------------------------------------------------------------------

  private Map<String, Object> runRow(JsonObject body) {
    List<Map<String, Object>> rows = service.db.query("SELECT * FROM sync_run WHERE run_id = ?",
        UUID.fromString(body.getString("run_id")));
    assertThat(rows).as("sync_run row of run %s", body.getString("run_id")).hasSize(1);
    return rows.get(0);
  }

  /**
   * The sync_run row of the answer's run holds what the answer said: status, counts, the
   * per-person results, stages, the limit, and a finish time. Returns the row's status etc. as JSON.
   */
  private JsonObject assertRecorded(JsonObject body, String trigger) {
    Map<String, Object> row = runRow(body);
    assertThat(row.get("show_id")).isEqualTo(SHOW);
    assertThat(row.get("trr_show_id")).isEqualTo(trrShow);
    assertThat(row.get("trigger")).isEqualTo(trigger);
    assertThat(row.get("status")).isEqualTo(body.getString("status"));
    assertThat(row.get("max_images_per_person")).isEqualTo(body.getInteger("max_images_per_person"));
    assertThat(row.get("stages")).isEqualTo(body.getJsonArray("stages").getList());
    assertThat(row.get("started_at")).isNotNull();
    assertThat(row.get("finished_at")).as("finished_at").isNotNull();
    assertThat(toOffset(row.get("finished_at"))).isAfterOrEqualTo(toOffset(row.get("started_at")));

    JsonObject counts = new JsonObject((String) row.get("counts"));
    for (String key : COUNT_KEYS) {
      assertThat(counts.getValue(key)).as("counts.%s", key).isNotNull();
      assertThat(counts.getLong(key)).as("counts.%s", key).isEqualTo(body.getLong(key));
    }
    JsonArray people = new JsonArray((String) row.get("people"));
    assertThat(people).as("sync_run.people").isEqualTo(body.getJsonArray("people"));
    if (body.getValue("error") == null) {
      assertThat(row.get("error")).isNull();
    } else {
      assertThat(new JsonObject((String) row.get("error"))).isEqualTo(body.getJsonObject("error"));
    }
    return new JsonObject().put("status", row.get("status"));
  }

  private static OffsetDateTime toOffset(Object timestamp) {
    if (timestamp instanceof OffsetDateTime odt) {
      return odt;
    }
    return ((java.sql.Timestamp) timestamp).toInstant().atOffset(java.time.ZoneOffset.UTC);
  }

}
