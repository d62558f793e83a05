package com.screenalytics.facebank.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Reading a sync result body the way the assertions need it. */
public final class SyncResults {

  private SyncResults() {
  }

  /** people[] in order. */
  public static List<JsonObject> people(JsonObject body) {
    return body.getJsonArray("people").stream().map(JsonObject.class::cast).toList();
  }

  /** people[] by name (names are unique in the bodies the tests build). */
  public static Map<String, JsonObject> byName(JsonObject body) {
    return people(body).stream().collect(Collectors.toMap(p -> p.getString("name"), p -> p));
  }

  /** The one people[] entry of a TRR person; fails when there is none or more than one. */
  public static JsonObject person(JsonObject body, UUID trrPersonId) {
    List<JsonObject> matches = people(body).stream()
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
