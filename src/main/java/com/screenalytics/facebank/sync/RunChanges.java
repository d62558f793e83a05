package com.screenalytics.facebank.sync;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What changed in a show's TRR cast between two runs, from the casts they recorded (trr_cast):
 * TRR people {@code added} to the cast, {@code removed} from it (credited before, not now:
 * reported, never deleted here) and {@code rematched} (the cast member, or the match level,
 * changed), with counts. Each list is in the cast order of the run it names people from.
 *
 * <p>A person matched by {@code trr_person_id} to the member they had is not rematched: that is
 * the link an earlier run wrote, whatever level decided it then. A member "created" only on paper
 * (a dry run, a person not written) has no cast_id: two such entries are the same when both are
 * "created".
 */
final class RunChanges {

  private RunChanges() {
  }

  /** Changes from {@code before} (run {@code againstRunId}; null: there is none) to {@code after}. */
  static JsonObject between(UUID againstRunId, JsonArray before, JsonArray after) {
    Map<String, JsonObject> old = byPerson(before == null ? new JsonArray() : before);
    Map<String, JsonObject> now = byPerson(after);
    JsonArray added = new JsonArray();
    JsonArray removed = new JsonArray();
    JsonArray rematched = new JsonArray();
    now.forEach((id, entry) -> {
      JsonObject was = old.get(id);
      if (was == null) {
        added.add(person(entry));
      } else if (rematched(was, entry)) {
        rematched.add(person(entry).put("before", match(was)).put("after", match(entry)));
      }
    });
    old.forEach((id, entry) -> {
      if (!now.containsKey(id)) {
        removed.add(person(entry).put("cast_id", entry.getString("cast_id")));
      }
    });
    return new JsonObject()
        .put("against_run_id", againstRunId == null ? null : againstRunId.toString())
        .put("added", added)
        .put("removed", removed)
        .put("rematched", rematched)
        .put("counts", new JsonObject().put("added", added.size()).put("removed", removed.size())
            .put("rematched", rematched.size()));
  }

  static boolean rematched(JsonObject was, JsonObject now) {
    String before = was.getString("match");
    String after = now.getString("match");
    if (before == null || after == null) {
      return !Objects.equals(before, after); // a match gained or lost (ambiguous on one side)
    }
    String castBefore = was.getString("cast_id");
    String castAfter = now.getString("cast_id");
    if (castBefore == null || castAfter == null) {
      return !before.equals(after); // a member created on paper: only the level tells
    }
    if (!castBefore.equals(castAfter)) {
      return true;
    }
    return !before.equals(after) && !"trr_person_id".equals(after);
  }

  private static Map<String, JsonObject> byPerson(JsonArray cast) {
    Map<String, JsonObject> map = new LinkedHashMap<>();
    for (Object entry : cast) {
      JsonObject person = (JsonObject) entry;
      map.put(person.getString("trr_person_id"), person);
    }
    return map;
  }

  private static JsonObject person(JsonObject entry) {
    return new JsonObject().put("trr_person_id", entry.getString("trr_person_id")).put("name", entry.getString("name"));
  }

  private static JsonObject match(JsonObject entry) {
    return new JsonObject().put("match", entry.getString("match")).put("cast_id", entry.getString("cast_id"));
  }
}
