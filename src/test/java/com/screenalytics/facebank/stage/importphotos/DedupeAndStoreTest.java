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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DESIGN.md section 4 rules 5 (dedupe) and 6 (store): what a person already has, or what repeats
 * in a batch, is skipped with the rule that fired; existing rows are never touched; with the
 * dedupe stage switched off, the unique index still keeps the face bank free of duplicates.
 */
@ExtendWith(ServiceExtension.class)
class DedupeAndStoreTest {

  private static final String SHOW = "DEDUPE";
  private static final String CDN = "https://cdn.example/media/";
  private static final String SNAPSHOT = "SELECT * FROM face_bank_images ORDER BY image_id";

  private ServiceUnderTest service;
  private UUID trrShow;

  private void start(Services services, JsonObject overrides) {
    service = services.start(overrides);
    trrShow = service.trr.show("Dedupe: The Reunion");
    service.linkedShow(SHOW, trrShow);
  }

  @Test
  void aReRunWritesOnlyWhatIsNewAndLeavesLinkedPeopleAlone(Services services) {
    start(services, new JsonObject());
    UUID unchanged = service.trr.selfCredited(trrShow, "Nothing New");
    service.trr.seedPhoto(unchanged, CDN + "unchanged/1.jpg", 1);
    UUID grown = service.trr.selfCredited(trrShow, "One More Seed");
    service.trr.seedPhoto(grown, CDN + "grown/1.jpg", 1);
    service.syncOk(SHOW);
    String members = "SELECT trr_person_id, updated_at FROM cast_member ORDER BY trr_person_id";
    List<Map<String, Object>> linked = service.db.query(members);
    service.trr.seedPhoto(grown, CDN + "grown/2.jpg", 2);

    JsonObject rerun = service.syncOk(SHOW);

    assertThat(person(rerun, unchanged).getString("match")).isEqualTo("trr_person_id");
    assertThat(person(rerun, unchanged).getInteger("imported_images")).isZero();
    assertThat(person(rerun, grown).getInteger("imported_images")).isEqualTo(1);
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images WHERE person_id = ?::uuid", grown.toString()))
        .isEqualTo(2);
    List<Map<String, Object>> after = service.db.query(members);
    assertThat(after.get(indexOf(after, unchanged))).as("a linked person with nothing new is not written at all")
        .isEqualTo(linked.get(indexOf(linked, unchanged)));
    assertThat(after.get(indexOf(after, grown)).get("updated_at"))
        .as("a person with a new photo is written, link included")
        .isNotEqualTo(linked.get(indexOf(linked, grown)).get("updated_at"));
  }

  private static int indexOf(List<Map<String, Object>> rows, UUID trrPersonId) {
    for (int i = 0; i < rows.size(); i++) {
      if (trrPersonId.equals(rows.get(i).get("trr_person_id"))) {
        return i;
      }
    }
    throw new AssertionError("no cast member for " + trrPersonId + " in " + rows);
  }

