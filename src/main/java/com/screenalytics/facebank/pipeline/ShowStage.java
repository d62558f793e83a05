package com.screenalytics.facebank.pipeline;

import io.vertx.core.Future;

/** A stage that runs once per sync, before any person-scope stage. A failure fails the run. */
public interface ShowStage extends Stage {
  Future<Void> run(SyncContext sync);
}
