package com.screenalytics.facebank.stage.fetchcast;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.pipeline.ShowStage;
import com.screenalytics.facebank.pipeline.StageServices;
import com.screenalytics.facebank.pipeline.SyncContext;
import com.screenalytics.facebank.trr.TrrDatabase;
import io.vertx.core.Future;
import java.util.Optional;

/** Stage 10: reads the Self cast of the linked TRR show, one entry per person. */
public final class FetchCastStage implements ShowStage {

  private Optional<TrrDatabase> trr = Optional.empty();

  @Override
  public String name() {
    return "fetch-cast";
  }

  @Override
  public Future<Void> init(StageServices services) {
    this.trr = services.trrDatabase();
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> run(SyncContext sync) {
    if (trr.isEmpty()) {
      return Future.failedFuture(new FacebankException(ErrorCode.TRR_DB_NOT_CONFIGURED,
          ErrorCode.TRR_DB_NOT_CONFIGURED.description()));
    }
    return trr.get().showCast(sync.show().trrShowId()).map(cast -> {
      sync.trrCast().addAll(cast);
      return null;
    });
  }
}
