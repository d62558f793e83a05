package com.screenalytics.facebank.stage.importphotos;

import static com.screenalytics.facebank.testsupport.SyncResults.person;
import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.contract.SyncEvents;
import com.screenalytics.facebank.testsupport.PhotosServer.Call;
import com.screenalytics.facebank.testsupport.PhotosServer.Reply;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Concurrent syncs (DESIGN.md 3.1 "already running" and section 4 rule 5): one run per show at a
 * time, the second answered 409 with the running run's id; two shows sharing a TRR person never
 * double-insert that person's photos.
 */
@ExtendWith(ServiceExtension.class)
class ConcurrentSyncTest {

  private static final String CDN = "https://cdn.example/media/";
  /** Long enough for the second request to arrive while the first run holds the show's lock. */
  private static final long SLOW_MS = 400;
  private static final int ROUNDS = 20;
  private static final int AT_ONCE = 4;

  private ServiceUnderTest service;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
  }

  @Test
  void aSyncArrivingWhileARunIsInProgressGets409WithThatRunId() {
    // Slow enough that the refused request is answered long before the run ends.
    UUID slow = singleFlightShow(2_000);
    Future<HttpResponse<Buffer>> first = syncRequest("SINGLE");
    String runningRunId = service.events().first(SyncEvents.RUN_STARTED).await().getString("run_id");
    HttpResponse<Buffer> refused = syncRequest("single").await();
    HttpResponse<Buffer> ok = first.await();

    assertThat(refused.statusCode()).isEqualTo(409);
    JsonObject refusedBody = refused.bodyAsJsonObject();
    assertThat(refusedBody.getString("status")).isEqualTo("error");
    assertThat(refusedBody.getString("show_id")).isEqualTo("SINGLE");
    assertThat(refusedBody.getJsonObject("error").getString("code")).isEqualTo("sync_already_running");
    assertThat(refusedBody.getString("run_id")).isEqualTo(runningRunId);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.bodyAsJsonObject().getString("run_id")).isEqualTo(runningRunId);
    assertThat(ok.bodyAsJsonObject().getInteger("imported_facebank_images")).isEqualTo(2);
    assertThat(service.photos.callsFor(slow)).as("the refused sync never reached the photos API")
        .extracting(Call::seedOnly).containsExactly("true");
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).isEqualTo(2);
    assertThat(service.db.query("SELECT run_id FROM sync_run WHERE status = 'ok'"))
        .as("one run went through, the one that held the lock")
        .singleElement().satisfies(row -> assertThat(row.get("run_id")).isEqualTo(UUID.fromString(runningRunId)));
    assertThat(service.db.count("SELECT count(*) FROM sync_run WHERE status = 'running' OR finished_at IS NULL"))
        .isZero();
  }

  /**
   * Syncs of one show fired at once, round after round: exactly one runs, every other one is
   * refused with 409 naming the running run. A refused request can reach the show's lock at any
   * moment of the winner's start-up, so one pair proves little: the rounds and the extra
   * requests per round give the moment between "lock taken" and "run recorded" a fair chance.
   */
  @Test
  void syncsOfTheSameShowFiredAtOnceGiveOne200AndOnly409sNamingTheRunningRun() {
    UUID slow = singleFlightShow(SLOW_MS);
    List<String> refusedWithoutRunId = new ArrayList<>();

    for (int round = 1; round <= ROUNDS; round++) {
      // All requests are on the wire before any answer is awaited.
      List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
      for (int i = 0; i < AT_ONCE; i++) {
        sent.add(syncRequest(i % 2 == 0 ? "SINGLE" : "single"));
      }
      Future.join(sent).await();

      List<HttpResponse<Buffer>> answers = sent.stream().map(Future::result).toList();
      assertThat(answers).as("round %d", round).extracting(HttpResponse::statusCode)
          .containsOnlyOnce(200).containsOnly(200, 409);
      JsonObject ok = answers.stream().filter(r -> r.statusCode() == 200).findFirst().orElseThrow()
          .bodyAsJsonObject();
      assertThat(ok.getString("status")).as("round %d", round).isEqualTo("ok");
      assertThat(ok.getInteger("imported_facebank_images")).as("round %d", round).isEqualTo(round == 1 ? 2 : 0);
      for (HttpResponse<Buffer> answer : answers) {
        if (answer.statusCode() != 409) {
          continue;
        }
        JsonObject refused = answer.bodyAsJsonObject();
        assertThat(refused.getString("status")).as("round %d", round).isEqualTo("error");
        assertThat(refused.getJsonObject("error").getString("code")).as("round %d", round)
            .isEqualTo("sync_already_running");
        if (!ok.getString("run_id").equals(refused.getString("run_id"))) {
          refusedWithoutRunId.add("round " + round + ": 409 run_id " + refused.getString("run_id")
              + ", running run " + ok.getString("run_id"));
        }
      }
      assertThat(service.photos.callsFor(slow)).as("round %d: refused syncs never reach the photos API", round)
          .hasSize(round);
      assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).as("round %d", round).isEqualTo(2);
      assertThat(service.db.count("SELECT count(*) FROM sync_run WHERE status = 'ok'"))
          .as("round %d: one run went through per round", round).isEqualTo(round);
    }

    assertThat(refusedWithoutRunId).as("every 409 names the running run (DESIGN.md 3.1)").isEmpty();
    assertThat(service.db.count("SELECT count(DISTINCT s3_original_key) FROM face_bank_images")).isEqualTo(2);
    assertThat(service.db.count("SELECT count(*) FROM sync_run WHERE status = 'running' OR finished_at IS NULL"))
        .isZero();
  }

  /** Show SINGLE with one person whose seed answer is slow; returns that person. */
  private UUID singleFlightShow(long seedDelayMs) {
    UUID trrShow = service.trr.show("Single Flight");
    UUID slow = service.trr.person("Slow Seeds", null);
    service.trr.credit(trrShow, slow, "Self");
    JsonArray seeds = new JsonArray()
        .add(new JsonObject().put("served_url", CDN + "single/1.jpg"))
        .add(new JsonObject().put("served_url", CDN + "single/2.jpg"));
    service.photos.script(slow, true, Reply.delayed(Reply.json(seeds), seedDelayMs));
    service.linkedShow("SINGLE", trrShow);
    return slow;
  }

  @Test
  void twoShowsSharingAPersonNeverDoubleInsertThatPerson() throws SQLException {
    UUID trrShowA = service.trr.show("Shared Cast A");
    UUID trrShowB = service.trr.show("Shared Cast B");
    UUID shared = service.trr.person("Shared Star", "nm7654321");
    service.trr.credit(trrShowA, shared, "Self");
    service.trr.credit(trrShowB, shared, "Self");
    UUID onlyA = service.trr.person("Only On A", null);
    service.trr.credit(trrShowA, onlyA, "Self");
    List<String> sharedUrls = List.of(CDN + "shared/1.jpg", CDN + "shared/2.jpg", CDN + "shared/3.jpg");
    JsonArray sharedRows = new JsonArray();
    for (int i = 0; i < sharedUrls.size(); i++) {
      service.trr.seedPhoto(shared, sharedUrls.get(i), i + 1);
      sharedRows.add(new JsonObject().put("served_url", sharedUrls.get(i)));
    }
    service.trr.seedPhoto(onlyA, CDN + "only-a/1.jpg", 1);
    service.linkedShow("SHARED_A", trrShowA);
    service.linkedShow("SHARED_B", trrShowB);

    // A share lock on face_bank_images lets both runs read "nothing stored yet" (dedupe) but holds
    // every write until all three (the shared person twice, Only On A once) wait for it: then
    // both runs write the shared photos at once, and the database alone can judge.
    Future<HttpResponse<Buffer>> a;
    Future<HttpResponse<Buffer>> b;
    try (Connection lock = service.db.connect()) {
      lock.setAutoCommit(false);
      try (Statement statement = lock.createStatement()) {
        statement.execute("LOCK TABLE face_bank_images IN SHARE MODE");
      }
      a = syncRequest("SHARED_A");
      b = syncRequest("SHARED_B");
      writesWaitingForTheLock(3).await();
      lock.commit();
    }
    Future.join(a, b).await();

    assertThat(a.result().statusCode()).as(a.result().bodyAsString()).isEqualTo(200);
    assertThat(b.result().statusCode()).as(b.result().bodyAsString()).isEqualTo(200);
    JsonObject bodyA = a.result().bodyAsJsonObject();
    JsonObject bodyB = b.result().bodyAsJsonObject();
    assertThat(bodyA.getString("status")).isEqualTo("ok");
    assertThat(bodyB.getString("status")).isEqualTo("ok");

    List<Map<String, Object>> perKey = service.db.query("SELECT s3_original_key, count(*) AS n FROM face_bank_images"
        + " WHERE person_id = ? GROUP BY s3_original_key ORDER BY s3_original_key", shared);
    assertThat(perKey).extracting(row -> row.get("s3_original_key")).containsExactlyElementsOf(sharedUrls);
    assertThat(perKey).allSatisfy(row -> assertThat(row.get("n")).isEqualTo(1L));

    JsonObject sharedA = person(bodyA, shared);
    JsonObject sharedB = person(bodyB, shared);
    assertThat(sharedA.getString("status")).isEqualTo("ok");
    assertThat(sharedB.getString("status")).isEqualTo("ok");
    assertThat(sharedA.getInteger("imported_images") + sharedB.getInteger("imported_images"))
        .as("each shared photo is imported by exactly one of the runs").isEqualTo(sharedUrls.size());
    assertThat(sharedA.getInteger("skipped_duplicates") + sharedB.getInteger("skipped_duplicates"))
        .as("and counted as a duplicate by the other").isEqualTo(sharedUrls.size());
    List<String> rules = new ArrayList<>();
    for (JsonObject p : List.of(sharedA, sharedB)) {
      p.getJsonArray("duplicates").forEach(d -> rules.add(((JsonObject) d).getString("rule")));
    }
    assertThat(rules).as("neither run saw the other's rows before writing").hasSize(sharedUrls.size())
        .containsOnly("unique_index");
    assertThat(List.of(sharedA.getInteger("imported_images"), sharedB.getInteger("imported_images")))
        .as("one run wrote every shared photo, the other none").containsExactlyInAnyOrder(sharedUrls.size(), 0);

    int distinctPhotos = sharedUrls.size() + 1;
    assertThat(bodyA.getInteger("imported_facebank_images") + bodyB.getInteger("imported_facebank_images"))
        .isEqualTo(distinctPhotos);
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).isEqualTo(distinctPhotos);
    assertThat(service.db.count("SELECT count(*) FROM person WHERE person_id = ?", shared)).isEqualTo(1);
    assertThat(service.photos.callsFor(shared)).extracting(Call::seedOnly).containsExactly("true", "true");
  }

  /** Completes once {@code n} statements wait for a lock on face_bank_images (PostgreSQL polled, bounded). */
  private Future<Void> writesWaitingForTheLock(int n) {
    Promise<Void> waiting = Promise.promise();
    long timer = service.vertx.setPeriodic(20, id -> {
      if (service.db.count("SELECT count(*) FROM pg_locks WHERE relation = 'face_bank_images'::regclass"
          + " AND NOT granted") >= n) {
        waiting.tryComplete();
      }
    });
    return waiting.future().timeout(30, TimeUnit.SECONDS).onComplete(done -> service.vertx.cancelTimer(timer));
  }

  private Future<HttpResponse<Buffer>> syncRequest(String showId) {
    return service.admin(HttpMethod.POST, "/shows/" + showId + "/sync_facebank_seeds").send();
  }

}
