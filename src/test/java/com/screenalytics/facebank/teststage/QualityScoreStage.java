package com.screenalytics.facebank.teststage;

import com.screenalytics.facebank.pipeline.PersonStage;
import com.screenalytics.facebank.pipeline.PersonSync;
import com.screenalytics.facebank.pipeline.PhotoCandidate;
import com.screenalytics.facebank.pipeline.StageServices;
import io.vertx.core.Future;

/**
 * A plugin stage that exists only on the test classpath: it proves a stage can be added with a
 * class, a META-INF/services line and a descriptor (src/test/resources/stages/test-quality-score.json),
 * without touching any Day-1 source. It stamps every surviving candidate with the configured score.
 */
public final class QualityScoreStage implements PersonStage {

  public static final String NAME = "test-quality-score";

  private Double score;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<Void> init(StageServices services) {
    Double configured = services.options().getDouble("score");
    if (configured == null) {
      return Future.failedFuture(new IllegalArgumentException(NAME + " needs options.score"));
    }
    score = configured;
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> run(PersonSync person) {
    for (PhotoCandidate candidate : person.candidates()) {
      candidate.qualityScore(score);
      candidate.attributes().put(NAME, score);
    }
    return Future.succeededFuture();
  }
}
