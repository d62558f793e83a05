package com.screenalytics.facebank.db;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A local cast member of one show. */
public record CastMember(UUID castId, String showId, String name, String fullName, String role, String status,
                         List<String> aliases, String imdbId, UUID trrPersonId, UUID personId,
                         OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  public static final List<String> ROLES = List.of("main", "friend", "guest", "other");
  public static final List<String> STATUSES = List.of("active", "past", "inactive");

  static CastMember from(Row row) {
    String[] aliases = row.getArrayOfStrings("aliases");
    return new CastMember(row.getUUID("cast_id"), row.getString("show_id"), row.getString("name"),
        row.getString("full_name"), row.getString("role"), row.getString("status"),
        aliases == null ? List.of() : List.of(aliases), row.getString("imdb_id"),
        row.getUUID("trr_person_id"), row.getUUID("person_id"),
        row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
  }

  /** The same member, now linked to a TRR person (person_id follows trr_person_id). */
  public CastMember linkedTo(UUID trrPerson) {
    return new CastMember(castId, showId, name, fullName, role, status, aliases, imdbId, trrPerson, trrPerson,
        createdAt, updatedAt);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("cast_id", Json.string(castId))
        .put("show_id", showId)
        .put("name", name)
        .put("full_name", fullName)
        .put("role", role)
        .put("status", status)
        .put("aliases", aliases)
        .put("imdb_id", imdbId)
        .put("trr_person_id", Json.string(trrPersonId))
        .put("person_id", Json.string(personId))
        .put("created_at", Json.string(createdAt))
        .put("updated_at", Json.string(updatedAt));
  }
}
