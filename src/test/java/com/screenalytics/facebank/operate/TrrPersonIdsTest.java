package com.screenalytics.facebank.operate;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.testsupport.PhotosServer.Call;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 16: "trr_person_ids" in the trigger's body syncs only those people of the show. */
@ExtendWith(ServiceExtension.class)
class TrrPersonIdsTest {

  private ServiceUnderTest service;
  private List<UUID> people;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
    people = service.seededShow("ONLY", 4);
  }

  @Test
  void aRunLimitedToSomePeopleSyncsThemAndNobodyElse() {
    List<UUID> chosen = List.of(people.get(1), people.get(3));

    HttpResponse<Buffer> response = service.sync("ONLY", new JsonObject().put("trr_person_ids",
        new JsonArray().add(chosen.get(0).toString()).add(chosen.get(1).toString()).add(chosen.get(0).toString())));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("ok");
    assertThat(body.getJsonArray("trr_person_ids").getList()).as("a repeat counts once")
        .containsExactly(chosen.get(0).toString(), chosen.get(1).toString());
    assertThat(body.getJsonArray("people")).extracting(p -> ((JsonObject) p).getString("trr_person_id"))
        .containsExactly(chosen.get(0).toString(), chosen.get(1).toString());
    assertThat(body.getLong("imported_facebank_images")).isEqualTo(2);
    assertThat(service.photos.calls()).extracting(Call::personId).as("only the chosen were asked for photos")
        .containsOnly(chosen.get(0).toString(), chosen.get(1).toString());
    assertThat(service.db.query("SELECT trr_person_id FROM cast_member WHERE show_id = 'ONLY'"))
        .extracting(row -> row.get("trr_person_id")).containsExactlyInAnyOrderElementsOf(chosen);
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).isEqualTo(2);
    JsonObject recorded = service.get("/sync_runs/" + body.getString("run_id")).bodyAsJsonObject();
    assertThat(recorded.getJsonArray("trr_person_ids").getList())
        .containsExactly(chosen.get(0).toString(), chosen.get(1).toString());
  }

  @Test
  void anIdOutsideTheShowsTrrCastIs422NamingItAndNothingIsWritten() {
    UUID stranger = UUID.randomUUID();

    HttpResponse<Buffer> response = service.sync("ONLY", new JsonObject().put("trr_person_ids",
        new JsonArray().add(people.get(0).toString()).add(stranger.toString())));

    assertThat(response.statusCode()).isEqualTo(422);
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("trr_person_not_in_cast");
    assertThat(error.getString("message")).contains(stranger.toString()).doesNotContain(people.get(0).toString());
    assertThat(service.photos.calls()).isEmpty();
    assertThat(service.db.count("SELECT count(*) FROM cast_member")).isZero();
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).isZero();
  }

  @Test
  void trrPersonIdsMustBeANonEmptyArrayOfUuids() {
    for (Object bad : List.<Object>of(new JsonArray(), "x", new JsonArray().add("not-a-uuid"), new JsonArray().add(3))) {
      HttpResponse<Buffer> response = service.sync("ONLY", new JsonObject().put("trr_person_ids", bad));
      assertThat(response.statusCode()).as("trr_person_ids %s", bad).isEqualTo(422);
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("invalid_field");
    }
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).isZero();
  }
}