  @Test
  void aSecondRunImportsNothingAndChangesNoRow(Services services) {
    start(services, new JsonObject());
    UUID seeded = service.trr.selfCredited(trrShow, "Seeded Twice");
    UUID firstSeed = service.trr.photo(seeded, PhotoSpec.hosted(CDN + "seeded/1.jpg").withSeed(true).withPosition(1)
        .withKind("gallery").withSize(100, 200));
    service.trr.seedPhoto(seeded, CDN + "seeded/2.jpg", 2);
    UUID unseeded = service.trr.selfCredited(trrShow, "Fallback Twice");
    service.trr.galleryPhoto(unseeded, CDN + "fallback/1.jpg", 1);
    service.trr.photo(unseeded, PhotoSpec.sourceOnly("https://source.example/fallback-2.jpg").withPosition(2));

    JsonObject first = service.syncOk(SHOW);
    assertThat(first.getInteger("imported_facebank_images")).isEqualTo(4);
    List<Map<String, Object>> before = service.db.query(SNAPSHOT);
    assertThat(before).hasSize(4);

    // Upstream details change; the stored rows must not follow (rows are never updated).
    service.trr.db().execute("UPDATE core.media_assets SET width = 999, height = 999, source_url = 'https://changed.example/x.jpg'"
        + " WHERE id = '" + firstSeed + "'");
    service.trr.db().execute("UPDATE core.media_links SET kind = 'changed'");
    service.photos.clearCalls();

    JsonObject second = service.syncOk(SHOW);

    assertThat(second.getString("status")).isEqualTo("ok");
    assertThat(second.getInteger("imported_facebank_images")).isZero();
    assertThat(second.getInteger("imported_facebank_people")).isZero();
    assertThat(second.getInteger("skipped_duplicate_images")).isEqualTo(4);
    JsonObject seededResult = person(second, seeded);
    assertThat(seededResult.getString("photo_source")).isEqualTo("seed");
    assertThat(seededResult.getInteger("fetched")).isEqualTo(2);
    assertThat(seededResult.getInteger("imported_images")).isZero();
    assertThat(seededResult.getInteger("skipped_duplicates")).isEqualTo(2);
    assertThat(duplicates(seededResult)).containsExactlyInAnyOrder(
        CDN + "seeded/1.jpg existing_s3_original_key", CDN + "seeded/2.jpg existing_s3_original_key");
    JsonObject unseededResult = person(second, unseeded);
    assertThat(unseededResult.getString("photo_source")).isEqualTo("fallback");
    assertThat(unseededResult.getInteger("imported_images")).isZero();
    assertThat(unseededResult.getInteger("skipped_duplicates")).isEqualTo(2);
    assertThat(duplicates(unseededResult)).containsExactlyInAnyOrder(
        CDN + "fallback/1.jpg existing_s3_original_key",
        "https://source.example/fallback-2.jpg existing_s3_original_key");
    assertThat(service.photos.callsFor(seeded)).extracting(Call::seedOnly).containsExactly("true");
    assertThat(service.photos.callsFor(unseeded)).extracting(Call::seedOnly).containsExactly("true", "false");

    assertThat(service.db.query(SNAPSHOT)).as("every column of every row, image_id and created_at included")
        .isEqualTo(before);
  }

  @Test
  void aPhotoWhoseMediaAssetIsAlreadyStoredUnderAnotherUrlIsSkipped(Services services) {
    start(services, new JsonObject());
    UUID person = service.trr.selfCredited(trrShow, "Mirrored Later");
    // First seen before mirroring: served_url is the source URL.
    UUID asset = service.trr.photo(person, PhotoSpec.sourceOnly("https://source.example/mirrored-later.jpg")
        .withSeed(true).withPosition(1));
    service.syncOk(SHOW);
    List<Map<String, Object>> before = service.db.query(SNAPSHOT);
    assertThat(before).singleElement().satisfies(row -> {
      assertThat(row.get("s3_original_key")).isEqualTo("https://source.example/mirrored-later.jpg");
      assertThat(row.get("media_asset_id")).isEqualTo(asset);
    });

    // Now mirrored: the same asset is served from the CDN.
    service.trr.db().execute("UPDATE core.media_assets SET hosted_url = '" + CDN + "mirrored/later.jpg',"
        + " hosted_key = 'media/mirrored/later.jpg' WHERE id = '" + asset + "'");

    JsonObject second = service.syncOk(SHOW);

    JsonObject result = person(second, person);
    assertThat(result.getString("status")).isEqualTo("ok");
    assertThat(result.getInteger("imported_images")).isZero();
    assertThat(result.getInteger("skipped_duplicates")).isEqualTo(1);
    assertThat(duplicates(result)).containsExactly(CDN + "mirrored/later.jpg existing_media_asset_id");
    assertThat(second.getInteger("skipped_duplicate_images")).isEqualTo(1);
    assertThat(service.db.query(SNAPSHOT)).isEqualTo(before);
  }

