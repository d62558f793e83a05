package com.screenalytics.facebank.operate;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16: each run's result carries "changes" against the show's previous finished real run —
 * TRR people added to the cast, removed from it (reported, never deleted), rematched — and
 * GET /sync_runs/{id}/changes?against= compares any two runs of one show.
 */
@ExtendWith(ServiceExtension.class)
class ChangesTest {

  private static final String SHOW = "CHANGES";

  private ServiceUnderTest service;
  private UUID trrShow;

  @BeforeEach
  void setUp(ServiceUnderTest service) {
    this.service = service;
    trrShow = service.trr.show("Changing Tides");
    service.linkedShow(SHOW, trrShow);
  }

  @Test
  void aTrrCastEditListsExactlyThePersonAddedThePersonRemovedAndThePersonRecredited() {
    UUID stays = service.trr.selfCredited(trrShow, "Stella Stays");
    UUID leaves = service.trr.selfCredited(trrShow, "Lena Leaves");
    // Two local members share the alias she is credited under: ambiguous, so nobody is linked.
    UUID recredited = service.trr.selfCredited(trrShow, "Coco");
    service.addCast(SHOW, new JsonObject().put("name", "Colette Marsh").put("aliases", new JsonArray().add("Coco")));
    String corinne = service.addCast(SHOW, new JsonObject().put("name", "Corinne Dale")
        .put("aliases", new JsonArray().add("Coco"))).getString("cast_id");
    JsonObject first = service.syncOk(SHOW);
    assertThat(first.getJsonObject("changes").getJsonArray("added")).as("a first run: everyone is new").hasSize(3);
    assertThat(first.getJsonObject("changes").getValue("against_run_id")).isNull();

    // The TRR cast is edited: a newcomer, a credit gone, and Coco re-credited under her full name.
    UUID newcomer = service.trr.selfCredited(trrShow, "Nadia New");
    service.trr.db().execute("DELETE FROM core.credits WHERE person_id = '" + leaves + "'");
    service.trr.db().execute("UPDATE core.people SET full_name = 'Corinne Dale' WHERE id = '" + recredited + "'");
    JsonObject dry = service.admin(HttpMethod.POST, "/shows/" + SHOW + "/sync_facebank_seeds?dry_run=true").send()
        .await().bodyAsJsonObject();
    JsonObject second = service.syncOk(SHOW);

    for (JsonObject result : List.of(dry, second)) {
      JsonObject changes = result.getJsonObject("changes");
      assertThat(changes.getString("against_run_id")).as("against the previous real run, not the dry run")
          .isEqualTo(first.getString("run_id"));
      assertThat(ids(changes.getJsonArray("added"))).containsExactly(newcomer.toString());
      assertThat(ids(changes.getJsonArray("removed"))).containsExactly(leaves.toString());
      assertThat(ids(changes.getJsonArray("rematched"))).containsExactly(recredited.toString());
      assertThat(changes.getJsonObject("counts")).isEqualTo(new JsonObject().put("added", 1).put("removed", 1)
          .put("rematched", 1));
    }
    JsonObject rematched = second.getJsonObject("changes").getJsonArray("rematched").getJsonObject(0);
    assertThat(rematched.getJsonObject("before")).isEqualTo(new JsonObject().putNull("match").putNull("cast_id"));
    assertThat(rematched.getJsonObject("after")).isEqualTo(new JsonObject().put("match", "name").put("cast_id", corinne));
    assertThat(second.getJsonObject("changes").getJsonArray("removed").getJsonObject(0).getString("name"))
        .isEqualTo("Lena Leaves");
    assertThat(service.db.count("SELECT count(*) FROM cast_member WHERE trr_person_id = ?", leaves))
        .as("a person removed upstream is reported, never deleted here").isEqualTo(1);
    assertThat(ids(second.getJsonObject("changes").getJsonArray("rematched"))).doesNotContain(stays.toString());

    // The same, asked afterwards; and any two runs of the show, either way round.
    String secondId = second.getString("run_id");
    String firstId = first.getString("run_id");
    JsonObject own = service.get("/sync_runs/" + secondId + "/changes").bodyAsJsonObject();
    assertThat(own.getJsonObject("counts")).isEqualTo(second.getJsonObject("changes").getJsonObject("counts"));
    assertThat(service.get("/sync_runs/" + secondId).bodyAsJsonObject().getJsonObject("changes"))
        .isEqualTo(second.getJsonObject("changes"));
    JsonObject backwards = service.get("/sync_runs/" + firstId + "/changes?against=" + secondId).bodyAsJsonObject();
    assertThat(backwards.getString("against_run_id")).isEqualTo(secondId);
    assertThat(ids(backwards.getJsonArray("added"))).containsExactly(leaves.toString());
    assertThat(ids(backwards.getJsonArray("removed"))).containsExactly(newcomer.toString());
    JsonObject viaBus = service.app().vertx().eventBus().<JsonObject>request(Addresses.RUN_CHANGES,
        new JsonObject().put("run_id", secondId).put("against", firstId)).await().body();
    assertThat(viaBus.getJsonObject("counts")).isEqualTo(new JsonObject().put("added", 1).put("removed", 1)
        .put("rematched", 1));

    JsonObject third = service.syncOk(SHOW);
    assertThat(third.getJsonObject("changes").getJsonObject("counts")).as("nothing changed since")
        .isEqualTo(new JsonObject().put("added", 0).put("removed", 0).put("rematched", 0));
  }

  @Test
  void runsOfTwoShowsAreNotComparableAndUnknownRunsAre404() {
    service.trr.selfCredited(trrShow, "Solo Person");
    String here = service.syncOk(SHOW).getString("run_id");
    UUID otherShow = service.trr.show("Elsewhere");
    service.trr.selfCredited(otherShow, "Else Person");
    service.linkedShow("OTHER", otherShow);
    String there = service.syncOk("OTHER").getString("run_id");

    HttpResponse<Buffer> mixed = service.get("/sync_runs/" + here + "/changes?against=" + there);
    assertThat(mixed.statusCode()).isEqualTo(422);
    assertThat(mixed.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("runs_not_comparable");
    for (String path : List.of("/sync_runs/" + UUID.randomUUID() + "/changes",
        "/sync_runs/" + here + "/changes?against=" + UUID.randomUUID())) {
      HttpResponse<Buffer> unknown = service.get(path);
      assertThat(unknown.statusCode()).as(path).isEqualTo(404);
      assertThat(unknown.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("run_not_found");
    }
    assertThat(service.get("/sync_runs/" + here + "/changes?against=nope").statusCode()).isEqualTo(400);
  }

  private static List<String> ids(JsonArray people) {
    return people.stream().map(p -> ((JsonObject) p).getString("trr_person_id")).toList();
  }
}
