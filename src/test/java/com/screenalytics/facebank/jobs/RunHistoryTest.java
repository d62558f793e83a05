package com.screenalytics.facebank.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.testsupport.PhotosServer.Gate;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /shows/{show_id}/sync_runs?limit=&before=: a show's runs, newest first, page by page. */
@ExtendWith(ServiceExtension.class)
class RunHistoryTest {

  private ServiceUnderTest service;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
  }

  @Test
  void runsComeNewestFirstAndPageWithBefore() {
    List<UUID> people = service.seededShow("HIST", 1);
    String first = service.syncOk("hist").getString("run_id");
    String second = service.syncOk("hist").getString("run_id");
    Gate held = service.photos.gate(people.get(0));
    String third = service.syncAsync("hist").getString("run_id");
    held.arrived().await();

    JsonObject all = history("/shows/hist/sync_runs");
    assertThat(all.getString("show_id")).isEqualTo("HIST");
    assertThat(ids(all.getJsonArray("runs"))).containsExactly(third, second, first);
    assertThat(all.getString("next_before")).isNull();
    JsonObject running = all.getJsonArray("runs").getJsonObject(0);
    assertThat(running.getString("status")).isEqualTo("running");
    assertThat(running.getString("finished_at")).isNull();
    JsonObject done = all.getJsonArray("runs").getJsonObject(2);
    assertThat(done.getString("status")).isEqualTo("ok");
    assertThat(done.getString("trigger")).isEqualTo("http");
    assertThat(done.getString("started_at")).isNotNull();
    assertThat(done.getString("finished_at")).isNotNull();
    assertThat(done.getLong("imported_facebank_images")).isEqualTo(1);
    assertThat(done.containsKey("people")).as("history entries leave people out").isFalse();

    JsonObject page1 = history("/shows/hist/sync_runs?limit=2");
    assertThat(ids(page1.getJsonArray("runs"))).containsExactly(third, second);
    assertThat(page1.getString("next_before")).isEqualTo(second);
    JsonObject page2 = history("/shows/hist/sync_runs?limit=2&before=" + page1.getString("next_before"));
    assertThat(ids(page2.getJsonArray("runs"))).containsExactly(first);
    assertThat(page2.getString("next_before")).isNull();

    held.open();
    service.events().finished(third).timeout(30, TimeUnit.SECONDS).await();
  }

  @Test
  void aLimitIsClampedAndEveryBadQueryIsNamed() {
    service.seededShow("LIMITS", 1);
    service.syncOk("limits");
    service.syncOk("limits");
    assertThat(history("/shows/limits/sync_runs?limit=0").getJsonArray("runs")).hasSize(1);
    assertThat(history("/shows/limits/sync_runs?limit=-5").getJsonArray("runs")).hasSize(1);
    assertThat(history("/shows/limits/sync_runs?limit=99999999999999999999999").getJsonArray("runs")).hasSize(2);

    assertError("/shows/limits/sync_runs?limit=ten", 400, "invalid_query");
    assertError("/shows/limits/sync_runs?limit=1.5", 400, "invalid_query");
    assertError("/shows/limits/sync_runs?before=yesterday", 400, "invalid_query");
    assertError("/shows/nobody/sync_runs", 404, "show_not_found");
    assertError("/shows/not%20a%20slug/sync_runs", 400, "invalid_show_id");
  }

  @Test
  void aShowWithoutRunsHasAnEmptyHistory() {
    service.seededShow("QUIET", 1);
    JsonObject empty = history("/shows/quiet/sync_runs");
    assertThat(empty.getJsonArray("runs")).isEmpty();
    assertThat(empty.getString("next_before")).isNull();
  }

  private JsonObject history(String path) {
    HttpResponse<Buffer> response = service.get(path);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private void assertError(String path, int status, String code) {
    HttpResponse<Buffer> response = service.get(path);
    assertThat(response.statusCode()).as(path).isEqualTo(status);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).as(path).isEqualTo(code);
  }

  private static List<String> ids(JsonArray runs) {
    return runs.stream().map(run -> ((JsonObject) run).getString("run_id")).toList();
  }
}
