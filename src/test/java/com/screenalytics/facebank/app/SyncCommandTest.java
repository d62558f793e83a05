package com.screenalytics.facebank.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.testsupport.MainProcess;
import com.screenalytics.facebank.testsupport.PhotosServer.Reply;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import com.screenalytics.facebank.testsupport.SyncResults;
import com.screenalytics.facebank.testsupport.TestDatabases;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code java -jar facebank-sync.jar sync SHOW_ID [--max-images N]} in a child JVM against the
 * test databases and photos server: stdout is the result JSON and nothing else, the exit code
 * follows the status (0 ok, 3 partial, 4 error).
 */
@ExtendWith(ServiceExtension.class)
class SyncCommandTest {

  private ServiceUnderTest service;
  private UUID ada;
  private UUID bea;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
    UUID show = service.trr.show("Command Line Show");
    ada = service.trr.selfCredited(show, "Ada Lovelock");
    bea = service.trr.selfCredited(show, "Bea Arthurs");
    for (int position = 1; position <= 3; position++) {
      service.trr.seedPhoto(ada, "https://cdn.example/ada/" + position + ".jpg", position);
    }
    service.trr.seedPhoto(bea, "https://cdn.example/bea/1.jpg", 1);
    service.linkedShow("cli", show);
  }

  @Test
  void anOkSyncPrintsItsResultJsonOnStdoutAndExits0() throws Exception {
    MainProcess.Result run = MainProcess.run(env(), "sync", "cli", "--max-images", "2");

    assertThat(run.exitCode()).as("stderr: %s", run.stderr()).isEqualTo(SyncCommand.EXIT_OK);
    JsonObject body = new JsonObject(run.stdout()); // the whole of stdout: no log line mixed in
    assertThat(body.getString("status")).isEqualTo("ok");
    assertThat(body.getString("show_id")).isEqualTo("CLI");
    assertThat(body.getInteger("max_images_per_person")).isEqualTo(2);
    assertThat(body.getInteger("imported_facebank_images")).isEqualTo(3);
    assertThat(body.getJsonArray("people")).hasSize(2);
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).isEqualTo(3);
    assertThat(service.db.query("SELECT trigger FROM sync_run")).extracting(row -> row.get("trigger")).containsExactly("cli");
    assertThat(run.stderr()).as("the log goes to stderr").contains("Sync " + body.getString("run_id"));
    assertThat(run.stdout() + run.stderr()).doesNotContain(ServiceUnderTest.SERVICE_TOKEN, TestDatabases.DB_PASSWORD);
  }

  @Test
  void aPartialSyncExits3() throws Exception {
    service.photos.script(bea, true, Reply.status(502));

    MainProcess.Result run = MainProcess.run(env(), "sync", "CLI");

    assertThat(run.exitCode()).as("stderr: %s", run.stderr()).isEqualTo(SyncCommand.EXIT_PARTIAL);
    JsonObject body = new JsonObject(run.stdout());
    assertThat(body.getString("status")).isEqualTo("partial");
    assertThat(SyncResults.person(body, bea).getJsonObject("error").getString("code")).isEqualTo("seed_fetch_failed");
    assertThat(SyncResults.person(body, ada).getInteger("imported_images")).isEqualTo(3);
  }

  @Test
  void aSyncWhereEveryPersonFailedExits4() throws Exception {
    service.photos.script(ada, true, Reply.status(502));
    service.photos.script(bea, true, Reply.status(500));

    MainProcess.Result run = MainProcess.run(env(), "sync", "cli");

    assertThat(run.exitCode()).as("stderr: %s", run.stderr()).isEqualTo(SyncCommand.EXIT_ERROR);
    JsonObject body = new JsonObject(run.stdout());
    assertThat(body.getString("status")).isEqualTo("error");
    assertThat(body.getJsonObject("error").getString("code")).isEqualTo("all_people_failed");
  }

  @Test
  void anUnknownShowExits4WithTheErrorJson() throws Exception {
    MainProcess.Result run = MainProcess.run(env(), "sync", "nope");

    assertThat(run.exitCode()).as("stderr: %s", run.stderr()).isEqualTo(SyncCommand.EXIT_ERROR);
    JsonObject body = new JsonObject(run.stdout());
    assertThat(body.getString("status")).isEqualTo("error");
    assertThat(body.getString("show_id")).isEqualTo("NOPE");
    assertThat(body.getJsonObject("error").getString("code")).isEqualTo("show_not_found");
  }

  private Map<String, String> env() {
    return Map.of(
        "DB_URL", service.db.url(),
        "TRR_DB_URL", service.trr.db().url(),
        "TRR_API_URL", service.photos.baseUrl(),
        "SCREENALYTICS_SERVICE_TOKEN", ServiceUnderTest.SERVICE_TOKEN);
  }
}
