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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo with the mirror stage on, as the README runs it (PLUGINS_DIR with the built plugins,
 * STAGE_MIRROR_ENABLED=true): Sloane Ashby's 3rd seed is her 1st under another URL (same_content)
 * and her 4th a resized, recompressed copy of her 2nd (near_duplicate); every other photo of the
 * catalogue is distinct and kept, its original in DATA_DIR/demo/blobs.
 */
class DemoMirrorTest {

  @TempDir
  static Path dataDir;

  private static DemoMode.Running demo;
  private static String printed;

  @BeforeAll
  static void startDemo() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    demo = DemoMode.start(DemoTest.config(dataDir).with(new JsonObject()
        .put(AppConfig.PLUGINS_DIR, TestPlugins.dir("mirror").toString())
        .put("STAGE_MIRROR_ENABLED", "true")), new PrintStream(out, true, StandardCharsets.UTF_8));
    printed = out.toString(StandardCharsets.UTF_8);
  }

  @AfterAll
  static void stopDemo() {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void sloanesCopiesAreFoundByContentAndEveryOtherPhotoIsKept() throws Exception {
    JsonObject sync = demo.firstSync();

    assertThat(sync.getJsonArray("stages").getList()).endsWith("mirror");
    assertThat(sync.getString("status")).isEqualTo("ok");
    assertThat(sync.getInteger("imported_facebank_images")).as("30 on Day 1, less Sloane's two copies").isEqualTo(28);
    assertThat(sync.getInteger("skipped_duplicate_images")).isEqualTo(2);
    Map<String, JsonObject> people = SyncResults.byName(sync);
    JsonObject sloane = people.get("Sloane Ashby");
    assertThat(sloane.getString("status")).isEqualTo("ok");
    assertThat(sloane.getInteger("imported_images")).isEqualTo(2);
    JsonArray duplicates = sloane.getJsonArray("duplicates");
    String base = demo.photosBaseUrl() + "/";
    String first = base + DemoCatalogue.hostedKey(sloanePerson(), 1);
    String second = base + DemoCatalogue.hostedKey(sloanePerson(), 2);
    assertThat(duplicates).containsExactly(
        new JsonObject().put("s3_original_key", base + DemoCatalogue.hostedKey(sloanePerson(), 3))
            .put("rule", "same_content").put("detail", "the same bytes as " + first),
        duplicates.getJsonObject(1));
    assertThat(duplicates.getJsonObject(1).getString("s3_original_key"))
        .isEqualTo(base + DemoCatalogue.hostedKey(sloanePerson(), 4));
    assertThat(duplicates.getJsonObject(1).getString("rule")).isEqualTo("near_duplicate");
    assertThat(duplicates.getJsonObject(1).getString("detail")).endsWith(" of 64 bits from " + second);
    people.values().stream().filter(p -> !p.getString("name").equals("Sloane Ashby"))
        .forEach(p -> assertThat(p.getJsonArray("duplicates")).as(p.getString("name")).isEmpty());

    TestDb local = TestDb.of(demo.localDbUrl());
    assertThat(local.count("SELECT count(*) FROM face_bank_images WHERE mirror_key IS NULL")).isZero();
    Path blobs = dataDir.resolve("demo").resolve("blobs").resolve("originals");
    try (Stream<Path> files = Files.list(blobs)) {
      assertThat(files.count()).isEqualTo(28);
    }
    assertThat(printed).contains("Sloane Ashby: …/", "is a duplicate, same_content: the same bytes as …/",
        "is a duplicate, near_duplicate: perceptual hash ");
  }

  private static DemoCatalogue.Person sloanePerson() {
    return DemoCatalogue.people().stream().filter(p -> p.name().equals("Sloane Ashby")).findFirst().orElseThrow();
  }

}
