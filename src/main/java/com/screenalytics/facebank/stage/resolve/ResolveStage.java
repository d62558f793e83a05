package com.screenalytics.facebank.stage.resolve;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.db.ShowRepository;
import com.screenalytics.facebank.pipeline.PersonSync;
import com.screenalytics.facebank.pipeline.PersonSync.Match;
import com.screenalytics.facebank.pipeline.SyncContext;
import com.screenalytics.facebank.stage.resolve.CastMatcher.Ambiguous;
import com.screenalytics.facebank.stage.resolve.CastMatcher.Matched;
import com.screenalytics.facebank.stage.api.ShowRun;
import com.screenalytics.facebank.stage.api.ShowStage;
import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Stage 20: matches every TRR person to a local cast member of the show, or decides to create one
 * (choosing its cast_id now, so the result can name it). Matching is decided in memory, level by
 * level across the cast. Nothing is written here: the store writes each person — person row,
 * cast link or new member, images — in one transaction, so a person is never half written.
 */
public final class ResolveStage implements ShowStage {

  private final ShowRepository shows;

  public ResolveStage(ShowRepository shows) {
    this.shows = shows;
  }

  @Override
  public String name() {
    return "resolve";
  }

  @Override
  public Future<Void> run(ShowRun show) {
    SyncContext sync = SyncContext.of(show);
    return shows.cast(sync.showId()).map(members -> {
      List<CastMatcher.Result> results = new CastMatcher(members).matchAll(sync.trrCast());
      for (int i = 0; i < results.size(); i++) {
        PersonSync person = new PersonSync(sync, sync.trrCast().get(i));
        sync.people().add(person);
        CastMatcher.Result result = results.get(i);
        if (result instanceof Matched matched) {
          person.resolved(matched.how(), matched.member().castId());
          person.alreadyLinked(person.personId().equals(matched.member().personId()));
        } else if (result instanceof Ambiguous ambiguous) {
          person.fail(new FacebankException(ErrorCode.AMBIGUOUS_MATCH,
              ambiguous.castIds().size() + " cast members match by " + ambiguous.level().json() + ": "
                  + ambiguous.castIds().stream().map(UUID::toString).collect(Collectors.joining(", "))));
        } else {
          person.resolved(Match.CREATED, UUID.randomUUID());
        }
      }
      return null;
    });
  }
}
