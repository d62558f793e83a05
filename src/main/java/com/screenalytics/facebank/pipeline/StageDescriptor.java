package com.screenalytics.facebank.pipeline;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The contents of {@code stages/<name>.json}, after config and environment overrides. {@code api}
 * is the major version of the stage API the stage was built for; {@code sideEffectFree} (optional
 * {@code "side_effect_free"}, default false; API 1.2) lets the stage run in a dry run.
 */
public record StageDescriptor(String name, Scope scope, int order, boolean enabled, JsonObject options,
                              List<String> requires, int api, boolean sideEffectFree) {

  public StageDescriptor(String name, Scope scope, int order, boolean enabled, JsonObject options,
                         List<String> requires, int api) {
    this(name, scope, order, enabled, options, requires, api, false);
  }

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
      if (!(json.getValue("api") instanceof Integer api)) {
        throw new IllegalArgumentException("\"api\" (the major version of the stage API it was built for, e.g. 1) "
            + "is required and must be an integer");
      }
      List<String> requires = new ArrayList<>();
      for (Object required : json.getJsonArray("requires", new JsonArray())) {
        requires.add((String) required);
      }
      Object sideEffectFree = json.getValue("side_effect_free", false);
      if (!(sideEffectFree instanceof Boolean)) {
        throw new IllegalArgumentException("\"side_effect_free\" must be true or false");
      }
      return new StageDescriptor(name, scope, order, json.getBoolean("enabled", true),
          json.getJsonObject("options", new JsonObject()), List.copyOf(requires), api, (Boolean) sideEffectFree);
    } catch (RuntimeException e) {
      throw new StageConfigException("stage descriptor " + source + " is invalid: " + e.getMessage());
    }
  }

  StageDescriptor withEnabled(boolean value) {
    return new StageDescriptor(name, scope, order, value, options, requires, api, sideEffectFree);
  }

  StageDescriptor withOptions(JsonObject value) {
    return new StageDescriptor(name, scope, order, enabled, value, requires, api, sideEffectFree);
  }
}
