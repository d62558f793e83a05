package com.screenalytics.facebank.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.contract.ErrorReply;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DESIGN 3.2: a request on "facebank.sync" answers with the same JSON as the HTTP trigger, and a
 * failure without a result body is a ReplyException (failure code = HTTP status, message = error
 * code). The bus is the service's own Vert.x event bus.
 */
@ExtendWith(ServiceExtension.class)
class EventBusSyncTest {

  private static final String ADDRESS = "facebank.sync";

  /** Fields that differ between two runs of two different shows by nature. */
  private static final List<String> RUN_SPECIFIC = List.of("run_id", "show_id", "trr_show_id");
  private static final List<String> PERSON_SPECIFIC = List.of("trr_person_id", "person_id", "cast_id");

  private ServiceUnderTest service;
  private UUID trrShowA;
  private UUID trrShowB;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
    trrShowA = castOfThree("a");
    trrShowB = castOfThree("b");
    service.linkedShow("rhoslc", trrShowA);
    service.linkedShow("rhoslc_twin", trrShowB);
  }

  @Test
  void eventBusReplyIsTheSameJsonAsTheHttpAnswer() {
    JsonObject bus = request(new JsonObject().put("show_id", "rhoslc")).await().body();

    HttpResponse<Buffer> http = service.sync("rhoslc_twin", null);
    assertThat(http.statusCode()).isEqualTo(200);
    JsonObject httpBody = http.bodyAsJsonObject();

    assertThat(bus.getString("status")).isEqualTo("ok");
    assertThat(bus.getString("show_id")).isEqualTo("RHOSLC");
    assertThat(bus.getString("trr_show_id")).isEqualTo(trrShowA.toString());
    assertThat(service.db.count("SELECT count(*) FROM sync_run WHERE run_id = ? AND show_id = 'RHOSLC'",
        UUID.fromString(bus.getString("run_id")))).as("the reply names the run recorded for it").isEqualTo(1);
    assertThat(bus.getString("run_id")).isNotEqualTo(httpBody.getString("run_id"));
    assertThat(bus.getInteger("imported_facebank_images")).isEqualTo(4);
    assertThat(bus.getJsonArray("people")).hasSize(3);

    assertThat(bus.fieldNames()).containsExactlyInAnyOrderElementsOf(httpBody.fieldNames());
    assertThat(comparable(bus)).isEqualTo(comparable(httpBody));
  }

  @Test
  void eventBusReplyMatchesTheRecordedRunAndTheTriggerIsRecorded() {
    JsonObject bus = request(new JsonObject().put("show_id", "rhoslc").put("max_images_per_person", 1))
        .await().body();
    JsonObject http = service.syncOk("rhoslc_twin");

    Map<String, Object> busRow = runRow(bus.getString("run_id"));
    assertThat(busRow.get("trigger")).isEqualTo("eventbus");
    assertThat(busRow.get("status")).isEqualTo(bus.getString("status"));
    assertThat(busRow.get("show_id")).isEqualTo("RHOSLC");
    assertThat(busRow.get("max_images_per_person")).isEqualTo(1);
    assertThat(bus.getInteger("max_images_per_person")).isEqualTo(1);
    assertThat(busRow.get("stages")).isEqualTo(bus.getJsonArray("stages").getList());
    assertThat(new JsonArray((String) busRow.get("people"))).isEqualTo(bus.getJsonArray("people"));
    JsonObject counts = new JsonObject((String) busRow.get("counts"));
    counts.forEach(entry -> assertThat(((Number) bus.getValue(entry.getKey())).longValue()).as(entry.getKey())
        .isEqualTo(((Number) entry.getValue()).longValue()));
    assertThat(counts.fieldNames()).contains("imported_facebank_images", "total_trr_cast", "import_errors");

    assertThat(runRow(http.getString("run_id")).get("trigger")).isEqualTo("http");
  }

  @Test
  void unknownShowIs404ShowNotFoundNamingTheShow() {
    assertFailure(new JsonObject().put("show_id", "nosuchshow"), 404, "show_not_found");
    ReplyException failure = failure(new JsonObject().put("show_id", "nosuchshow"));
    assertThat(failure).as("the failure carries its message").isInstanceOf(ErrorReply.class);
    assertThat(((ErrorReply) failure).text()).isEqualTo("no local show NOSUCHSHOW");
    assertHttpFailure("nosuchshow", null, 404, "show_not_found");
    assertThat(service.sync("nosuchshow", null).bodyAsJsonObject().getJsonObject("error").getString("message"))
        .isEqualTo("no local show NOSUCHSHOW");
  }

  @Test
  void unlinkedShowIs409ShowNotLinked() {
    HttpResponse<Buffer> created = service.post("/shows", new JsonObject().put("show_id", "unlinked").put("title", "U"));
    assertThat(created.statusCode()).isIn(200, 201);

    assertFailure(new JsonObject().put("show_id", "unlinked"), 409, "show_not_linked");
    assertHttpFailure("unlinked", null, 409, "show_not_linked");
  }

  @Test
  void maxImagesAsAStringIs422InvalidField() {
    assertFailure(new JsonObject().put("show_id", "rhoslc").put("max_images_per_person", "5"), 422, "invalid_field");
    assertHttpFailure("rhoslc", new JsonObject().put("max_images_per_person", "5"), 422, "invalid_field");
  }

  @Test
  void missingOrInvalidShowIdIs400InvalidShowId() {
    assertFailure(new JsonObject(), 400, "invalid_show_id");
    assertFailure(new JsonObject().putNull("show_id"), 400, "invalid_show_id");
    assertFailure(new JsonObject().put("show_id", "not a slug!"), 400, "invalid_show_id");
    assertFailure(new JsonObject().put("show_id", ""), 400, "invalid_show_id");
    assertFailure(new JsonObject().put("show_id", 42), 400, "invalid_show_id");
    assertFailure(new JsonObject().put("show_id", "x".repeat(65)), 400, "invalid_show_id");
  }

  @Test
  void aBodyThatIsNotAJsonObjectIs400() {
    for (Object body : List.of("rhoslc", new JsonArray().add("rhoslc"), 42)) {
      ReplyException failure = failure(body);
      assertThat(failure.failureCode()).as("body %s", body).isEqualTo(400);
      assertThat(failure.getMessage()).as("body %s", body).isEqualTo("invalid_json");
    }
    ReplyException nullBody = failure(null);
    assertThat(nullBody.failureCode()).as("null body").isEqualTo(400);
  }

  @Test
  void rejectedRequestsLeaveNoRunBehind() {
    failure(new JsonObject().put("show_id", "nosuchshow"));
    failure(new JsonObject().put("show_id", "rhoslc").put("max_images_per_person", "5"));
    failure("rhoslc");
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).isZero();
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** A TRR show with a seeded, a gallery-only and a photo-less person (4 images in all). */
  private UUID castOfThree(String tag) {
    UUID show = service.trr.show("Show " + tag);
    UUID seeded = service.trr.person("Seeded Person", "nm10000" + tag.hashCode());
    UUID gallery = service.trr.person("Gallery Person", null);
    UUID none = service.trr.person("Photoless Person", null);
    for (UUID person : List.of(seeded, gallery, none)) {
      service.trr.credit(show, person, "Self");
    }
    service.trr.seedPhoto(seeded, "https://cdn.example/" + tag + "/seed-1.jpg", 1);
    service.trr.seedPhoto(seeded, "https://cdn.example/" + tag + "/seed-2.jpg", 2);
    service.trr.galleryPhoto(gallery, "https://cdn.example/" + tag + "/g-1.jpg", 1);
    service.trr.galleryPhoto(gallery, "https://cdn.example/" + tag + "/g-2.jpg", 2);
    return show;
  }

  private EventBus bus() {
    return service.app().vertx().eventBus();
  }

  private Future<Message<JsonObject>> request(Object body) {
    return bus().request(ADDRESS, body);
  }

  private ReplyException failure(Object body) {
    AsyncResult<Message<JsonObject>> result = request(body)
        .<AsyncResult<Message<JsonObject>>>transform(Future::succeededFuture).await();
    assertThat(result.failed()).as("request %s must fail, got %s", body,
        result.succeeded() ? result.result().body() : null).isTrue();
    assertThat(result.cause()).isInstanceOf(ReplyException.class);
    ReplyException failure = (ReplyException) result.cause();
    assertThat(failure.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
    return failure;
  }

  private void assertFailure(JsonObject body, int status, String code) {
    ReplyException failure = failure(body);
    assertThat(failure.failureCode()).as("failure code for %s", body).isEqualTo(status);
    assertThat(failure.getMessage()).as("message for %s", body).isEqualTo(code);
  }

  private void assertHttpFailure(String showId, JsonObject body, int status, String code) {
    HttpResponse<Buffer> response = service.sync(showId, body);
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo(code);
  }

  private Map<String, Object> runRow(String runId) {
    List<Map<String, Object>> rows = service.db.query(
        "SELECT trigger, status, show_id, max_images_per_person, stages, counts, people FROM sync_run WHERE run_id = ?",
        UUID.fromString(runId));
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  /** The result without what necessarily differs between two shows; people ordered by name. */
  private static JsonObject comparable(JsonObject result) {
    JsonObject copy = result.copy();
    RUN_SPECIFIC.forEach(copy::remove);
    List<JsonObject> people = copy.getJsonArray("people").stream()
        .map(p -> ((JsonObject) p).copy())
        .peek(p -> PERSON_SPECIFIC.forEach(p::remove))
        .peek(p -> p.remove("imdb_id"))
        .sorted(Comparator.comparing(p -> p.getString("name")))
        .collect(Collectors.toList());
    copy.put("people", new JsonArray(List.copyOf(people)));
    if (copy.getJsonObject("changes") != null) {
      copy.put("changes", copy.getJsonObject("changes").getJsonObject("counts")); // its lists name each run's people
    }
    return copy;
  }
}
