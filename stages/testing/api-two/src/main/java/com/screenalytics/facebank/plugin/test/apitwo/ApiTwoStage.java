package com.screenalytics.facebank.plugin.test.apitwo;

import com.screenalytics.facebank.stage.api.PersonRun;
import com.screenalytics.facebank.stage.api.PersonStage;
import io.vertx.core.Future;

/** A stage whose descriptor claims stage API 2; its code never runs on an API 1 service. */
public final class ApiTwoStage implements PersonStage {

  @Override
  public String name() {
    return "test-api-two";
  }

  @Override
  public Future<Void> run(PersonRun person) {
    throw new IllegalStateException("a stage built for API 2 must never run on an API 1 service");
  }
}
