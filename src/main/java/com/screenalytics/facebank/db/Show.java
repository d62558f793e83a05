package com.screenalytics.facebank.db;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A local show, optionally linked to a TRR show. */
public record Show(String showId, String title, UUID trrShowId, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

  static Show from(Row row) {
    return new Show(row.getString("show_id"), row.getString("title"), row.getUUID("trr_show_id"),
        row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("show_id", showId)
        .put("title", title)
        .put("trr_show_id", Json.string(trrShowId))
        .put("created_at", Json.string(createdAt))
        .put("updated_at", Json.string(updatedAt));
  }
}
