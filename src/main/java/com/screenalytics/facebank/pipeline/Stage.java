package com.screenalytics.facebank.pipeline;

import io.vertx.core.Future;

/**
 * A pipeline stage: found with {@link java.util.ServiceLoader} (META-INF/services/
 * com.screenalytics.facebank.pipeline.Stage) and described by {@code stages/<name>.json}.
 * Implement {@link ShowStage} or {@link PersonStage}, never this interface directly.
 */
public interface Stage {

  /** The descriptor name: lower-case, '-' separated (e.g. "import-photos"). */
  String name();

  /** Called once at start-up, before any run, with the stage's effective options. */
  default Future<Void> init(StageServices services) {
    return Future.succeededFuture();
  }
}
