package com.screenalytics.facebank.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.testsupport.PhotosServer.Call;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import com.screenalytics.facebank.testsupport.SyncResults;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A whole sync over HTTP: a seeded, an unseeded and a photo-less person, then a second run. */
@ExtendWith(ServiceExtension.class)
class SyncEndToEndTest {

  private ServiceUnderTest service;
  private UUID show;
  private UUID seeded;
  private UUID unseeded;
  private UUID photoless;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
    show = service.trr.show("The Real Housewives of Salt Lake City");
    seeded = service.trr.person("Lisa Barlow", "nm0000001");
    unseeded = service.trr.person("Meredith Marks", null);
    photoless = service.trr.person("Whitney Rose", " ");
    for (UUID person : List.of(seeded, unseeded, photoless)) {
      service.trr.credit(show, person, "Self");
    }
    service.trr.seedPhoto(seeded, "https://cdn.example/lisa/seed-1.jpg", 1);
    service.trr.seedPhoto(seeded, "https://cdn.example/lisa/seed-2.jpg", 2);
    service.trr.galleryPhoto(seeded, "https://cdn.example/lisa/gallery-3.jpg", 3);
    service.trr.galleryPhoto(unseeded, "https://cdn.example/meredith/1.jpg", 1);
    service.trr.galleryPhoto(unseeded, "https://cdn.example/meredith/2.jpg", 2);
    service.linkedShow("rhoslc", show);
  }

  @Test
  void importsSeedsThenFallbackAndASecondRunImportsNothing() {
    HttpResponse<Buffer> response = service.sync("rhoslc", null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("ok");
    assertThat(body.getString("show_id")).isEqualTo("RHOSLC");
    assertThat(body.getString("trr_show_id")).isEqualTo(show.toString());
    assertThat(body.getInteger("max_images_per_person")).isEqualTo(5);
    assertThat(body.getInteger("total_trr_cast")).isEqualTo(3);
    assertThat(body.getInteger("created_cast")).isEqualTo(3);
    assertThat(body.getInteger("matched_cast")).isZero();
    assertThat(body.getInteger("imported_facebank_images")).isEqualTo(4);
    assertThat(body.getInteger("imported_facebank_people")).isEqualTo(2);
    assertThat(body.getInteger("import_errors")).isZero();
    assertThat(body.getJsonArray("stages").getList()).containsExactly("fetch-cast", "resolve", "import-photos", "dedupe");

    Map<String, JsonObject> people = SyncResults.byName(body);
    assertThat(people.get("Lisa Barlow").getString("photo_source")).isEqualTo("seed");
    assertThat(people.get("Lisa Barlow").getInteger("imported_images")).isEqualTo(2);
    assertThat(people.get("Lisa Barlow").getString("imdb_id")).isEqualTo("nm0000001");
    assertThat(people.get("Meredith Marks").getString("photo_source")).isEqualTo("fallback");
    assertThat(people.get("Whitney Rose").getString("photo_source")).isEqualTo("none");
    assertThat(people.get("Whitney Rose").getString("imdb_id")).as("a blank IMDb id is none").isNull();
    assertThat(people.get("Whitney Rose").getString("status")).isEqualTo("ok");

    assertThat(service.photos.callsFor(seeded)).extracting(Call::seedOnly).containsExactly("true");
    assertThat(service.photos.callsFor(unseeded)).extracting(Call::seedOnly).containsExactly("true", "false");
    assertThat(service.photos.callsFor(seeded)).extracting(Call::limit).containsExactly("5");
    assertThat(service.photos.calls()).extracting(Call::authorization)
        .containsOnly("Bearer " + ServiceUnderTest.SERVICE_TOKEN);

    List<Map<String, Object>> rows = service.db.query(
        "SELECT person_id, s3_original_key, is_seed, approved, photo_source FROM face_bank_images ORDER BY s3_original_key");
    assertThat(rows).extracting(row -> row.get("s3_original_key")).containsExactly(
        "https://cdn.example/lisa/seed-1.jpg", "https://cdn.example/lisa/seed-2.jpg",
        "https://cdn.example/meredith/1.jpg", "https://cdn.example/meredith/2.jpg");
    assertThat(rows).allSatisfy(row -> {
      assertThat(row.get("is_seed")).isEqualTo(true);
      assertThat(row.get("approved")).isEqualTo(false);
    });
    assertThat(service.db.count("SELECT count(*) FROM person WHERE person_id = ?", seeded)).isEqualTo(1);

    JsonObject second = service.syncOk("rhoslc");
    assertThat(second.getInteger("imported_facebank_images")).isZero();
    assertThat(second.getInteger("matched_cast")).isEqualTo(3);
    assertThat(second.getInteger("created_cast")).isZero();
    assertThat(second.getInteger("skipped_duplicate_images")).isEqualTo(4);
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).isEqualTo(4);
    assertThat(service.db.count("SELECT count(*) FROM sync_run WHERE status = 'ok'")).isEqualTo(2);
  }
}
