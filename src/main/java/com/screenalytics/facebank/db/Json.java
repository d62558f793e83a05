package com.screenalytics.facebank.db;

import io.vertx.core.json.JsonArray;
import java.util.List;

/** Small helpers for turning column values into response JSON. */
final class Json {

  private Json() {
  }

  static String string(Object value) {
    return value == null ? null : value.toString();
  }

  static JsonArray array(String[] values) {
    return values == null ? new JsonArray() : new JsonArray(List.of(values));
  }
}
