package com.screenalytics.facebank.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** /shows, /shows/{id}/cast, /people/{id}/facebank and the JSON answers of routing errors. */
@ExtendWith(ServiceExtension.class)
class ShowsApiTest {

  private ServiceUnderTest service;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
  }

  // ---- shows ----------------------------------------------------------------------------------

  @Test
  void postShowCreatesThenUpdatesUnderTheNormalizedId() {
    UUID trrShow = UUID.randomUUID();
    HttpResponse<Buffer> created = service.post("/shows", new JsonObject()
        .put("show_id", " rhoslc ").put("title", "Salt Lake City").put("trr_show_id", trrShow.toString()));

    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject show = created.bodyAsJsonObject();
    assertThat(show.getString("show_id")).isEqualTo("RHOSLC");
    assertThat(show.getString("title")).isEqualTo("Salt Lake City");
    assertThat(show.getString("trr_show_id")).isEqualTo(trrShow.toString());

    HttpResponse<Buffer> updated = service.post("/shows", new JsonObject()
        .put("show_id", "RhoSlc").put("title", "RHOSLC, renamed").put("trr_show_id", trrShow.toString()));

    assertThat(updated.statusCode()).as(updated.bodyAsString()).isEqualTo(200);
    assertThat(updated.bodyAsJsonObject().getString("show_id")).isEqualTo("RHOSLC");
    assertThat(updated.bodyAsJsonObject().getString("title")).isEqualTo("RHOSLC, renamed");
    List<Map<String, Object>> rows = service.db.query("SELECT show_id, title, trr_show_id FROM show");
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).get("show_id")).isEqualTo("RHOSLC");
    assertThat(rows.get(0).get("title")).isEqualTo("RHOSLC, renamed");
    assertThat(rows.get(0).get("trr_show_id")).isEqualTo(trrShow);
  }

  @Test
  void titleIsRequiredAndTrrShowIdMustBeAUuid() {
    for (JsonObject body : List.of(
        new JsonObject().put("show_id", "rhoslc"),
        new JsonObject().put("show_id", "rhoslc").put("title", "   "),
        new JsonObject().put("show_id", "rhoslc").put("title", 42),
        new JsonObject().put("show_id", "rhoslc").put("title", "T").put("trr_show_id", "not-a-uuid"),
        new JsonObject().put("show_id", "rhoslc").put("title", "T").put("trr_show_id", 12345))) {
      HttpResponse<Buffer> response = service.post("/shows", body);
      assertError(response, 422, "invalid_field");
    }
    for (JsonObject body : List.of(
        new JsonObject().put("show_id", "bad id!").put("title", "T"),
        new JsonObject().put("show_id", "A".repeat(65)).put("title", "T"))) {
      assertError(service.post("/shows", body), 400, "invalid_show_id");
    }
    assertThat(service.db.count("SELECT count(*) FROM show")).isZero();
  }

  @Test
  void aTrrShowCanBeLinkedToOneLocalShowOnly() {
    UUID trrShow = UUID.randomUUID();
    service.linkedShow("rhoslc", trrShow);

    HttpResponse<Buffer> second = service.post("/shows", new JsonObject()
        .put("show_id", "rhoslc2").put("title", "Copy").put("trr_show_id", trrShow.toString()));
    assertError(second, 409, "trr_show_already_linked");
    assertThat(service.db.count("SELECT count(*) FROM show WHERE show_id = 'RHOSLC2'")).isZero();

    // Linking an existing show to a taken TRR show is refused too, and leaves its link alone.
    assertThat(service.post("/shows", new JsonObject().put("show_id", "rhobh").put("title", "BH")).statusCode())
        .isEqualTo(201);
    HttpResponse<Buffer> relink = service.post("/shows", new JsonObject()
        .put("show_id", "rhobh").put("title", "BH").put("trr_show_id", trrShow.toString()));
    assertError(relink, 409, "trr_show_already_linked");
    assertThat(service.db.query("SELECT trr_show_id FROM show WHERE show_id = 'RHOBH'").get(0).get("trr_show_id"))
        .isNull();
  }

  @Test
  void absentTrrShowIdKeepsTheLinkAndNullClearsIt() {
    UUID trrShow = UUID.randomUUID();
    service.linkedShow("rhoslc", trrShow);

    HttpResponse<Buffer> kept = service.post("/shows", new JsonObject().put("show_id", "rhoslc").put("title", "New"));
    assertThat(kept.statusCode()).isEqualTo(200);
    assertThat(kept.bodyAsJsonObject().getString("trr_show_id")).isEqualTo(trrShow.toString());
    assertThat(service.get("/shows/rhoslc").bodyAsJsonObject().getString("trr_show_id")).isEqualTo(trrShow.toString());

    HttpResponse<Buffer> cleared = service.post("/shows", new JsonObject()
        .put("show_id", "rhoslc").put("title", "New").putNull("trr_show_id"));
    assertThat(cleared.statusCode()).isEqualTo(200);
    assertThat(cleared.bodyAsJsonObject().getValue("trr_show_id")).isNull();
    assertThat(service.db.query("SELECT trr_show_id FROM show").get(0).get("trr_show_id")).isNull();

    // Once cleared, the TRR show is free for another local show.
    HttpResponse<Buffer> other = service.post("/shows", new JsonObject()
        .put("show_id", "other").put("title", "Other").put("trr_show_id", trrShow.toString()));
    assertThat(other.statusCode()).as(other.bodyAsString()).isEqualTo(201);
  }

  @Test
  void getShowsListsAndGetShowFindsOneOr404() {
    UUID trrShow = UUID.randomUUID();
    service.linkedShow("rhoslc", trrShow);
    service.post("/shows", new JsonObject().put("show_id", "bravo").put("title", "Bravo"));

    HttpResponse<Buffer> list = service.get("/shows");
    assertThat(list.statusCode()).isEqualTo(200);
    JsonArray shows = list.bodyAsJsonArray();
    assertThat(shows).hasSize(2);
    assertThat(shows.stream().map(s -> ((JsonObject) s).getString("show_id"))).containsExactly("BRAVO", "RHOSLC");

    HttpResponse<Buffer> one = service.get("/shows/rhoslc");
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.bodyAsJsonObject().getString("show_id")).isEqualTo("RHOSLC");
    assertThat(one.bodyAsJsonObject().getString("trr_show_id")).isEqualTo(trrShow.toString());

    assertError(service.get("/shows/unknown"), 404, "show_not_found");
    assertError(service.get("/shows/bad%21id"), 400, "invalid_show_id");
  }

  // ---- cast -----------------------------------------------------------------------------------

  @Test
  void castMembersAreCreatedWithDefaultsAndListed() {
    service.post("/shows", new JsonObject().put("show_id", "rhoslc").put("title", "RHOSLC"));

    HttpResponse<Buffer> first = service.post("/shows/rhoslc/cast", new JsonObject().put("name", "Lisa"));
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    JsonObject lisa = first.bodyAsJsonObject();
    assertThat(lisa.getString("show_id")).isEqualTo("RHOSLC");
    assertThat(lisa.getString("name")).isEqualTo("Lisa");
    assertThat(lisa.getString("role")).isEqualTo("other");
    assertThat(lisa.getString("status")).isEqualTo("active");
    assertThat(lisa.getJsonArray("aliases")).isEmpty();
    assertThat(UUID.fromString(lisa.getString("cast_id"))).isNotNull();
    assertThat(lisa.getValue("trr_person_id")).isNull();

    HttpResponse<Buffer> second = service.post("/shows/RHOSLC/cast", new JsonObject()
        .put("name", "Meredith").put("full_name", "Meredith Marks").put("aliases", new JsonArray().add("Mere"))
        .put("imdb_id", "nm0000002").put("role", "main").put("status", "past"));
    assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(201);
    JsonObject meredith = second.bodyAsJsonObject();
    assertThat(meredith.getString("full_name")).isEqualTo("Meredith Marks");
    assertThat(meredith.getJsonArray("aliases").getList()).containsExactly("Mere");
    assertThat(meredith.getString("imdb_id")).isEqualTo("nm0000002");
    assertThat(meredith.getString("role")).isEqualTo("main");
    assertThat(meredith.getString("status")).isEqualTo("past");

    HttpResponse<Buffer> list = service.get("/shows/rhoslc/cast");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.bodyAsJsonArray().stream().map(m -> ((JsonObject) m).getString("name")))
        .containsExactly("Lisa", "Meredith");
    List<Map<String, Object>> rows = service.db.query("SELECT role, status FROM cast_member ORDER BY name");
    assertThat(rows).extracting(r -> r.get("role")).containsExactly("other", "main");
    assertThat(rows).extracting(r -> r.get("status")).containsExactly("active", "past");
  }

  @Test
  void invalidCastMembersAre422AndUnknownShowIs404() {
    service.post("/shows", new JsonObject().put("show_id", "rhoslc").put("title", "RHOSLC"));

    for (JsonObject body : List.of(
        new JsonObject(),
        new JsonObject().put("name", "  "),
        new JsonObject().put("name", 3),
        new JsonObject().put("name", "Lisa").put("role", "star"),
        new JsonObject().put("name", "Lisa").put("status", "retired"),
        new JsonObject().put("name", "Lisa").put("aliases", "Lis"),
        new JsonObject().put("name", "Lisa").put("aliases", new JsonArray().add(1)))) {
      assertError(service.post("/shows/rhoslc/cast", body), 422, "invalid_field");
    }
    assertThat(service.db.count("SELECT count(*) FROM cast_member")).isZero();

    assertError(service.post("/shows/unknown/cast", new JsonObject().put("name", "Lisa")), 404, "show_not_found");
    assertError(service.get("/shows/unknown/cast"), 404, "show_not_found");
    assertThat(service.db.count("SELECT count(*) FROM cast_member")).isZero();
  }

  // ---- bodies and routing ---------------------------------------------------------------------

  @Test
  void nonJsonBodiesAre400() {
    service.post("/shows", new JsonObject().put("show_id", "rhoslc").put("title", "RHOSLC"));
    for (String path : List.of("/shows", "/shows/rhoslc/cast")) {
      for (String raw : List.of("not json", "[1]", "", "null")) {
        HttpResponse<Buffer> response = service.postRaw(path, raw);
        assertThat(response.statusCode()).as("%s with '%s': %s", path, raw, response.bodyAsString()).isEqualTo(400);
        assertThat(errorCode(response)).isEqualTo("invalid_json");
      }
    }
  }

  @Test
  void aBodyOver64KiBIs413WithAJsonError() {
    String big = new JsonObject().put("show_id", "rhoslc").put("title", "x".repeat(70 * 1024)).encode();
    HttpResponse<Buffer> response = service.postRaw("/shows", big);

    assertError(response, 413, "body_too_large");
    assertThat(service.db.count("SELECT count(*) FROM show")).isZero();

    // Just under the limit is read (and then refused for its own reason).
    String justUnder = new JsonObject().put("show_id", "rhoslc").put("title", "x".repeat(60 * 1024)).encode();
    assertError(service.postRaw("/shows", justUnder), 422, "invalid_field");
  }

  @Test
  void wrongMethodIs405AndUnknownPathIs404InJson() {
    HttpResponse<Buffer> delete = service.admin(HttpMethod.DELETE, "/shows").send().await();
    assertError(delete, 405, "method_not_allowed");

    HttpResponse<Buffer> put = service.admin(HttpMethod.PUT, "/shows/rhoslc/sync_facebank_seeds").send().await();
    assertError(put, 405, "method_not_allowed");

    HttpResponse<Buffer> unknown = service.request(HttpMethod.GET, "/no/such/path").send().await();
    assertError(unknown, 404, "not_found");

    HttpResponse<Buffer> unknownAdmin = service.get("/shows/rhoslc/nothing-here");
    assertError(unknownAdmin, 404, "not_found");
  }

  // ---- people ---------------------------------------------------------------------------------

  @Test
  void personFaceBankIs400ForABadIdAnd404ForAnUnknownOne() {
    assertError(service.get("/people/not-a-uuid/facebank"), 400, "invalid_id");
    assertError(service.get("/people/" + UUID.randomUUID() + "/facebank"), 404, "person_not_found");
  }

  @Test
  void personFaceBankListsTheImportedRowsAfterASync() {
    UUID show = service.trr.show("The Real Housewives of Salt Lake City");
    UUID person = service.trr.person("Lisa Barlow", "nm0000001");
    service.trr.credit(show, person, "Self");
    service.trr.seedPhoto(person, "https://cdn.example/lisa/seed-1.jpg", 1);
    service.trr.seedPhoto(person, "https://cdn.example/lisa/seed-2.jpg", 2);
    service.linkedShow("rhoslc", show);
    JsonObject sync = service.syncOk("rhoslc");

    HttpResponse<Buffer> response = service.get("/people/" + person + "/facebank");

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("person_id")).isEqualTo(person.toString());
    assertThat(body.getString("display_name")).isEqualTo("Lisa Barlow");
    JsonArray images = body.getJsonArray("images");
    assertThat(images).hasSize(2);
    assertThat(images.stream().map(i -> ((JsonObject) i).getString("s3_original_key")))
        .containsExactlyInAnyOrder("https://cdn.example/lisa/seed-1.jpg", "https://cdn.example/lisa/seed-2.jpg");
    assertThat(images).allSatisfy(i -> {
      JsonObject image = (JsonObject) i;
      assertThat(image.getBoolean("is_seed")).isTrue();
      assertThat(image.getBoolean("approved")).isFalse();
      assertThat(image.getString("person_id")).isEqualTo(person.toString());
      assertThat(image.getString("run_id")).isEqualTo(sync.getString("run_id"));
    });
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static void assertError(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).as("Content-Type").startsWith("application/json");
    assertThat(errorCode(response)).isEqualTo(code);
  }

  private static String errorCode(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }
}
