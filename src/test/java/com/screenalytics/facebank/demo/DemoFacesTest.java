package com.screenalytics.facebank.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.SyncResults;
import com.screenalytics.facebank.testsupport.TestDatabases.TestDb;
import com.screenalytics.facebank.testsupport.TestPlugins;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo with all four stages on, as the README runs it (the mirror and faces plugins, MODEL_DIR
 * with the detector the build fetched, STAGE_{MIRROR,CROP,ENHANCE,EMBED}_ENABLED=true, no
 * embedding model given: the demo writes its own): BlazeFace finds every cartoon face; Harper's
 * photo of an empty room is dropped as no_face, Priya's photo with a friend as multiple_faces;
 * every photo kept has its aligned crop, its enhanced crop and its embedding.
 */
class DemoFacesTest {

  @TempDir
  static Path dataDir;

  private static DemoMode.Running demo;
  private static String printed;

  @BeforeAll
  static void startDemo() {
    com.screenalytics.facebank.faces.Detector.require();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    demo = DemoMode.start(DemoTest.config(dataDir).with(new JsonObject()
        .put(AppConfig.PLUGINS_DIR, TestPlugins.dir("mirror", "faces").toString())
        .put(AppConfig.MODEL_DIR, com.screenalytics.facebank.faces.Detector.MODEL_DIR.toString())
        .put("STAGE_MIRROR_ENABLED", "true")
        .put("STAGE_CROP_ENABLED", "true")
        .put("STAGE_ENHANCE_ENABLED", "true")
        .put("STAGE_EMBED_ENABLED", "true")), new PrintStream(out, true, StandardCharsets.UTF_8));
    printed = out.toString(StandardCharsets.UTF_8);
    System.out.println(printed);
  }

  @AfterAll
  static void stopDemo() {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void harpersEmptyRoomAndPriyasPhotoWithAFriendAreDroppedAndEveryOtherFaceIsKept() {
    JsonObject sync = demo.firstSync();

    assertThat(sync.getJsonArray("stages").getList()).endsWith("mirror", "crop", "enhance", "embed");
    assertThat(sync.getString("status")).isEqualTo("ok");
    assertThat(sync.getInteger("imported_facebank_images")).as("28 with mirror, less the two drops").isEqualTo(26);
    Map<String, JsonObject> people = SyncResults.byName(sync);
    String base = demo.photosBaseUrl() + "/";
    assertThat(people.get("Harper Lindqvist").getJsonArray("dropped")).containsExactly(new JsonObject()
        .put("s3_original_key", base + DemoCatalogue.hostedKey(person("Harper Lindqvist"), 2))
        .put("stage", "crop").put("reason", "no_face")
        .put("detail", "no face scored 0.5 or more"));
    JsonObject priya = people.get("Priya Castellanos").getJsonArray("dropped").getJsonObject(0);
    assertThat(priya.getString("s3_original_key")).isEqualTo(base + DemoCatalogue.hostedKey(person("Priya Castellanos"), 2));
    assertThat(priya.getString("reason")).isEqualTo("multiple_faces");
    assertThat(priya.getString("detail")).startsWith("2 faces, the second ");
    people.values().stream().filter(p -> !p.getString("name").equals("Harper Lindqvist")
            && !p.getString("name").equals("Priya Castellanos"))
        .forEach(p -> assertThat(p.getJsonArray("dropped", new JsonArray())).as(p.getString("name")).isEmpty());
    people.values().stream().filter(p -> !p.getString("name").equals("Sloane Ashby"))
        .forEach(p -> assertThat(p.getJsonArray("duplicates")).as(p.getString("name")).isEmpty());

    TestDb local = TestDb.of(demo.localDbUrl());
    assertThat(local.count("SELECT count(*) FROM face_bank_images")).isEqualTo(26);
    assertThat(local.count("SELECT count(*) FROM face_bank_images WHERE s3_aligned_key LIKE 'aligned/%.png'"
        + " AND s3_embedding_key LIKE 'embeddings/demo-projection/%.f32' AND quality_score BETWEEN 0 AND 1")).isEqualTo(26);
    Path blobs = dataDir.resolve("demo").resolve("blobs");
    for (String dir : new String[] {"aligned", "enhanced", "embeddings/demo-projection"}) {
      assertThat(blobs.resolve(dir).toFile().list()).as(dir).hasSize(26);
    }
    assertThat(Files.isRegularFile(dataDir.resolve("demo/models/demo-projection.onnx"))).isTrue();
    assertThat(printed).contains("Harper Lindqvist: …/", "dropped by crop, no_face: no face scored 0.5 or more",
        "Priya Castellanos: …/", "dropped by crop, multiple_faces: 2 faces, the second ");
  }

  private static DemoCatalogue.Person person(String name) {
    return DemoCatalogue.people().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }
}
