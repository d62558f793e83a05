package com.screenalytics.facebank.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The demo's readable account of a sync answer: one line per person, then the totals. */
final class DemoSummary {

  private static final String[] HEADERS = {"PERSON", "MATCHED BY", "PHOTOS FROM", "IMPORTED", "DUPLICATES", "STATUS"};

  private DemoSummary() {
  }

  static List<String> lines(String request, int httpStatus, JsonObject result, Duration took) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "%s -> HTTP %d, status %s (%.1f s)", request, httpStatus,
        result.getString("status"), took.toMillis() / 1000.0));
    List<JsonObject> people = result.getJsonArray("people", new JsonArray()).stream()
        .map(JsonObject.class::cast).toList();
    int nameWidth = Math.max(HEADERS[0].length(), people.stream().mapToInt(p -> p.getString("name", "").length())
        .max().orElse(0));
    String format = "  %-" + nameWidth + "s  %-13s  %-11s  %8s  %10s  %s";
    lines.add(String.format(Locale.ROOT, format, (Object[]) HEADERS).stripTrailing());
    for (JsonObject person : people) {
      lines.add(String.format(Locale.ROOT, format, person.getString("name"), orDash(person.getString("match")),
          orDash(person.getString("photo_source")), person.getInteger("imported_images", 0),
          person.getInteger("skipped_duplicates", 0), status(person)));
    }
    lines.add(String.format(Locale.ROOT,
        "  total: %d TRR cast (%d matched, %d created), %d images imported for %d people, %d duplicates skipped,"
            + " %d errors",
        result.getInteger("total_trr_cast", 0), result.getInteger("matched_cast", 0),
        result.getInteger("created_cast", 0), result.getInteger("imported_facebank_images", 0),
        result.getInteger("imported_facebank_people", 0), result.getInteger("skipped_duplicate_images", 0),
        result.getInteger("import_errors", 0)));
    lines.addAll(byContent(people));
    JsonObject error = result.getJsonObject("error");
    if (error != null) {
      lines.add("  error: " + error.getString("code") + ": " + error.getString("message"));
    }
    return lines;
  }

  /** The Day-1 rules; the others (mirror's same_content, near_duplicate, …) are listed under the table. */
  private static final List<String> KEY_RULES = List.of("existing_s3_original_key", "existing_media_asset_id",
      "repeated_in_batch", "unique_index");

  /**
   * What later stages decided, photo by photo: the duplicates found by content (mirror) and the
   * photos a stage dropped, each with the file name of its URL. Empty when they did not run.
   */
  private static List<String> byContent(List<JsonObject> people) {
    List<String> lines = new ArrayList<>();
    for (JsonObject person : people) {
      for (Object entry : person.getJsonArray("duplicates", new JsonArray())) {
        JsonObject duplicate = (JsonObject) entry;
        if (!KEY_RULES.contains(duplicate.getString("rule"))) {
          lines.add(String.format(Locale.ROOT, "  %s: %s is a duplicate, %s: %s", person.getString("name"),
              file(duplicate.getString("s3_original_key")), duplicate.getString("rule"),
              shortened(duplicate.getString("detail"))));
        }
      }
      for (Object entry : person.getJsonArray("dropped", new JsonArray())) {
        JsonObject dropped = (JsonObject) entry;
        lines.add(String.format(Locale.ROOT, "  %s: %s dropped by %s, %s: %s", person.getString("name"),
            file(dropped.getString("s3_original_key")), dropped.getString("stage"), dropped.getString("reason"),
            shortened(dropped.getString("detail"))));
      }
    }
    if (!lines.isEmpty()) {
      lines.add(0, "  photos left out by the later stages:");
    }
    return lines;
  }

  /** A URL's last path segment (the file name), the rest elided. */
  private static String file(String url) {
    if (url == null) {
      return "-";
    }
    int slash = url.lastIndexOf('/');
    return slash < 0 || slash == url.length() - 1 ? url : "…/" + url.substring(slash + 1);
  }

  /** A detail with every URL in it shortened to its file name. */
  private static String shortened(String detail) {
    return detail == null ? "-" : detail.replaceAll("https?://\\S+/(\\S+)", "…/$1");
  }

  private static String status(JsonObject person) {
    JsonObject error = person.getJsonObject("error");
    return error == null ? person.getString("status", "-")
        : "error " + error.getString("code") + ": " + error.getString("message");
  }

  private static String orDash(String value) {
    return value == null ? "-" : value;
  }
}
