package com.screenalytics.facebank.stage.api;

import io.vertx.core.Future;

/**
 * A stage that runs for each resolved person, several people at a time. A failure fails that
 * person only, with the {@link StageException}'s code (any other exception: {@code stage_failed});
 * the person's later stages are skipped, no photo of the person is stored, and the run goes on.
 */
public interface PersonStage extends Stage {
  Future<Void> run(PersonRun person);
}
