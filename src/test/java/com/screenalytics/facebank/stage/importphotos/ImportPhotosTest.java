package com.screenalytics.facebank.stage.importphotos;

import static com.screenalytics.facebank.testsupport.SyncResults.person;
import static com.screenalytics.facebank.testsupport.SyncResults.duplicates;
import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.testsupport.PhotosServer.Call;
import com.screenalytics.facebank.testsupport.PhotosServer.Reply;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceExtension.Services;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import com.screenalytics.facebank.testsupport.TrrFixture.PhotoSpec;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DESIGN.md section 4 rule 4 (import-photos), end to end: the calls the service makes to the
 * photos API (how many, in which order, with which seed_only and limit), what it reports per
 * person, and the face_bank_images rows it writes (rule 6).
 */
@ExtendWith(ServiceExtension.class)
class ImportPhotosTest {

  private static final String SHOW = "IMPORT_PHOTOS";
  private static final String CDN = "https://cdn.example/media/";

  private ServiceUnderTest service;
  private UUID trrShow;

  private void start(Services services) {
    start(services, new JsonObject());
  }

  private void start(Services services, JsonObject overrides) {
    service = services.start(overrides);
    trrShow = service.trr.show("Import Photos: The Series");
    service.linkedShow(SHOW, trrShow);
  }

  // ---- seed first, strict fallback ----------------------------------------------------------

  @Test
  void seededPersonMakesExactlyOneSeedOnlyCall(Services services) {
    start(services);
    UUID lisa = service.trr.selfCredited(trrShow, "Lisa Seeded");
    service.trr.seedPhoto(lisa, CDN + "lisa/seed-1.jpg", 1);
    service.trr.seedPhoto(lisa, CDN + "lisa/seed-2.jpg", 2);
    service.trr.galleryPhoto(lisa, CDN + "lisa/gallery-3.jpg", 3);

    JsonObject body = service.syncOk(SHOW);

    assertThat(service.photos.callsFor(lisa)).singleElement().satisfies(call -> {
      assertThat(call.seedOnly()).isEqualTo("true");
      assertThat(call.limit()).isEqualTo("5");
    });
    JsonObject person = person(body, lisa);
    assertThat(person.getString("photo_source")).isEqualTo("seed");
    assertThat(person.getInteger("fetched")).isEqualTo(2);
    assertThat(person.getInteger("imported_images")).isEqualTo(2);
    assertThat(person.getInteger("skipped_duplicates")).isZero();
    assertThat(person.getString("status")).isEqualTo("ok");
    assertThat(person.getValue("error")).isNull();
    assertThat(keys(lisa)).containsExactlyInAnyOrder(CDN + "lisa/seed-1.jpg", CDN + "lisa/seed-2.jpg");
    assertThat(rows(lisa)).allSatisfy(row -> assertThat(row.get("photo_source")).isEqualTo("seed"));
  }

  @Test
  void unseededPersonFallsBackToTheGalleryUsingServedUrls(Services services) {
    start(services);
    UUID meredith = service.trr.selfCredited(trrShow, "Meredith Unseeded");
    UUID mirrored = service.trr.photo(meredith, PhotoSpec.hosted(CDN + "meredith/1.jpg")
        .withSourceUrl("https://source.example/meredith-1.jpg").withPosition(1).withKind("gallery")
        .withSize(640, 960));
    // Not mirrored: served_url is the source URL.
    UUID sourceOnly = service.trr.photo(meredith, PhotoSpec.sourceOnly("https://source.example/meredith-2.jpg")
        .withPosition(2).withKind("promo"));

    JsonObject body = service.syncOk(SHOW);

    List<Call> calls = service.photos.callsFor(meredith);
    assertThat(calls).extracting(Call::seedOnly).containsExactly("true", "false");
    assertThat(calls).extracting(Call::limit).containsExactly("5", "5");
    JsonObject person = person(body, meredith);
    assertThat(person.getString("photo_source")).isEqualTo("fallback");
    assertThat(person.getInteger("fetched")).isEqualTo(2);
    assertThat(person.getInteger("imported_images")).isEqualTo(2);
    assertThat(person.getString("status")).isEqualTo("ok");
    assertThat(person.getValue("error")).isNull();

    Map<String, Map<String, Object>> rows = rowsByKey(meredith);
    assertThat(rows).containsOnlyKeys(CDN + "meredith/1.jpg", "https://source.example/meredith-2.jpg");
    Map<String, Object> first = rows.get(CDN + "meredith/1.jpg");
    assertThat(first.get("media_asset_id")).isEqualTo(mirrored);
    assertThat(first.get("source_url")).isEqualTo("https://source.example/meredith-1.jpg");
    assertThat(first.get("photo_source")).isEqualTo("fallback");
    assertThat(first.get("kind")).isEqualTo("gallery");
    assertThat(first.get("width")).isEqualTo(640);
    assertThat(first.get("height")).isEqualTo(960);
    assertThat(first.get("is_seed")).as("every imported photo is a face-bank seed").isEqualTo(true);
    assertThat(first.get("approved")).isEqualTo(false);
    Map<String, Object> second = rows.get("https://source.example/meredith-2.jpg");
    assertThat(second.get("media_asset_id")).isEqualTo(sourceOnly);
    assertThat(second.get("photo_source")).isEqualTo("fallback");
    assertThat(second.get("kind")).isEqualTo("promo");
  }

