package com.screenalytics.facebank.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.SyncResults;
import com.screenalytics.facebank.testsupport.TestDatabases.TestDb;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo boots from nothing (a temporary DATA_DIR, any free ports), syncs its show through the
 * HTTP endpoint with the outcome the catalogue was designed for, prints it, and answers the
 * printed curl line.
 */
@ExtendWith(VertxExtension.class)
class DemoTest {

  /** One person's designed outcome of the first sync. */
  record Outcome(String name, String match, String photoSource, int imported) {
  }

  /** The first sync of RHOHB, in billing order: every match kind and photo source of the catalogue. */
  static final List<Outcome> FIRST_SYNC = List.of(
      new Outcome("Aurelia Vance", "imdb_id", "seed", 3),
      new Outcome("Dominique Salcedo", "alias", "seed", 1),
      new Outcome("Beatrix Holloway", "name", "seed", 5),
      new Outcome("Celeste Marchand", "created", "seed", 2),
      new Outcome("Priya Castellanos", "created", "seed", 5),
      new Outcome("Joelle Fairbanks", "created", "fallback", 5),
      new Outcome("Marisol Quintero", "created", "fallback", 2),
      new Outcome("Opal Whitaker", "created", "none", 0),
      new Outcome("Vivienne Aldana", "created", "none", 0),
      new Outcome("Harper Lindqvist", "created", "seed", 3),
      new Outcome("Sloane Ashby", "created", "seed", 4));

  private static final Pattern CURL = Pattern.compile(
      "curl -s -X POST (http://127\\.0\\.0\\.1:\\d+)(/shows/RHOHB/sync_facebank_seeds)"
          + " -H '(X-Screenalytics-Admin-Secret): ([0-9a-f]{32})'");

  @TempDir
  static Path dataDir;

  private static DemoMode.Running demo;
  private static String printed;
  private static WebClient client;

  @BeforeAll
  static void startDemo(Vertx vertx) {
    client = WebClient.create(vertx);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    demo = DemoMode.start(config(dataDir), new PrintStream(out, true, StandardCharsets.UTF_8));
    printed = out.toString(StandardCharsets.UTF_8);
  }

  @AfterAll
  static void stopDemo() {
    if (demo != null) {
      demo.close();
    }
  }

  /** What a test run of the demo is configured with: nothing of ./data, no fixed port. */
  static AppConfig config(Path dataDir) {
    return new AppConfig(new JsonObject()
        .put(AppConfig.DATA_DIR, dataDir.toString())
        .put(AppConfig.HTTP_PORT, 0)
        .put(DemoMode.PHOTOS_PORT, 0));
  }

  @Test
  void theDemoSyncGivesEachPersonTheDesignedOutcome() {
    JsonObject sync = demo.firstSync();

    assertThat(sync.getString("status")).isEqualTo("ok");
    assertThat(sync.getString("show_id")).isEqualTo("RHOHB");
    assertThat(sync.getInteger("total_trr_cast")).as("Self credits only, the twice-credited person once").isEqualTo(11);
    assertThat(sync.getInteger("matched_cast")).isEqualTo(3);
    assertThat(sync.getInteger("created_cast")).isEqualTo(8);
    assertThat(sync.getInteger("imported_facebank_images")).isEqualTo(30);
    assertThat(sync.getInteger("imported_facebank_people")).isEqualTo(9);
    assertThat(sync.getInteger("skipped_duplicate_images")).isZero();
    assertThat(sync.getInteger("import_errors")).isZero();
    List<JsonObject> people = SyncResults.people(sync);
    assertThat(people).extracting(p -> new Outcome(p.getString("name"), p.getString("match"),
        p.getString("photo_source"), p.getInteger("imported_images"))).containsExactlyElementsOf(FIRST_SYNC);
    assertThat(people).allSatisfy(p -> {
      assertThat(p.getString("status")).isEqualTo("ok");
      assertThat(p.getString("person_id")).isEqualTo(p.getString("trr_person_id"));
    });

    TestDb local = TestDb.of(demo.localDbUrl());
    UUID run = UUID.fromString(sync.getString("run_id"));
    assertThat(local.count("SELECT count(*) FROM face_bank_images WHERE run_id = ?", run)).isEqualTo(30);
    assertThat(local.count("SELECT count(*) FROM face_bank_images WHERE s3_original_key NOT LIKE ?",
        demo.photosBaseUrl() + "/media/%")).as("every photo is served by the demo").isZero();
    Map<String, UUID> linked = castLinks(local);
    Map<String, JsonObject> byName = SyncResults.byName(sync);
    assertThat(linked.get("Rae Vance")).as("IMDb id match: the local member keeps its name")
        .hasToString(byName.get("Aurelia Vance").getString("trr_person_id"));
    assertThat(linked.get("Nikki Salcedo")).as("alias match")
        .hasToString(byName.get("Dominique Salcedo").getString("trr_person_id"));
    assertThat(linked).containsEntry("Carla Benning", null);
    assertThat(linked).doesNotContainKeys("Grant Ellery", "Tamsin Royce", "Lionel Marsh");
  }

