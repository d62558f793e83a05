package com.screenalytics.facebank.stage.importphotos;

import static com.screenalytics.facebank.testsupport.SyncResults.person;
import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.PhotosServer.Call;
import com.screenalytics.facebank.testsupport.PhotosServer.Reply;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceExtension.Services;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import com.screenalytics.facebank.testsupport.TrrFixture.PhotoSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * max_images_per_person means up to N usable photos: when rows are skipped, the same call pages on
 * with offset (same seed_only, same limit) until N are kept, a page comes back short, or
 * PHOTOS_MAX_PAGES pages were read. The strict fallback is unchanged.
 */
@ExtendWith(ServiceExtension.class)
class PhotosPagingTest {

  private static final String SHOW = "PAGING";
  private static final String CDN = "https://cdn.example/paging/";

  private ServiceUnderTest service;
  private UUID trrShow;

  private void start(Services services, JsonObject overrides) {
    service = services.start(overrides);
    trrShow = service.trr.show("Paging: The Series");
    service.linkedShow(SHOW, trrShow);
  }

  @Test
  void unusableFirstSeedsArePagedPastUntilNUsableSeedsAreKept(Services services) {
    start(services, new JsonObject());
    UUID person = service.trr.selfCredited(trrShow, "Late Good Seeds");
    for (int position = 1; position <= 3; position++) {
      service.trr.photo(person, PhotoSpec.of().withSeed(true).withPosition(position)); // no served_url
    }
    for (int position = 4; position <= 8; position++) {
      service.trr.seedPhoto(person, CDN + "late/" + position + ".jpg", position);
    }

    JsonObject result = person(service.sync(SHOW, new JsonObject().put("max_images_per_person", 3))
        .bodyAsJsonObject(), person);

    assertThat(service.photos.callsFor(person)).extracting(call -> call.seedOnly() + " " + call.limit() + " "
        + call.offset()).containsExactly("true 3 null", "true 3 3");
    assertThat(result.getString("photo_source")).isEqualTo("seed");
    assertThat(result.getInteger("imported_images")).isEqualTo(3);
    assertThat(result.getInteger("fetched")).isEqualTo(6);
    assertThat(result.getJsonArray("skipped_rows").stream().map(JsonObject.class::cast)
        .map(row -> row.getInteger("index") + " " + row.getString("reason")))
        .containsExactly("0 no_served_url", "1 no_served_url", "2 no_served_url");
    assertThat(keys(person)).containsExactlyInAnyOrder(CDN + "late/4.jpg", CDN + "late/5.jpg", CDN + "late/6.jpg");
  }

  @Test
  void pagingStopsAtPhotosMaxPagesAndAtAShortPage(Services services) {
    start(services, new JsonObject().put(AppConfig.PHOTOS_MAX_PAGES, "2"));
    UUID capped = service.trr.selfCredited(trrShow, "Too Many Bad Seeds");
    for (int position = 1; position <= 6; position++) {
      service.trr.photo(capped, PhotoSpec.of().withSeed(true).withPosition(position));
    }
    service.trr.seedPhoto(capped, CDN + "capped/7.jpg", 7);
    UUID shortPage = service.trr.selfCredited(trrShow, "Short Page");
    service.trr.photo(shortPage, PhotoSpec.of().withSeed(true).withPosition(1));
    service.trr.seedPhoto(shortPage, CDN + "short/2.jpg", 2);

    JsonObject body = service.sync(SHOW, new JsonObject().put("max_images_per_person", 3)).bodyAsJsonObject();

    assertThat(service.photos.callsFor(capped)).extracting(Call::offset).containsExactly(null, "3");
    assertThat(person(body, capped).getInteger("imported_images")).isZero();
    assertThat(person(body, capped).getString("photo_source")).as("no fallback: the seed answer was not empty")
        .isEqualTo("seed");
    assertThat(service.photos.callsFor(shortPage)).as("a page shorter than the limit is the last").hasSize(1);
    assertThat(keys(shortPage)).containsExactly(CDN + "short/2.jpg");
  }

  @Test
  void aFailedLaterSeedPageFailsThePersonAndNeverLeadsToTheFallback(Services services) {
    start(services, new JsonObject().put(AppConfig.PHOTOS_MAX_ATTEMPTS, "1"));
    UUID person = service.trr.selfCredited(trrShow, "Second Page Fails");
    service.trr.galleryPhoto(person, CDN + "fails/gallery.jpg", 1);
    service.photos.script(person, true, Reply.json(new JsonArray()
        .add(new JsonObject().putNull("served_url")).add(new JsonObject().putNull("served_url"))));
    service.photos.script(person, true, Reply.status(502));

    JsonObject result = person(service.sync(SHOW, new JsonObject().put("max_images_per_person", 2))
        .bodyAsJsonObject(), person);

    assertThat(service.photos.callsFor(person)).extracting(call -> call.seedOnly() + " " + call.offset())
        .containsExactly("true null", "true 2");
    assertThat(result.getString("status")).isEqualTo("error");
    assertThat(result.getJsonObject("error").getString("code")).isEqualTo("seed_fetch_failed");
    assertThat(keys(person)).isEmpty();
  }

  @Test
  void anEmptyFirstSeedPageLeadsToTheFallbackWhichPagesTheSameWay(Services services) {
    start(services, new JsonObject());
    UUID person = service.trr.selfCredited(trrShow, "Gallery Only");
    service.trr.photo(person, PhotoSpec.of().withSeed(false).withPosition(1));
    service.trr.photo(person, PhotoSpec.of().withSeed(false).withPosition(2));
    service.trr.galleryPhoto(person, CDN + "gallery/3.jpg", 3);
    service.trr.galleryPhoto(person, CDN + "gallery/4.jpg", 4);

    JsonObject result = person(service.sync(SHOW, new JsonObject().put("max_images_per_person", 2))
        .bodyAsJsonObject(), person);

    assertThat(service.photos.callsFor(person)).extracting(call -> call.seedOnly() + " " + call.offset())
        .containsExactly("true null", "false null", "false 2");
    assertThat(result.getString("photo_source")).isEqualTo("fallback");
    assertThat(keys(person)).containsExactlyInAnyOrder(CDN + "gallery/3.jpg", CDN + "gallery/4.jpg");
  }

  private List<String> keys(UUID person) {
    return service.db.query("SELECT s3_original_key FROM face_bank_images WHERE person_id = ? ORDER BY 1", person)
        .stream().map(row -> (String) row.get("s3_original_key")).toList();
  }
}