  @Test
  void aNonEmptySeedAnswerIsUsedEvenWhenNoRowIsUsable(Services services) {
    start(services);
    UUID person = service.trr.selfCredited(trrShow, "Seeds Without Urls");
    service.trr.galleryPhoto(person, CDN + "nourl/gallery.jpg", 1);
    service.photos.script(person, true, Reply.json(new JsonArray().add(new JsonObject().putNull("served_url"))));

    JsonObject result = person(service.syncOk(SHOW), person);

    assertThat(service.photos.callsFor(person)).extracting(Call::seedOnly)
        .as("only an empty seed list leads to the fallback call").containsExactly("true");
    assertThat(result.getString("photo_source")).isEqualTo("seed");
    assertThat(result.getInteger("imported_images")).isZero();
    assertThat(result.getString("status")).isEqualTo("ok");
    assertThat(rows(person)).isEmpty();
  }

  @Test
  void failedSeedCallFailsThePersonWithoutAFallbackCall(Services services) {
    start(services);
    UUID failing = service.trr.selfCredited(trrShow, "Seed Call Fails");
    // Photos a fallback call would find: they must stay out of the face bank.
    service.trr.galleryPhoto(failing, CDN + "failing/1.jpg", 1);
    service.photos.script(failing, true, Reply.status(500));
    UUID healthy = service.trr.selfCredited(trrShow, "Healthy Neighbour");
    service.trr.seedPhoto(healthy, CDN + "healthy/1.jpg", 1);

    HttpResponse<Buffer> response = service.sync(SHOW, null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(service.photos.callsFor(failing)).singleElement()
        .satisfies(call -> assertThat(call.seedOnly()).isEqualTo("true"));
    JsonObject person = person(body, failing);
    assertThat(person.getString("status")).isEqualTo("error");
    assertThat(person.getJsonObject("error").getString("code")).isEqualTo("seed_fetch_failed");
    assertThat(person.getJsonObject("error").getString("message")).contains("500");
    assertThat(person.getInteger("imported_images")).isZero();
    assertThat(rows(failing)).isEmpty();

    assertThat(person(body, healthy).getString("status")).as("one failure never stops the others").isEqualTo("ok");
    assertThat(keys(healthy)).containsExactly(CDN + "healthy/1.jpg");
    assertThat(body.getString("status")).isEqualTo("partial");
  }

  /**
   * Whatever the status, a failed seed call is never followed by a fallback call; 502 and 503
   * are retried as the same seed call (PHOTOS_MAX_ATTEMPTS, 3), other statuses are not.
   */
  @Test
  void seedCallErrorStatusesFailThePersonWithoutFallback(Services services) {
    start(services);
    Map<Integer, String> codes = Map.of(400, "seed_fetch_failed", 401, "photos_unauthorized",
        404, "seed_fetch_failed", 422, "seed_fetch_failed", 502, "seed_fetch_failed", 503, "seed_fetch_failed");
    Map<UUID, Integer> people = new LinkedHashMap<>();
    for (int status : new int[] {400, 401, 404, 422, 502, 503}) {
      UUID person = service.trr.selfCredited(trrShow, "Status " + status);
      service.trr.galleryPhoto(person, CDN + "status-" + status + "/1.jpg", 1);
      service.photos.script(person, true, Reply.status(status));
      people.put(person, status);
    }

    JsonObject body = service.syncOk(SHOW);

    people.forEach((person, status) -> {
      JsonObject result = person(body, person);
      assertThat(result.getString("status")).as("HTTP %s", status).isEqualTo("error");
      assertThat(result.getJsonObject("error").getString("code")).as("HTTP %s", status).isEqualTo(codes.get(status));
      List<String> seedOnly = status >= 502 ? List.of("true", "true", "true") : List.of("true");
      assertThat(service.photos.callsFor(person)).as("HTTP %s: no fallback call", status)
          .extracting(Call::seedOnly).isEqualTo(seedOnly);
      assertThat(rows(person)).as("HTTP %s", status).isEmpty();
    });
  }

  @Test
  void seedCallWithAnUnusableBodyFailsThePersonWithoutFallback(Services services) {
    start(services);
    Map<String, Reply> bodies = new LinkedHashMap<>();
    bodies.put("object envelope", Reply.raw(200, "{\"items\":[]}"));
    bodies.put("object envelope with rows", Reply.raw(200, "{\"items\":[{\"served_url\":\"" + CDN + "env.jpg\"}]}"));
    bodies.put("invalid JSON", Reply.raw(200, "not json at all"));
    bodies.put("truncated array", Reply.raw(200, "[{\"served_url\": \"" + CDN + "trunc.jpg\"}"));
    bodies.put("JSON null", Reply.raw(200, "null"));
    bodies.put("JSON string", Reply.raw(200, "\"[]\""));
    bodies.put("empty body", Reply.raw(200, ""));
    bodies.put("204 no content", Reply.raw(204, null));
    Map<UUID, String> people = new LinkedHashMap<>();
    bodies.forEach((label, reply) -> {
      UUID person = service.trr.selfCredited(trrShow, "Body " + label);
      service.trr.galleryPhoto(person, CDN + "body-" + person + "/1.jpg", 1);
      service.photos.script(person, true, reply);
      people.put(person, label);
    });

    JsonObject body = service.syncOk(SHOW);

    people.forEach((person, label) -> {
      JsonObject result = person(body, person);
      assertThat(result.getString("status")).as(label).isEqualTo("error");
      assertThat(result.getJsonObject("error").getString("code")).as(label).isEqualTo("seed_fetch_failed");
      assertThat(service.photos.callsFor(person)).as(label + ": exactly one call, no fallback")
          .extracting(Call::seedOnly).containsExactly("true");
      assertThat(rows(person)).as(label).isEmpty();
    });
  }

  @Test
  void seedCallTimeoutFailsThePersonWithoutFallback(Services services) {
    start(services, new JsonObject().put("PHOTOS_TIMEOUT_MS", 300));
    UUID slow = service.trr.selfCredited(trrShow, "Slow Seeds");
    service.trr.galleryPhoto(slow, CDN + "slow/gallery.jpg", 1);
    JsonArray lateRows = new JsonArray().add(new JsonObject().put("served_url", CDN + "slow/late-seed.jpg"));
    service.photos.script(slow, true, Reply.delayed(Reply.json(lateRows), 5_000));

    JsonObject result = person(service.syncOk(SHOW), slow);

    assertThat(result.getString("status")).isEqualTo("error");
    assertThat(result.getJsonObject("error").getString("code")).isEqualTo("photos_timeout");
    assertThat(service.photos.callsFor(slow)).as("a timeout is retried as the same seed call, never a fallback")
        .extracting(Call::seedOnly).containsExactly("true", "true", "true");
    assertThat(rows(slow)).isEmpty();
  }

  @Test
  void emptySeedsThenFailedFallbackIsFallbackFetchFailed(Services services) {
    start(services);
    UUID person = service.trr.selfCredited(trrShow, "Fallback Fails");
    service.photos.script(person, true, Reply.json(new JsonArray()));
    service.photos.script(person, false, Reply.status(503));

    JsonObject result = person(service.syncOk(SHOW), person);

    assertThat(service.photos.callsFor(person)).as("the fallback call is retried; the seed call is not redone")
        .extracting(Call::seedOnly).containsExactly("true", "false", "false", "false");
    assertThat(result.getString("status")).isEqualTo("error");
    assertThat(result.getJsonObject("error").getString("code")).isEqualTo("fallback_fetch_failed");
    assertThat(result.getJsonObject("error").getString("message")).contains("fallback", "503", "3 attempts");
    assertThat(result.getInteger("imported_images")).isZero();
    assertThat(rows(person)).isEmpty();
  }

  @Test
  void noPhotosAtAllIsSourceNoneAndNotAnError(Services services) {
    start(services);
    UUID person = service.trr.selfCredited(trrShow, "No Photos");

    JsonObject body = service.syncOk(SHOW);

    assertThat(service.photos.callsFor(person)).extracting(Call::seedOnly).containsExactly("true", "false");
    JsonObject result = person(body, person);
    assertThat(result.getString("photo_source")).isEqualTo("none");
    assertThat(result.getInteger("fetched")).isZero();
    assertThat(result.getInteger("imported_images")).isZero();
    assertThat(result.getInteger("skipped_duplicates")).isZero();
    assertThat(result.getString("status")).isEqualTo("ok");
    assertThat(result.getValue("error")).isNull();
    assertThat(body.getString("status")).isEqualTo("ok");
    assertThat(body.getInteger("import_errors")).isZero();
    assertThat(rows(person)).isEmpty();
  }

  // ---- which rows are kept -----------------------------------------------------------------

  @Test
  void rowsWithoutAUsableServedUrlAreSkipped(Services services) {
    start(services);
    // From the fixture view: neither hosted nor source URL → served_url null; a blank hosted URL.
    UUID fromDb = service.trr.selfCredited(trrShow, "Nulls From The View");
    service.trr.photo(fromDb, PhotoSpec.of().withSeed(true).withPosition(1));
    service.trr.photo(fromDb, PhotoSpec.hosted("   ").withSeed(true).withPosition(2));
    service.trr.seedPhoto(fromDb, CDN + "view/good.jpg", 3);
    // Scripted: null, blank, absent, wrong type.
    UUID scripted = service.trr.selfCredited(trrShow, "Scripted Nulls");
    service.photos.script(scripted, true, Reply.json(new JsonArray()
        .add(new JsonObject().putNull("served_url").put("kind", "gallery"))
        .add(new JsonObject().put("served_url", "  "))
        .add(new JsonObject().put("served_url", ""))
        .add(new JsonObject().put("hosted_key", "media/xx/no-served-url.jpg"))
        .add(new JsonObject().put("served_url", 42))
        .add(new JsonObject().put("served_url", CDN + "scripted/good.jpg"))));

    JsonObject body = service.syncOk(SHOW);

    JsonObject db = person(body, fromDb);
    assertThat(db.getString("status")).isEqualTo("ok");
    assertThat(db.getInteger("imported_images")).isEqualTo(1);
    assertThat(keys(fromDb)).containsExactly(CDN + "view/good.jpg");
    JsonObject script = person(body, scripted);
    assertThat(script.getString("status")).isEqualTo("ok");
    assertThat(script.getString("photo_source")).isEqualTo("seed");
    assertThat(script.getInteger("imported_images")).isEqualTo(1);
    assertThat(script.getJsonArray("skipped_rows").stream().map(JsonObject.class::cast)
        .map(row -> row.getInteger("index") + " " + row.getString("reason")))
        .containsExactly("0 no_served_url", "1 no_served_url", "2 no_served_url", "3 no_served_url",
            "4 wrong_field_type");
    assertThat(keys(scripted)).containsExactly(CDN + "scripted/good.jpg");
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images WHERE btrim(s3_original_key) = ''")).isZero();
  }

  @Test
  void theSameUrlTwiceInOneAnswerIsImportedOnce(Services services) {
    start(services);
    UUID person = service.trr.selfCredited(trrShow, "Repeated Urls");
    String a = CDN + "repeat/a.jpg";
    String b = CDN + "repeat/b.jpg";
    service.photos.script(person, true, Reply.json(new JsonArray()
        .add(new JsonObject().put("served_url", a))
        .add(new JsonObject().put("served_url", b))
        .add(new JsonObject().put("served_url", a))
        .add(new JsonObject().put("served_url", "  " + b + " "))));

    JsonObject result = person(service.syncOk(SHOW), person);

    assertThat(result.getInteger("imported_images")).isEqualTo(2);
    assertThat(result.getInteger("skipped_duplicates")).isEqualTo(2);
    assertThat(duplicates(result)).containsExactly(a + " repeated_in_batch", b + " repeated_in_batch");
    assertThat(service.db.query("SELECT s3_original_key, count(*) AS n FROM face_bank_images"
        + " WHERE person_id = ? GROUP BY s3_original_key ORDER BY s3_original_key", person))
        .containsExactly(Map.of("s3_original_key", a, "n", 1L), Map.of("s3_original_key", b, "n", 1L));
  }

  @Test
  void maxImagesPerPersonKeepsTheFirstRowsInBackendOrder(Services services) {
    start(services);
    UUID fromDb = service.trr.selfCredited(trrShow, "Seven Seeds");
    for (int position : new int[] {5, 2, 7, 1, 4, 6, 3}) {
      service.trr.seedPhoto(fromDb, CDN + "seven/seed-" + position + ".jpg", position);
    }
    // A backend that ignores limit and answers in its own (non-alphabetical) order.
    UUID scripted = service.trr.selfCredited(trrShow, "Too Many Rows");
    List<String> order = List.of("q", "c", "x", "a", "m", "b", "z");
    JsonArray rows = new JsonArray();
    order.forEach(name -> rows.add(new JsonObject().put("served_url", CDN + "many/" + name + ".jpg")));
    service.photos.script(scripted, true, Reply.json(rows));
    // Unusable rows do not use up the limit: the first three *usable* rows are kept.
    UUID withGaps = service.trr.selfCredited(trrShow, "Gaps First");
    service.photos.script(withGaps, true, Reply.json(new JsonArray()
        .add(new JsonObject().putNull("served_url"))
        .add(new JsonObject().put("served_url", CDN + "gaps/1.jpg"))
        .add(new JsonObject().put("served_url", " "))
        .add(new JsonObject().put("served_url", CDN + "gaps/2.jpg"))
        .add(new JsonObject().put("served_url", CDN + "gaps/3.jpg"))
        .add(new JsonObject().put("served_url", CDN + "gaps/4.jpg"))));

    HttpResponse<Buffer> response = service.sync(SHOW, new JsonObject().put("max_images_per_person", 3));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getInteger("max_images_per_person")).isEqualTo(3);
    assertThat(service.photos.callsFor(fromDb)).singleElement().satisfies(call -> {
      assertThat(call.seedOnly()).isEqualTo("true");
      assertThat(call.limit()).isEqualTo("3");
    });
    assertThat(keys(fromDb)).containsExactlyInAnyOrder(
        CDN + "seven/seed-1.jpg", CDN + "seven/seed-2.jpg", CDN + "seven/seed-3.jpg");
    assertThat(person(body, fromDb).getInteger("imported_images")).isEqualTo(3);

    assertThat(service.photos.callsFor(scripted)).extracting(Call::limit).containsExactly("3");
    assertThat(keys(scripted)).containsExactlyInAnyOrder(CDN + "many/q.jpg", CDN + "many/c.jpg", CDN + "many/x.jpg");
    assertThat(person(body, scripted).getInteger("imported_images")).isEqualTo(3);

    assertThat(keys(withGaps)).containsExactlyInAnyOrder(CDN + "gaps/1.jpg", CDN + "gaps/2.jpg", CDN + "gaps/3.jpg");
  }

