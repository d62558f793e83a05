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
 * {@code dryRun}, {@code retryOf} and {@code trrPersonIds} (null: the whole cast) say what kind of
 * run it was; {@code trrCast} (null in a summary, or when the run never resolved the cast) and
 * {@code changes} are what comparing runs reads.
 */
public record SyncRunRow(UUID runId, String showId, UUID trrShowId, String trigger, String status,
                         int maxImagesPerPerson, List<String> stages, Instant startedAt, Instant finishedAt,
                         JsonObject counts, JsonArray people, JsonObject error, String idempotencyKey,
                         boolean cancelRequested, String triggeredBy, boolean dryRun, UUID retryOf,
                         List<UUID> trrPersonIds, JsonArray trrCast, JsonObject changes) {

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
        row.getString("triggered_by"),
        row.getBoolean("dry_run"),
        row.getUUID("retry_of"),
        row.getArrayOfUUIDs("trr_person_ids") == null ? null : List.of(row.getArrayOfUUIDs("trr_person_ids")),
        row.getColumnIndex("trr_cast") >= 0 ? (JsonArray) row.getValue("trr_cast") : null,
        row.getColumnIndex("changes") >= 0 ? (JsonObject) row.getValue("changes") : null);
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
