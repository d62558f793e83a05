package com.screenalytics.facebank.trr;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * One row of the photos API. Every field is optional; a field of the wrong type reads as absent,
 * and fields this client does not know are ignored.
 */
public record TrrPhoto(String servedUrl, String hostedKey, UUID mediaAssetId, String sourceUrl, String kind,
                       Integer width, Integer height, Boolean isPrimary, Boolean facebankSeed) {

  static TrrPhoto from(JsonObject row) {
    return new TrrPhoto(text(row, "served_url"), text(row, "hosted_key"), uuid(row, "media_asset_id"),
        text(row, "source_url"), text(row, "kind"), integer(row, "width"), integer(row, "height"),
        bool(row, "is_primary"), bool(row, "facebank_seed"));
  }

  private static String text(JsonObject row, String field) {
    return row.getValue(field) instanceof String s ? s : null;
  }

  private static Integer integer(JsonObject row, String field) {
    return row.getValue(field) instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE ? n.intValue() : null;
  }

  private static Boolean bool(JsonObject row, String field) {
    return row.getValue(field) instanceof Boolean b ? b : null;
  }

  private static UUID uuid(JsonObject row, String field) {
    if (!(row.getValue(field) instanceof String s)) {
      return null;
    }
    try {
      return UUID.fromString(s.trim());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
