package com.screenalytics.facebank.stage.api;

import io.vertx.core.Future;

/**
 * A stage that runs once per sync, before the people. A failure fails the run: its result's
 * {@code error} is {@code stage_failed}, naming this stage and carrying its own code, message and
 * details.
 */
public interface ShowStage extends Stage {
  Future<Void> run(ShowRun show);
}
