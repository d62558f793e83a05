package com.screenalytics.facebank.operate;

import static com.screenalytics.facebank.testsupport.SyncResults.duplicates;
import static com.screenalytics.facebank.testsupport.SyncResults.person;
import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.testsupport.PhotosServer.Call;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16: ?dry_run=true runs fetch-cast, resolve, import-photos and dedupe and writes nothing to
 * person, cast_member or face_bank_images; each person says what would happen, and the real run
 * that follows does exactly that. The run is kept in history, marked dry_run.
 */
@ExtendWith(ServiceExtension.class)
class DryRunTest {

  private static final String SHOW = "DRY";
  private static final String CDN = "https://cdn.example/dry/";

  private ServiceUnderTest service;
  private UUID trrShow;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
    trrShow = service.trr.show("Dry Harbor");
    service.linkedShow(SHOW, trrShow);
  }

  @Test
  void aDryRunWritesNothingAndPredictsWhatTheRealRunThenDoes() {
    UUID kept = service.trr.selfCredited(trrShow, "Kara Kept");
    service.trr.seedPhoto(kept, CDN + "kara/1.jpg", 1);
    service.trr.seedPhoto(kept, CDN + "kara/2.jpg", 2);
    UUID named = service.trr.selfCredited(trrShow, "Nora Named");
    service.trr.galleryPhoto(named, CDN + "nora/g1.jpg", 1);
    service.addCast(SHOW, new JsonObject().put("name", "Nora Named"));
    UUID bare = service.trr.selfCredited(trrShow, "Bea Bare");
    assertThat(service.syncOk(SHOW).getString("status")).isEqualTo("ok");
    // Upstream moves on: a new seed for Kara, a newcomer with two seeds.
    service.trr.seedPhoto(kept, CDN + "kara/3.jpg", 3);
    UUID newcomer = service.trr.selfCredited(trrShow, "Nell Newcomer");
    service.trr.seedPhoto(newcomer, CDN + "nell/1.jpg", 1);
    service.trr.seedPhoto(newcomer, CDN + "nell/2.jpg", 2);
    Snapshot before = snapshot();
    service.photos.clearCalls();

    HttpResponse<Buffer> response = service.admin(HttpMethod.POST, "/shows/" + SHOW + "/sync_facebank_seeds?dry_run=true")
        .send().await();

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject dry = response.bodyAsJsonObject();
    assertThat(dry.getString("status")).isEqualTo("ok");
    assertThat(dry.getBoolean("dry_run")).isTrue();
    assertThat(dry.getJsonArray("stages").getList()).containsExactly("fetch-cast", "resolve", "import-photos", "dedupe");
    assertThat(dry.getLong("imported_facebank_images")).as("nothing is imported by a dry run").isZero();
    assertThat(dry.getLong("would_import_images")).isEqualTo(3);
    assertThat(dry.getLong("would_create_cast")).isEqualTo(1);
    assertThat(person(dry, kept).getBoolean("would_create")).isFalse();
    assertThat(person(dry, kept).getInteger("would_import_images")).isEqualTo(1);
    assertThat(duplicates(person(dry, kept))).containsExactly(CDN + "kara/1.jpg existing_s3_original_key",
        CDN + "kara/2.jpg existing_s3_original_key");
    assertThat(person(dry, newcomer).getBoolean("would_create")).isTrue();
    assertThat(person(dry, newcomer).getString("cast_id")).as("no member exists to name").isNull();
    assertThat(person(dry, newcomer).getInteger("would_import_images")).isEqualTo(2);
    assertThat(person(dry, bare).getString("photo_source")).isEqualTo("none");
    assertThat(service.photos.calls()).extracting(Call::personId).as("the photos API was asked, as in a real run")
        .contains(kept.toString(), named.toString(), bare.toString(), newcomer.toString());
    assertThat(snapshot()).as("no row of person, cast_member or face_bank_images changed").isEqualTo(before);
    JsonObject history = service.get("/shows/" + SHOW + "/sync_runs").bodyAsJsonObject();
    JsonObject newest = history.getJsonArray("runs").getJsonObject(0);
    assertThat(newest.getString("run_id")).isEqualTo(dry.getString("run_id"));
    assertThat(newest.getBoolean("dry_run")).isTrue();
    JsonObject recorded = service.get("/sync_runs/" + dry.getString("run_id")).bodyAsJsonObject();
    assertThat(recorded.getBoolean("dry_run")).isTrue();
    assertThat(recorded.getLong("would_import_images")).isEqualTo(3);
    assertThat(recorded.getJsonArray("people")).isEqualTo(dry.getJsonArray("people"));

    JsonObject real = service.syncOk(SHOW);

    assertThat(real.getBoolean("dry_run")).isFalse();
    for (UUID id : List.of(kept, named, bare, newcomer)) {
      JsonObject predicted = person(dry, id);
      JsonObject done = person(real, id);
      assertThat(done.getString("match").equals("created")).as("would_create of %s", predicted.getString("name"))
          .isEqualTo(predicted.getBoolean("would_create"));
      assertThat(done.getInteger("imported_images")).as("would_import_images of %s", predicted.getString("name"))
          .isEqualTo(predicted.getInteger("would_import_images"));
      assertThat(done.getJsonArray("duplicates")).isEqualTo(predicted.getJsonArray("duplicates"));
      assertThat(done.getString("photo_source")).isEqualTo(predicted.getString("photo_source"));
    }
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).isEqualTo(before.images.size() + 3);
  }

  @Test
  void theBusTakesDryRunTooAndADryRunOfANewShowCreatesNobody() {
    UUID first = service.trr.selfCredited(trrShow, "Fay First");
    service.trr.seedPhoto(first, CDN + "fay/1.jpg", 1);

    JsonObject body = service.app().vertx().eventBus()
        .<JsonObject>request(Addresses.SYNC, new JsonObject().put("show_id", SHOW).put("dry_run", true)).await().body();

    assertThat(body.getBoolean("dry_run")).isTrue();
    assertThat(person(body, first).getBoolean("would_create")).isTrue();
    assertThat(person(body, first).getInteger("would_import_images")).isEqualTo(1);
    assertThat(service.db.count("SELECT count(*) FROM person")).isZero();
    assertThat(service.db.count("SELECT count(*) FROM cast_member")).isZero();
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).isZero();
    assertThat(service.db.count("SELECT count(*) FROM sync_run WHERE dry_run")).isEqualTo(1);
  }

  @Test
  void aDryRunAndARealRunOfOneShowNeverRunAtOnce() {
    UUID held = service.trr.selfCredited(trrShow, "Hal Held");
    service.trr.seedPhoto(held, CDN + "hal/1.jpg", 1);
    var gate = service.photos.gate(held);
    String dryRun = service.admin(HttpMethod.POST, "/shows/" + SHOW + "/sync_facebank_seeds?dry_run=true&async=true")
        .send().await().bodyAsJsonObject().getString("run_id");
    gate.arrived().await();

    HttpResponse<Buffer> real = service.sync(SHOW, null);

    assertThat(real.statusCode()).isEqualTo(409);
    assertThat(real.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("sync_already_running");
    assertThat(real.bodyAsJsonObject().getString("run_id")).as("the dry run holds the show").isEqualTo(dryRun);
    gate.open();
    service.events().finished(dryRun).await();
    assertThat(service.syncOk(SHOW).getLong("imported_facebank_images")).isEqualTo(1);
  }

  @Test
  void dryRunMustBeABoolean() {
    HttpResponse<Buffer> query = service.admin(HttpMethod.POST, "/shows/" + SHOW + "/sync_facebank_seeds?dry_run=maybe")
        .send().await();
    assertThat(query.statusCode()).isEqualTo(400);
    assertThat(query.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("invalid_query");
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).isZero();
  }

  private record Snapshot(List<Map<String, Object>> people, List<Map<String, Object>> members,
                          List<Map<String, Object>> images) {
  }

  private Snapshot snapshot() {
    return new Snapshot(
        service.db.query("SELECT * FROM person ORDER BY person_id"),
        service.db.query("SELECT * FROM cast_member ORDER BY cast_id"),
        service.db.query("SELECT * FROM face_bank_images ORDER BY image_id"));
  }
}
