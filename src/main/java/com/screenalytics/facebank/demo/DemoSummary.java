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
    JsonObject error = result.getJsonObject("error");
    if (error != null) {
      lines.add("  error: " + error.getString("code") + ": " + error.getString("message"));
    }
    return lines;
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