  @Test
  void theSameMediaAssetTwiceInOneAnswerIsImportedOnce(Services services) {
    start(services, new JsonObject());
    UUID person = service.trr.selfCredited(trrShow, "Asset Twice");
    UUID asset = UUID.randomUUID();
    service.photos.script(person, true, Reply.json(new JsonArray()
        .add(new JsonObject().put("served_url", CDN + "twice/hosted.jpg").put("media_asset_id", asset.toString()))
        .add(new JsonObject().put("served_url", "https://source.example/twice.jpg").put("media_asset_id", asset.toString()))
        .add(new JsonObject().put("served_url", CDN + "twice/other.jpg"))));

    JsonObject result = person(service.syncOk(SHOW), person);

    assertThat(result.getInteger("imported_images")).isEqualTo(2);
    assertThat(result.getInteger("skipped_duplicates")).isEqualTo(1);
    assertThat(duplicates(result)).containsExactly("https://source.example/twice.jpg repeated_in_batch");
    assertThat(keys(person)).containsExactly(CDN + "twice/hosted.jpg", CDN + "twice/other.jpg");
  }

  @Test
  void aPhotoAddedUpstreamBetweenRunsIsTheOnlyOneImported(Services services) {
    start(services, new JsonObject());
    UUID person = service.trr.selfCredited(trrShow, "Growing Gallery");
    service.trr.seedPhoto(person, CDN + "growing/1.jpg", 1);
    service.trr.seedPhoto(person, CDN + "growing/2.jpg", 2);
    JsonObject first = service.syncOk(SHOW);
    assertThat(person(first, person).getInteger("imported_images")).isEqualTo(2);
    List<Map<String, Object>> before = service.db.query(SNAPSHOT);

    UUID added = service.trr.seedPhoto(person, CDN + "growing/3.jpg", 3);
    JsonObject second = service.syncOk(SHOW);

    JsonObject result = person(second, person);
    assertThat(result.getString("photo_source")).isEqualTo("seed");
    assertThat(result.getInteger("fetched")).isEqualTo(3);
    assertThat(result.getInteger("imported_images")).isEqualTo(1);
    assertThat(result.getInteger("skipped_duplicates")).isEqualTo(2);
    assertThat(duplicates(result)).containsExactlyInAnyOrder(
        CDN + "growing/1.jpg existing_s3_original_key", CDN + "growing/2.jpg existing_s3_original_key");
    assertThat(second.getInteger("imported_facebank_images")).isEqualTo(1);
    assertThat(second.getInteger("imported_facebank_people")).isEqualTo(1);

    List<Map<String, Object>> after = service.db.query(SNAPSHOT);
    assertThat(after).hasSize(3).containsAll(before);
    assertThat(after).filteredOn(row -> !before.contains(row)).singleElement().satisfies(row -> {
      assertThat(row.get("s3_original_key")).isEqualTo(CDN + "growing/3.jpg");
      assertThat(row.get("media_asset_id")).isEqualTo(added);
      assertThat(row.get("run_id")).isEqualTo(UUID.fromString(second.getString("run_id")));
    });
  }

  // ---- dedupe switched off: the unique index is the judge ---------------------------------

  @Test
  void withDedupeOffTheStageIsNotListedAndTheUniqueIndexStopsDuplicates(Services services) {
    start(services, new JsonObject().put("STAGE_DEDUPE_ENABLED", "false"));
    UUID person = service.trr.selfCredited(trrShow, "No Dedupe");
    service.trr.seedPhoto(person, CDN + "nodedupe/1.jpg", 1);
    service.trr.seedPhoto(person, CDN + "nodedupe/2.jpg", 2);

    JsonObject first = service.syncOk(SHOW);
    assertThat(first.getJsonArray("stages").getList()).containsExactly("fetch-cast", "resolve", "import-photos");
    assertThat(person(first, person).getInteger("imported_images")).isEqualTo(2);
    List<Map<String, Object>> before = service.db.query(SNAPSHOT);
    assertThat(before).hasSize(2);

    JsonObject second = service.syncOk(SHOW);

    assertThat(second.getJsonArray("stages").getList()).doesNotContain("dedupe");
    assertThat(second.getString("status")).isEqualTo("ok");
    assertThat(second.getInteger("imported_facebank_images")).isZero();
    assertThat(second.getInteger("skipped_duplicate_images")).isEqualTo(2);
    JsonObject result = person(second, person);
    assertThat(result.getString("status")).isEqualTo("ok");
    assertThat(result.getInteger("imported_images")).isZero();
    assertThat(result.getInteger("skipped_duplicates")).isEqualTo(2);
    assertThat(duplicates(result)).containsExactlyInAnyOrder(
        CDN + "nodedupe/1.jpg unique_index", CDN + "nodedupe/2.jpg unique_index");
    assertThat(service.db.query(SNAPSHOT)).isEqualTo(before);
    assertThat(service.db.query("SELECT stages FROM sync_run WHERE run_id = ?::uuid", second.getString("run_id")))
        .singleElement().satisfies(row -> assertThat(row.get("stages")).isEqualTo(
            List.of("fetch-cast", "resolve", "import-photos")));
  }

