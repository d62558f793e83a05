package com.screenalytics.facebank.db;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One sync_run row. {@code people} is null when the row was read as a summary (history);
 * {@code counts} holds the result's count fields once the run has finished. {@code trigger} is the
 * channel (http, cli, eventbus), {@code triggeredBy} who: an operator's name, api, cli or bus.
 */
public record SyncRunRow(UUID runId, String showId, UUID trrShowId, String trigger, String status,
                         int maxImagesPerPerson, List<String> stages, Instant startedAt, Instant finishedAt,
                         JsonObject counts, JsonArray people, JsonObject error, String idempotencyKey,
                         boolean cancelRequested, String triggeredBy) {

  public boolean running() {
    return "running".equals(status);
  }

  /**
   * Whether the run recorded its result (people, counts) in the row. A run still going has not
   * yet, and one a dead process left ("interrupted") never will: their story is in their events.
   */
  public boolean resultRecorded() {
    return !running() && !"interrupted".equals(status);
  }

  static SyncRunRow from(Row row) {
    boolean withPeople = row.getColumnIndex("people") >= 0;
    return new SyncRunRow(
        row.getUUID("run_id"),
        row.getString("show_id"),
        row.getUUID("trr_show_id"),
        row.getString("trigger"),
        row.getString("status"),
        row.getInteger("max_images_per_person"),
        List.of(row.getArrayOfStrings("stages")),
        instant(row.getOffsetDateTime("started_at")),
        instant(row.getOffsetDateTime("finished_at")),
        (JsonObject) row.getValue("counts"),
        withPeople ? (JsonArray) row.getValue("people") : null,
        (JsonObject) row.getValue("error"),
        row.getString("idempotency_key"),
        row.getBoolean("cancel_requested"),
        row.getString("triggered_by"));
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
