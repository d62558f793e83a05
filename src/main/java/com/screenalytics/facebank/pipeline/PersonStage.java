package com.screenalytics.facebank.pipeline;

import io.vertx.core.Future;

/**
 * A stage that runs for each resolved person, several people at a time. A failure (best a
 * {@link com.screenalytics.facebank.contract.FacebankException} with a code) fails that person
 * only: its later stages and its store are skipped, and the run goes on.
 */
public interface PersonStage extends Stage {
  Future<Void> run(PersonSync person);
}
