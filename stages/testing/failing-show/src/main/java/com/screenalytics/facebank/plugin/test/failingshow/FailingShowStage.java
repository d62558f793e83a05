package com.screenalytics.facebank.plugin.test.failingshow;

import com.screenalytics.facebank.stage.api.ShowRun;
import com.screenalytics.facebank.stage.api.ShowStage;
import com.screenalytics.facebank.stage.api.StageContext;
import com.screenalytics.facebank.stage.api.StageException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** Fails the run with its own code when resolve found more people than {@code options.limit}. */
public final class FailingShowStage implements ShowStage {

  private int limit;

  @Override
  public String name() {
    return "test-failing-show";
  }

  @Override
  public Future<Void> init(StageContext context) {
    limit = context.options().getInteger("limit");
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> run(ShowRun show) {
    int people = show.people().size();
    if (people > limit) {
      return Future.failedFuture(new StageException("cast_over_limit",
          show.run().showId() + " has " + people + " people, over the limit of " + limit,
          new JsonObject().put("people", people).put("limit", limit)));
    }
    return Future.succeededFuture();
  }
}