  @Test
  void unknownFieldsAreIgnoredAndEveryKnownFieldIsOptional(Services services) {
    start(services);
    UUID person = service.trr.selfCredited(trrShow, "Minimal Rows");
    String bare = CDN + "minimal/only-served-url.jpg";
    String rich = CDN + "minimal/newer-backend.jpg";
    String oddTypes = CDN + "minimal/odd-types.jpg";
    UUID asset = UUID.randomUUID();
    service.photos.script(person, true, Reply.json(new JsonArray()
        .add(new JsonObject().put("served_url", bare))
        .add(new JsonObject()
            .put("served_url", rich)
            .put("media_asset_id", asset.toString())
            .put("source_url", "https://source.example/rich.jpg")
            .put("hosted_url", rich)
            .put("hosted_key", "media/minimal/newer-backend.jpg")
            .put("kind", "headshot")
            .put("width", 1200)
            .put("height", 1600)
            .put("is_primary", true)
            .put("facebank_seed", true)
            .put("rank", 1)
            .put("source", "getty")
            .put("crop", new JsonObject().put("x", 1).put("y", 2))
            .put("tags", new JsonArray().add("a").add("b"))
            .put("brand_new_field", "whatever"))
        // Odd types only in fields this service does not read: as good as unknown fields.
        .add(new JsonObject()
            .put("served_url", oddTypes)
            .put("hosted_key", 5)
            .put("is_primary", "yes")
            .put("facebank_seed", "maybe")
            .put("rank", "first"))));

    JsonObject result = person(service.syncOk(SHOW), person);

    assertThat(result.getString("status")).isEqualTo("ok");
    assertThat(result.getInteger("imported_images")).isEqualTo(3);
    assertThat(result.getJsonArray("skipped_rows")).isEmpty();
    Map<String, Map<String, Object>> rows = rowsByKey(person);
    assertThat(rows).containsOnlyKeys(bare, rich, oddTypes);
    assertThat(rows.get(bare)).satisfies(row -> {
      assertThat(row.get("media_asset_id")).isNull();
      assertThat(row.get("source_url")).isNull();
      assertThat(row.get("kind")).isNull();
      assertThat(row.get("width")).isNull();
      assertThat(row.get("height")).isNull();
      assertThat(row.get("is_seed")).isEqualTo(true);
      assertThat(row.get("approved")).isEqualTo(false);
    });
    assertThat(rows.get(rich)).satisfies(row -> {
      assertThat(row.get("media_asset_id")).isEqualTo(asset);
      assertThat(row.get("source_url")).isEqualTo("https://source.example/rich.jpg");
      assertThat(row.get("kind")).isEqualTo("headshot");
      assertThat(row.get("width")).isEqualTo(1200);
      assertThat(row.get("height")).isEqualTo(1600);
    });
  }