  @Test
  void itPrintsALinePerPersonTheTotalsAndTheCurlLine() {
    for (Outcome outcome : FIRST_SYNC) {
      assertThat(printed).containsPattern("(?m)^  " + Pattern.quote(outcome.name()) + " +" + outcome.match() + " +"
          + outcome.photoSource() + " +" + outcome.imported() + " +0 +ok$");
    }
    assertThat(printed).contains("POST /shows/RHOHB/sync_facebank_seeds -> HTTP 200, status ok",
        "total: 11 TRR cast (3 matched, 8 created), 30 images imported for 9 people, 0 duplicates skipped, 0 errors",
        "3 shows, 33 people, 111 photos (created from the real TRR schema)",
        "Serving until Ctrl-C.");
    assertThat(printed).contains(demo.adminSecret()).doesNotContain("postgresql://");
  }

  @Test
  void thePrintedCurlLineRunsTheNextSyncWhichImportsNothing() {
    Matcher curl = CURL.matcher(printed);
    assertThat(curl.find()).as("curl line in:%n%s", printed).isTrue();

    HttpResponse<Buffer> next = client.postAbs(curl.group(1) + curl.group(2))
        .putHeader(curl.group(3), curl.group(4)).send().await();

    assertThat(curl.group(1)).isEqualTo(demo.serviceUrl());
    assertThat(next.statusCode()).as(next.bodyAsString()).isEqualTo(200);
    JsonObject body = next.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("ok");
    assertThat(body.getInteger("imported_facebank_images")).isZero();
    assertThat(body.getInteger("skipped_duplicate_images")).isEqualTo(30);
    assertThat(SyncResults.people(body)).extracting(p -> p.getString("match")).containsOnly("trr_person_id");
  }

  @Test
  void theOtherPrintedLinksAnswer() {
    Matcher faceBank = Pattern.compile("face bank: curl -s (\\S+) -H '([^:]+): (\\w+)'").matcher(printed);
    Matcher photo = Pattern.compile("first photo: (\\S+)").matcher(printed);
    assertThat(faceBank.find()).as("face bank line in:%n%s", printed).isTrue();
    assertThat(photo.find()).as("photo line in:%n%s", printed).isTrue();

    HttpResponse<Buffer> images = client.getAbs(faceBank.group(1)).putHeader(faceBank.group(2), faceBank.group(3))
        .send().await();
    HttpResponse<Buffer> image = client.getAbs(photo.group(1)).send().await();

    assertThat(images.statusCode()).isEqualTo(200);
    assertThat(images.bodyAsJsonObject().getString("display_name")).isEqualTo("Aurelia Vance");
    assertThat(images.bodyAsJsonObject().getJsonArray("images")).hasSize(3);
    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(image.getHeader("Content-Type")).isEqualTo("image/png");
  }

  @Test
  void theIslandShowIsTheDocumentedPartial() {
    HttpResponse<Buffer> response = client.postAbs(demo.serviceUrl() + "/shows/island/sync_facebank_seeds")
        .putHeader(DemoMode.ADMIN_HEADER, demo.adminSecret()).send().await();

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("partial");
    assertThat(body.getInteger("total_trr_cast")).isEqualTo(8);
    assertThat(body.getInteger("import_errors")).isEqualTo(1);
    JsonObject coco = SyncResults.byName(body).get("Coco Delaine");
    assertThat(coco.getString("status")).isEqualTo("error");
    assertThat(coco.getJsonObject("error").getString("code")).isEqualTo("ambiguous_match");
    assertThat(coco.getInteger("imported_images")).isZero();
  }

  /** Local cast member name → the TRR person it is linked to (null: unlinked), all shows. */
  static Map<String, UUID> castLinks(TestDb local) {
    Map<String, UUID> links = new java.util.HashMap<>();
    local.query("SELECT name, trr_person_id FROM cast_member")
        .forEach(row -> links.put((String) row.get("name"), (UUID) row.get("trr_person_id")));
    return links;
  }
}
