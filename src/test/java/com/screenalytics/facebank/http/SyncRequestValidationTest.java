package com.screenalytics.facebank.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.testsupport.PhotosServer.Call;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sync request body and path (DESIGN 3.1): max_images_per_person defaults to 5 and is clamped
 * to 1–20; other JSON types are 422 before anything runs; a body that is not a JSON object is 400;
 * show_id is a case-insensitive slug.
 *
 * <p>The one TRR person has 25 gallery photos and no seeds, so every sync makes a seed call and a
 * fallback call with limit=N, and imports exactly N photos: the limit is visible upstream and in
 * the database.
 */
@ExtendWith(ServiceExtension.class)
class SyncRequestValidationTest {

  private static final int GALLERY_SIZE = 25;

  private ServiceUnderTest service;
  private UUID person;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
    UUID show = service.trr.show("The Real Housewives of Salt Lake City");
    person = service.trr.person("Lisa Barlow", "nm0000001");
    service.trr.credit(show, person, "Self");
    for (int i = 1; i <= GALLERY_SIZE; i++) {
      service.trr.galleryPhoto(person, "https://cdn.example/lisa/" + i + ".jpg", i);
    }
    service.linkedShow("rhoslc", show);
  }

  static Stream<Arguments> acceptedBodies() {
    return Stream.of(
        Arguments.of("absent", null, 5),
        Arguments.of("empty string", "", 5),
        Arguments.of("JSON null", "null", 5),
        Arguments.of("empty object", "{}", 5),
        Arguments.of("explicit null", "{\"max_images_per_person\": null}", 5),
        Arguments.of("in range", "{\"max_images_per_person\": 7}", 7),
        Arguments.of("zero", "{\"max_images_per_person\": 0}", 1),
        Arguments.of("negative", "{\"max_images_per_person\": -3}", 1),
        Arguments.of("above the cap", "{\"max_images_per_person\": 25}", 20),
        Arguments.of("the cap", "{\"max_images_per_person\": 20}", 20),
        Arguments.of("beyond 32 bits", "{\"max_images_per_person\": 99999999999}", 20),
        Arguments.of("beyond 64 bits", "{\"max_images_per_person\": 99999999999999999999999}", 20),
        Arguments.of("beyond 32 bits, negative", "{\"max_images_per_person\": -99999999999}", 1),
        Arguments.of("unknown fields", "{\"max_images_per_person\": 3, \"dry_run\": true, \"show_id\": \"NOPE\","
            + " \"extra\": {\"a\": [1, 2]}}", 3));
  }

  @ParameterizedTest(name = "{0} → {2}")
  @MethodSource("acceptedBodies")
  void maxImagesDefaultsAndClamps(String description, String rawBody, int expected) {
    HttpResponse<Buffer> response = rawBody == null
        ? service.sync("rhoslc", null)
        : service.postRaw("/shows/rhoslc/sync_facebank_seeds", rawBody);

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("ok");
    assertThat(body.getString("show_id")).isEqualTo("RHOSLC");
    assertThat(body.getInteger("max_images_per_person")).isEqualTo(expected);
    assertThat(body.getInteger("imported_facebank_images")).isEqualTo(expected);

    List<Call> calls = service.photos.callsFor(person);
    assertThat(calls).extracting(Call::seedOnly).containsExactly("true", "false");
    assertThat(calls).extracting(Call::limit).containsOnly(Integer.toString(expected));

    assertThat(service.db.count("SELECT count(*) FROM face_bank_images WHERE person_id = ?", person))
        .isEqualTo(expected);
    List<Map<String, Object>> runs = service.db.query("SELECT run_id, max_images_per_person, status FROM sync_run");
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).get("max_images_per_person")).isEqualTo(expected);
    assertThat(runs.get(0).get("run_id").toString()).isEqualTo(body.getString("run_id"));
  }

  @Test
  void otherJsonTypesAre422AndNothingRuns() {
    Map<String, String> bodies = Map.of(
        "string", "{\"max_images_per_person\": \"5\"}",
        "fraction", "{\"max_images_per_person\": 2.5}",
        "boolean", "{\"max_images_per_person\": true}",
        "object", "{\"max_images_per_person\": {}}",
        "array", "{\"max_images_per_person\": [5]}");

    bodies.forEach((kind, raw) -> {
      HttpResponse<Buffer> response = service.postRaw("/shows/rhoslc/sync_facebank_seeds", raw);
      assertThat(response.statusCode()).as("%s: %s", kind, response.bodyAsString()).isEqualTo(422);
      JsonObject body = response.bodyAsJsonObject();
      assertThat(body.getString("status")).isEqualTo("error");
      assertThat(body.getJsonObject("error").getString("code")).as(kind).isEqualTo("invalid_field");
      assertThat(body.getJsonObject("error").getString("message")).as(kind).contains("max_images_per_person");
    });

    assertThat(service.photos.calls()).as("no photos call").isEmpty();
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).as("no sync_run row").isZero();
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).isZero();
  }

  /**
   * A number too large for a double (1e400) is still a number: clamped like any large integer, or
   * refused as a 422. Never a 500.
   */
  @Test
  void aNumberBeyondDoubleRangeIsAClientMatterNotA500() {
    for (String raw : List.of("{\"max_images_per_person\": 1e400}", "{\"max_images_per_person\": -1e400}")) {
      HttpResponse<Buffer> response = service.postRaw("/shows/rhoslc/sync_facebank_seeds", raw);
      assertThat(response.statusCode()).as("%s → %s", raw, response.bodyAsString()).isIn(200, 422);
      JsonObject body = response.bodyAsJsonObject();
      if (response.statusCode() == 422) {
        assertThat(body.getJsonObject("error").getString("code")).isEqualTo("invalid_field");
      } else {
        assertThat(body.getInteger("max_images_per_person")).isEqualTo(raw.contains("-") ? 1 : 20);
      }
    }
  }

  /** A fraction is a 422 even when a double cannot hold its fractional part. */
  @Test
  void fractionsBeyondDoublePrecisionAre422() {
    for (String raw : List.of("{\"max_images_per_person\": 20000000000000000000.5}",
        "{\"max_images_per_person\": 1e-400}")) {
      HttpResponse<Buffer> response = service.postRaw("/shows/rhoslc/sync_facebank_seeds", raw);
      assertThat(response.statusCode()).as("%s → %s", raw, response.bodyAsString()).isEqualTo(422);
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("invalid_field");
    }
    assertThat(service.photos.calls()).isEmpty();
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).isZero();
  }

  @Test
  void aBodyThatIsNotAJsonObjectIs400() {
    for (String raw : List.of("not json", "[1,2]", "{\"max_images_per_person\": 3", "\"text\"", "42")) {
      HttpResponse<Buffer> response = service.postRaw("/shows/rhoslc/sync_facebank_seeds", raw);
      assertThat(response.statusCode()).as("%s → %s", raw, response.bodyAsString()).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).as(raw)
          .isEqualTo("invalid_json");
    }
    assertThat(service.photos.calls()).isEmpty();
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).isZero();
  }

  @Test
  void aShowIdThatIsNotASlugIs400() {
    String tooLong = "A".repeat(65);
    for (String path : List.of("bad%21id", "bad%20id", "rh%C3%B6slc", "rho.slc", tooLong)) {
      HttpResponse<Buffer> response = service.sync(path, null);
      assertThat(response.statusCode()).as("%s → %s", path, response.bodyAsString()).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).as(path)
          .isEqualTo("invalid_show_id");
    }
    assertThat(service.photos.calls()).isEmpty();
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).isZero();

    // 64 characters is still a slug: a well-formed id of an unknown show is a 404, not a 400.
    HttpResponse<Buffer> longest = service.sync("A".repeat(64), null);
    assertThat(longest.statusCode()).as(longest.bodyAsString()).isEqualTo(404);
    assertThat(longest.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("show_not_found");
  }

  @Test
  void showIdIsCaseInsensitiveAndTrimmed() {
    for (String path : List.of("rhoslc", "RHOSLC", "RhoSlc", "%20rhoslc%20")) {
      HttpResponse<Buffer> response = service.sync(path, null);
      assertThat(response.statusCode()).as("%s → %s", path, response.bodyAsString()).isEqualTo(200);
      assertThat(response.bodyAsJsonObject().getString("show_id")).isEqualTo("RHOSLC");
    }
    assertThat(service.db.count("SELECT count(*) FROM show")).isEqualTo(1);
    assertThat(service.db.count("SELECT count(*) FROM sync_run WHERE show_id = 'RHOSLC'")).isEqualTo(4);
    assertThat(service.db.count("SELECT count(*) FROM cast_member")).as("one show, one cast").isEqualTo(1);
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).as("later runs are duplicates")
        .isEqualTo(5);
  }
}