  @Test
  void withDedupeOffRepeatsInOneAnswerStillYieldOneRow(Services services) {
    start(services, new JsonObject().put("STAGE_DEDUPE_ENABLED", "false"));
    UUID person = service.trr.selfCredited(trrShow, "Repeats Without Dedupe");
    String a = CDN + "repeat-nodedupe/a.jpg";
    UUID asset = UUID.randomUUID();
    service.photos.script(person, true, Reply.json(new JsonArray()
        .add(new JsonObject().put("served_url", a))
        .add(new JsonObject().put("served_url", a))
        .add(new JsonObject().put("served_url", " " + a + " "))
        .add(new JsonObject().put("served_url", CDN + "repeat-nodedupe/b.jpg").put("media_asset_id", asset.toString()))
        .add(new JsonObject().put("served_url", CDN + "repeat-nodedupe/b-mirror.jpg").put("media_asset_id", asset.toString()))));

    JsonObject body = service.syncOk(SHOW);

    assertThat(body.getJsonArray("stages").getList()).doesNotContain("dedupe");
    JsonObject result = person(body, person);
    assertThat(result.getString("status")).isEqualTo("ok");
    assertThat(result.getInteger("imported_images")).isEqualTo(2);
    assertThat(result.getInteger("skipped_duplicates")).isEqualTo(3);
    assertThat(duplicates(result)).containsExactlyInAnyOrder(a + " unique_index", a + " unique_index",
        CDN + "repeat-nodedupe/b-mirror.jpg unique_index");
    assertThat(keys(person)).containsExactly(a, CDN + "repeat-nodedupe/b.jpg");
    assertThat(body.getInteger("imported_facebank_images")).isEqualTo(2);
    assertThat(body.getInteger("skipped_duplicate_images")).isEqualTo(3);
  }

  @Test
  void withDedupeOffAMediaAssetStoredUnderAnotherUrlIsRefusedByTheIndex(Services services) {
    start(services, new JsonObject().put("STAGE_DEDUPE_ENABLED", "false"));
    UUID person = service.trr.selfCredited(trrShow, "Mirrored Without Dedupe");
    UUID asset = service.trr.photo(person, PhotoSpec.sourceOnly("https://source.example/nodedupe-mirror.jpg")
        .withSeed(true).withPosition(1));
    service.syncOk(SHOW);
    List<Map<String, Object>> before = service.db.query(SNAPSHOT);
    assertThat(before).hasSize(1);
    service.trr.db().execute("UPDATE core.media_assets SET hosted_url = '" + CDN + "nodedupe/mirrored.jpg'"
        + " WHERE id = '" + asset + "'");

    JsonObject result = person(service.syncOk(SHOW), person);

    assertThat(result.getString("status")).isEqualTo("ok");
    assertThat(result.getInteger("imported_images")).isZero();
    assertThat(duplicates(result)).containsExactly(CDN + "nodedupe/mirrored.jpg unique_index");
    assertThat(service.db.query(SNAPSHOT)).isEqualTo(before);
  }

  // ---- helpers -----------------------------------------------------------------------------

  private List<String> keys(UUID person) {
    return service.db.query("SELECT s3_original_key FROM face_bank_images WHERE person_id = ? ORDER BY s3_original_key",
        person).stream().map(row -> (String) row.get("s3_original_key")).toList();
  }
}
