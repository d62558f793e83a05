package com.screenalytics.facebank.stage.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * What a stage gets at {@link Stage#init}: its options, the service's Vert.x, and ports — narrow
 * services the API defines and the service implements. It never holds the configuration, a
 * secret, a repository with write access or an upstream client. Later versions of the API add
 * ports here (a blob store, an outbound fetch, a compute pool); a stage built for this version
 * keeps working, since only the service implements this interface.
 */
public interface StageContext {

  /** The stage's name, as in its descriptor. */
  String stageName();

  /** The effective options: the descriptor's, overridden by {@code stages.<name>.options}. A copy. */
  JsonObject options();

  /** The service's Vert.x; for timers, {@code executeBlocking}, the event bus. */
  Vertx vertx();

  /** Read-only look-up of what a person already has in the face bank. */
  FaceBankKeys faceBank();
}
