package com.screenalytics.facebank.pipeline;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The contents of {@code stages/<name>.json}, after config and environment overrides. */
public record StageDescriptor(String name, Scope scope, int order, boolean enabled, JsonObject options,
                              List<String> requires) {

  public enum Scope { SHOW, PERSON }

  static StageDescriptor parse(String source, JsonObject json) {
    try {
      String name = json.getString("name");
      if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
        throw new IllegalArgumentException("\"name\" must be lower-case letters, digits and '-'");
      }
      Scope scope = Scope.valueOf(json.getString("scope", "").toUpperCase(Locale.ROOT));
      Integer order = json.getInteger("order");
      if (order == null) {
        throw new IllegalArgumentException("\"order\" is required");
      }
      List<String> requires = new ArrayList<>();
      for (Object required : json.getJsonArray("requires", new JsonArray())) {
        requires.add((String) required);
      }
      return new StageDescriptor(name, scope, order, json.getBoolean("enabled", true),
          json.getJsonObject("options", new JsonObject()), List.copyOf(requires));
    } catch (RuntimeException e) {
      throw new StageConfigException("stage descriptor " + source + " is invalid: " + e.getMessage());
    }
  }

  StageDescriptor withEnabled(boolean value) {
    return new StageDescriptor(name, scope, order, value, options, requires);
  }

  StageDescriptor withOptions(JsonObject value) {
    return new StageDescriptor(name, scope, order, enabled, value, requires);
  }
}
