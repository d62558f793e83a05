package com.screenalytics.facebank.demo;

import com.screenalytics.facebank.config.AppConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * The demo with the face stages: when {@code embed} is switched on and given no
 * {@code model_path}, the demo writes its own small embedding model ({@link ProjectionModel}, a
 * fixed projection, 64 dimensions) under DATA_DIR/demo/models and points embed at it, so that all
 * four stages run with nothing downloaded. That model sees a crop's colours and layout, not who is
 * in it: a person's cartoon portraits are all near it (0.19 and more apart), so the demo sets
 * {@code duplicate_distance} to {@value #DUPLICATE_DISTANCE} with it, unless one is given. An
 * operator's model_path is left as it is.
 */
final class DemoFaces {

  static final String MODEL_ID = "demo-projection";
  static final int DIMS = 64;
  static final double DUPLICATE_DISTANCE = 0.1;

  private DemoFaces() {
  }

  static AppConfig embedModel(AppConfig config, Path demoDir) {
    JsonObject embed = config.stageOverride("embed");
    boolean enabled = config.stageToggle("embed").orElse(Boolean.TRUE.equals(embed.getValue("enabled")));
    JsonObject options = embed.getJsonObject("options", new JsonObject());
    if (!enabled || options.getValue("model_path") != null) {
      return config;
    }
    Path model = new ProjectionModel(112, DIMS, 2026).write(demoDir.resolve("models").resolve(MODEL_ID + ".onnx"))
        .toAbsolutePath();
    JsonObject demoOptions = new JsonObject().put("model_path", model.toString()).put("model_id", MODEL_ID);
    if (options.getValue("duplicate_distance") == null) {
      demoOptions.put("duplicate_distance", DUPLICATE_DISTANCE);
    }
    return config.with(new JsonObject().put(AppConfig.STAGES, new JsonObject().put("embed", new JsonObject()
        .put("options", demoOptions))));
  }
}
