package com.screenalytics.facebank.stage.api;

import io.vertx.core.Future;

/**
 * A pipeline stage. A plugin lists its implementations in
 * {@code META-INF/services/com.screenalytics.facebank.stage.api.Stage} and describes each in
 * {@code stages/<name>.json} (name, scope, order, enabled, requires, options, api). Implement
 * {@link ShowStage} or {@link PersonStage}, never this interface directly.
 *
 * <p>Stages run on a Vert.x event loop: never block in them (use {@code vertx.executeBlocking} or
 * a port). Every call returns a Future; a failed one carrying a {@link StageException} reports the
 * stage's own code.
 */
public interface Stage {

  /** The descriptor's name: lower-case letters, digits and '-' (e.g. "min-size"). */
  String name();

  /**
   * Called once at start-up, before any run, with the stage's effective options (descriptor,
   * then config overrides) and the ports it may use. A failed future stops the start-up.
   */
  default Future<Void> init(StageContext context) {
    return Future.succeededFuture();
  }

  /**
   * Whether this stage writes nothing outside the run (no database row, no blob, no call that
   * changes anything upstream), so it may run in a dry run (API 1.2). A stage that says false —
   * the default, so a stage built before 1.2 keeps its meaning — is skipped in a dry run. The
   * descriptor's {@code "side_effect_free": true} says the same without code.
   */
  default boolean sideEffectFree() {
    return false;
  }
}
