package com.screenalytics.facebank.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/** Reading a sync result body the way the assertions need it. */
public final class SyncResults {

  private SyncResults() {
  }

  /** The one people[] entry of a TRR person; fails when there is none or more than one. */
  public static JsonObject person(JsonObject body, UUID trrPersonId) {
    List<JsonObject> matches = body.getJsonArray("people").stream().map(JsonObject.class::cast)
        .filter(p -> trrPersonId.toString().equals(p.getString("trr_person_id")))
        .toList();
    assertThat(matches).as("people[] entries for %s in %s", trrPersonId, body.encodePrettily()).hasSize(1);
    return matches.get(0);
  }

  /** "key rule" for each entry of a person's duplicates[], in order. */
  public static List<String> duplicates(JsonObject person) {
    return person.getJsonArray("duplicates").stream().map(JsonObject.class::cast)
        .map(d -> d.getString("s3_original_key") + " " + d.getString("rule"))
        .toList();
  }
}
