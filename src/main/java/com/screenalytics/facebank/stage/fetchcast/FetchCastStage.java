package com.screenalytics.facebank.stage.fetchcast;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.pipeline.CastEntry;
import com.screenalytics.facebank.pipeline.SyncContext;
import com.screenalytics.facebank.stage.api.ShowRun;
import com.screenalytics.facebank.stage.api.ShowStage;
import com.screenalytics.facebank.trr.TrrDatabase;
import io.vertx.core.Future;
import java.util.Optional;

/** Stage 10: reads the Self cast of the linked TRR show, one entry per person. */
public final class FetchCastStage implements ShowStage {

  private final Optional<TrrDatabase> trr;

  public FetchCastStage(Optional<TrrDatabase> trr) {
    this.trr = trr;
  }

  @Override
  public String name() {
    return "fetch-cast";
  }

  @Override
  public Future<Void> run(ShowRun show) {
    SyncContext sync = SyncContext.of(show);
    if (trr.isEmpty()) {
      return Future.failedFuture(new FacebankException(ErrorCode.TRR_DB_NOT_CONFIGURED,
          ErrorCode.TRR_DB_NOT_CONFIGURED.description()));
    }
    return trr.get().showCast(sync.trrShowId()).map(cast -> {
      cast.forEach(person -> sync.trrCast().add(new CastEntry(person.id(), person.fullName(), person.imdbId())));
      return null;
    });
  }
}
