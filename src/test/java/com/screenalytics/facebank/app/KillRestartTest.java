package com.screenalytics.facebank.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.MainProcess;
import com.screenalytics.facebank.testsupport.SecretScan;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import com.screenalytics.facebank.testsupport.TestDatabases;
import com.screenalytics.facebank.testsupport.TestDatabases.TestDb;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A service process killed with SIGKILL in the middle of a sync, restarted, and synced again ends
 * with exactly the rows a clean run of the same catalogue writes in another database: none
 * missing, none doubled. In between, nobody is half written.
 */
@ExtendWith(ServiceExtension.class)
class KillRestartTest {

  private static final String SHOW = "KILLED";
  private static final String CDN = "https://cdn.example/killed/";
  private static final int PEOPLE = 10;
  private static final Duration START_LIMIT = Duration.ofSeconds(120);

  /** Every column a sync writes, without the generated ids and timestamps. */
  private static final List<String> ROWS = List.of(
      "SELECT show_id, name, full_name, role, status, aliases, imdb_id, trr_person_id, person_id FROM cast_member",
      "SELECT person_id, canonical_name, display_name, aliases FROM person",
      "SELECT person_id, media_asset_id, s3_original_key, s3_aligned_key, s3_embedding_key, quality_score, is_seed,"
          + " approved, approved_at, approved_by, source_url, photo_source, kind, width, height FROM face_bank_images");

  private final List<String> seen = new ArrayList<>();
  private ServiceUnderTest service;

  @AfterEach
  void tearDown() {
    SecretScan.closeAndScan(service, seen);
  }

  @Test
  void aSyncKilledMidwayThenRunAgainEndsWithExactlyTheRowsOfACleanRun(ServiceUnderTest service) throws Exception {
    // The clean run's instance; its TRR fixture and photos server serve the killed process too.
    this.service = service;
    UUID trrShow = catalogue();
    setUpShow(service.port(), trrShow);
    JsonObject clean = sync(service.port());
    assertThat(clean.getString("status")).isEqualTo("ok");
    long images = service.db.count("SELECT count(*) FROM face_bank_images");
    assertThat(images).as("every photo of the catalogue").isEqualTo(PEOPLE / 2 * 2 + PEOPLE / 2);

    TestDb crashDb = TestDatabases.create("crash");
    Map<String, String> env = Map.of(
        AppConfig.DB_URL, crashDb.url(),
        AppConfig.TRR_DB_URL, service.trr.db().url(),
        AppConfig.TRR_API_URL, service.photos.baseUrl(),
        AppConfig.SERVICE_TOKEN, ServiceUnderTest.SERVICE_TOKEN,
        AppConfig.ADMIN_SECRET, ServiceUnderTest.ADMIN_SECRET,
        AppConfig.HTTP_HOST, "127.0.0.1",
        AppConfig.HTTP_PORT, "0",
        AppConfig.SYNC_PERSON_CONCURRENCY, "2");

    // A slow upstream, so the kill lands with some people written and others not.
    try (MainProcess first = MainProcess.start(env)) {
      int port = first.awaitListening(START_LIMIT);
      setUpShow(port, trrShow);
      service.photos.clearCalls();
      service.photos.delayAll(200);
      Future<HttpResponse<Buffer>> killedSync = admin(port, "/shows/" + SHOW + "/sync_facebank_seeds", null);
      // Six calls in, two people at a time: at least one person is written, and most are not.
      service.photos.awaitCalls(6).await();
      first.kill();
      seen.addAll(first.output());
      assertThat(catchThrowable(killedSync::await)).as("the killed process never answered").isNotNull();
    }

    long written = crashDb.count("SELECT count(DISTINCT person_id) FROM face_bank_images");
    assertThat(written).as("the kill landed mid-sync").isBetween(1L, PEOPLE - 1L);
    Set<Object> withPersonRow = column(crashDb, "SELECT person_id FROM person");
    assertThat(withPersonRow).as("nobody half written: person row, cast link and images, or nothing")
        .isEqualTo(column(crashDb, "SELECT trr_person_id FROM cast_member WHERE trr_person_id IS NOT NULL"))
        .isEqualTo(column(crashDb, "SELECT DISTINCT person_id FROM face_bank_images"))
        .hasSize((int) written);
    assertThat(crashDb.query("SELECT status FROM sync_run")).extracting(row -> row.get("status"))
        .containsExactly("running");

    service.photos.delayAll(0);
    try (MainProcess second = MainProcess.start(env)) {
      int port = second.awaitListening(START_LIMIT);
      JsonObject again = sync(port);
      assertThat(again.getString("status")).as(again.encode()).isEqualTo("ok");
      seen.addAll(second.output());
    }

    for (String rows : ROWS) {
      assertThat(crashDb.query(rows)).as(rows).isNotEmpty()
          .containsExactlyInAnyOrderElementsOf(service.db.query(rows));
    }
    assertThat(crashDb.count("SELECT count(*) FROM face_bank_images")).isEqualTo(images);
    assertThat(crashDb.query("SELECT status FROM sync_run ORDER BY started_at")).extracting(row -> row.get("status"))
        .containsExactly("interrupted", "ok");
  }

  /**
   * Half the people with two seed photos, half with one gallery photo (the fallback), some with an
   * IMDb id, and one matched by name to a member created beforehand.
   */
  private UUID catalogue() {
    UUID show = service.trr.show("Killed Midway");
    for (int i = 1; i <= PEOPLE; i++) {
      String name = i == 1 ? "Matched By Name" : "Person " + i;
      UUID person = service.trr.person(name, i % 3 == 0 ? "nm90000" + i : null);
      service.trr.credit(show, person, "Self");
      if (i % 2 == 0) {
        service.trr.seedPhoto(person, CDN + person + "/seed-1.jpg", 1);
        service.trr.seedPhoto(person, CDN + person + "/seed-2.jpg", 2);
      } else {
        service.trr.galleryPhoto(person, CDN + person + "/gallery.jpg", 1);
      }
    }
    return show;
  }

  private void setUpShow(int port, UUID trrShow) {
    expect(201, admin(port, "/shows", new JsonObject().put("show_id", SHOW).put("title", "Killed Midway")
        .put("trr_show_id", trrShow.toString())));
    expect(201, admin(port, "/shows/" + SHOW + "/cast", new JsonObject().put("name", "Matched By Name")));
  }

  private JsonObject sync(int port) {
    return expect(200, admin(port, "/shows/" + SHOW + "/sync_facebank_seeds", null));
  }

  private Future<HttpResponse<Buffer>> admin(int port, String path, JsonObject body) {
    var request = service.client.post(port, "127.0.0.1", path)
        .putHeader(ServiceUnderTest.ADMIN_HEADER, ServiceUnderTest.ADMIN_SECRET);
    return body == null ? request.send() : request.sendJsonObject(body);
  }

  private JsonObject expect(int status, Future<HttpResponse<Buffer>> pending) {
    HttpResponse<Buffer> response = pending.await();
    seen.add(SecretScan.seen(response));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    return response.bodyAsJsonObject();
  }

  private static Set<Object> column(TestDb db, String sql) {
    Set<Object> values = new HashSet<>();
    db.query(sql).forEach(row -> values.add(row.values().iterator().next()));
    return values;
  }
}
