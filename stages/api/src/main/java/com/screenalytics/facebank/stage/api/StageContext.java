package com.screenalytics.facebank.stage.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * What a stage gets at {@link Stage#init}: its options, the service's Vert.x, and ports — narrow
 * services the API defines and the service implements. It never holds the configuration, a
 * secret, a repository with write access or an upstream client. API 1.1 added the blob store,
 * the outbound fetch and the compute pool; 1.3 the model directory. A stage built for 1.0 keeps
 * working, since only the service implements this interface (and what 1.3 added has a default).
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

  /** The service's blob store (API 1.1): the filesystem or S3, as configured. */
  BlobStore blobs();

  /** The service's outbound fetch, under its outbound policy (API 1.1). */
  Fetch fetch();

  /** The service's bounded pool for CPU work, off the event loops (API 1.1). */
  ComputePool compute();

  /**
   * Where the service's models live (API 1.3): {@code MODEL_DIR}, default {@code ./models}. A stage
   * reads its model files from here (or from a path its options name) at {@link Stage#init} and
   * never downloads one. The default keeps a context built for 1.1 compiling.
   */
  default Path modelDir() {
    return Path.of("models");
  }
}
