package com.screenalytics.facebank.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.testsupport.ServiceConfig;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DESIGN 2: a stage is a plugin. The test-only stage "test-quality-score"
 * ({@link com.screenalytics.facebank.teststage.QualityScoreStage}, its META-INF/services line and
 * stages/test-quality-score.json on the test classpath, disabled by default) joins the pipeline
 * through configuration alone.
 */
@ExtendWith(ServiceExtension.class)
class PluginStageTest {

  private static final String STAGE = "test-quality-score";

  private ServiceUnderTest service;

  @Test
  @ServiceConfig(key = "stages", json = "{\"" + STAGE + "\": {\"enabled\": true, \"options\": {\"score\": 0.75}}}")
  void enabledByConfigWithOptionsOverrideRunsAfterDedupeAndScoresEveryRow(ServiceUnderTest service) {
    this.service = service;

    JsonObject result = syncShowWithPhotos();

    assertThat(result.getJsonArray("stages").getList())
        .containsExactly("fetch-cast", "resolve", "import-photos", "dedupe", STAGE);
    assertThat(service.app().stages()).containsExactly("fetch-cast", "resolve", "import-photos", "dedupe", STAGE);
    assertThat(qualityScores()).hasSize(3).containsOnly(0.75);
    assertThat(recordedStages(result)).containsExactly("fetch-cast", "resolve", "import-photos", "dedupe", STAGE);
  }

  @Test
  @ServiceConfig(key = "STAGE_TEST_QUALITY_SCORE_ENABLED", value = "true")
  void enabledByEnvironmentToggleUsesTheDescriptorDefaultScore(ServiceUnderTest service) {
    this.service = service;

    JsonObject result = syncShowWithPhotos();

    assertThat(result.getJsonArray("stages").getList())
        .containsExactly("fetch-cast", "resolve", "import-photos", "dedupe", STAGE);
    assertThat(qualityScores()).hasSize(3).containsOnly(0.25);
  }

  @Test
  void disabledByDefaultSoItNeitherRunsNorScores(ServiceUnderTest service) {
    this.service = service;

    JsonObject result = syncShowWithPhotos();

    assertThat(result.getJsonArray("stages").getList())
        .containsExactly("fetch-cast", "resolve", "import-photos", "dedupe")
        .doesNotContain(STAGE);
    List<Double> scores = qualityScores();
    assertThat(scores).hasSize(3).containsOnlyNulls();
  }

  /** A linked show with two people and three photos in all; the sync must be ok. */
  private JsonObject syncShowWithPhotos() {
    UUID show = service.trr.show("Plugin Show");
    UUID seeded = service.trr.person("Seeded Person", "nm0000101");
    UUID gallery = service.trr.person("Gallery Person", null);
    service.trr.credit(show, seeded, "Self");
    service.trr.credit(show, gallery, "Self");
    service.trr.seedPhoto(seeded, "https://cdn.example/plugin/seed-1.jpg", 1);
    service.trr.seedPhoto(seeded, "https://cdn.example/plugin/seed-2.jpg", 2);
    service.trr.galleryPhoto(gallery, "https://cdn.example/plugin/g-1.jpg", 1);
    service.linkedShow("plugin", show);

    JsonObject result = service.syncOk("plugin");
    assertThat(result.getString("status")).isEqualTo("ok");
    assertThat(result.getInteger("imported_facebank_images")).isEqualTo(3);
    return result;
  }

  private List<Double> qualityScores() {
    return service.db.query("SELECT quality_score FROM face_bank_images ORDER BY s3_original_key").stream()
        .map(row -> (Double) row.get("quality_score"))
        .toList();
  }

  private List<Object> recordedStages(JsonObject result) {
    Map<String, Object> row = service.db.query("SELECT stages FROM sync_run WHERE run_id = ?",
        UUID.fromString(result.getString("run_id"))).get(0);
    @SuppressWarnings("unchecked")
    List<Object> stages = (List<Object>) row.get("stages");
    return stages;
  }
}