  @Test
  void storedRowsCarryTheContractColumns(Services services) {
    start(services);
    UUID person = service.trr.selfCredited(trrShow, "Full Row");
    UUID asset = service.trr.photo(person, PhotoSpec.hosted("  " + CDN + "full/seed.jpg \t")
        .withSourceUrl("https://source.example/full.jpg").withSeed(true).withPosition(1)
        .withKind("headshot").withSize(800, 1200));

    JsonObject body = service.syncOk(SHOW);

    List<Map<String, Object>> rows = rows(person);
    assertThat(rows).singleElement().satisfies(row -> {
      assertThat(row.get("image_id")).isNotNull();
      assertThat(row.get("person_id")).isEqualTo(person);
      assertThat(row.get("media_asset_id")).isEqualTo(asset);
      assertThat(row.get("s3_original_key")).as("the trimmed served_url").isEqualTo(CDN + "full/seed.jpg");
      assertThat(row.get("s3_aligned_key")).isNull();
      assertThat(row.get("s3_embedding_key")).isNull();
      assertThat(row.get("quality_score")).isNull();
      assertThat(row.get("is_seed")).isEqualTo(true);
      assertThat(row.get("approved")).isEqualTo(false);
      assertThat(row.get("approved_at")).isNull();
      assertThat(row.get("approved_by")).isNull();
      assertThat(row.get("created_at")).isNotNull();
      assertThat(row.get("source_url")).isEqualTo("https://source.example/full.jpg");
      assertThat(row.get("photo_source")).isEqualTo("seed");
      assertThat(row.get("kind")).isEqualTo("headshot");
      assertThat(row.get("width")).isEqualTo(800);
      assertThat(row.get("height")).isEqualTo(1200);
      assertThat(row.get("run_id")).isEqualTo(UUID.fromString(body.getString("run_id")));
    });
    assertThat(person(body, person).getInteger("imported_images")).isEqualTo(1);
    assertThat(service.db.count("SELECT count(*) FROM person WHERE person_id = ?", person)).isEqualTo(1);
  }

  // ---- helpers -----------------------------------------------------------------------------

  private List<Map<String, Object>> rows(UUID person) {
    return service.db.query("SELECT * FROM face_bank_images WHERE person_id = ? ORDER BY s3_original_key", person);
  }

  private Map<String, Map<String, Object>> rowsByKey(UUID person) {
    Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
    rows(person).forEach(row -> byKey.put((String) row.get("s3_original_key"), row));
    return byKey;
  }

  private List<String> keys(UUID person) {
    return rows(person).stream().map(row -> (String) row.get("s3_original_key")).toList();
  }
}
