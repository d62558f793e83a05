package com.screenalytics.facebank.stage.resolve;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.db.FaceBankRepository;
import com.screenalytics.facebank.db.ShowRepository;
import com.screenalytics.facebank.pipeline.PersonSync;
import com.screenalytics.facebank.pipeline.PersonSync.Match;
import com.screenalytics.facebank.pipeline.ShowStage;
import com.screenalytics.facebank.pipeline.StageServices;
import com.screenalytics.facebank.pipeline.SyncContext;
import com.screenalytics.facebank.stage.resolve.CastMatcher.Ambiguous;
import com.screenalytics.facebank.stage.resolve.CastMatcher.Matched;
import com.screenalytics.facebank.pipeline.Concurrency;
import com.screenalytics.facebank.trr.TrrPerson;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Stage 20: matches every TRR person to a local cast member of the show, or creates one, and
 * makes sure a person row exists with person_id = trr_person_id. Matching is decided in memory,
 * level by level across the cast; each person's writes are then one transaction, several people
 * at a time.
 */
public final class ResolveStage implements ShowStage {

  private ShowRepository shows;
  private FaceBankRepository faceBank;
  private int concurrency;

  @Override
  public String name() {
    return "resolve";
  }

  @Override
  public Future<Void> init(StageServices services) {
    this.shows = services.shows();
    this.faceBank = services.faceBank();
    this.concurrency = services.config().syncPersonConcurrency();
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> run(SyncContext sync) {
    return shows.cast(sync.showId()).compose(members -> {
      List<CastMatcher.Result> results = new CastMatcher(members).matchAll(sync.trrCast());
      List<Link> links = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        PersonSync person = new PersonSync(sync, sync.trrCast().get(i));
        sync.people().add(person);
        CastMatcher.Result result = results.get(i);
        if (result instanceof Matched matched) {
          links.add(new Link(person, matched.how(), matched.member().castId()));
        } else if (result instanceof Ambiguous ambiguous) {
          person.fail(new FacebankException(ErrorCode.AMBIGUOUS_MATCH,
              ambiguous.castIds().size() + " cast members match by " + ambiguous.level().json() + ": "
                  + ambiguous.castIds().stream().map(UUID::toString).collect(Collectors.joining(", "))));
        } else {
          links.add(new Link(person, Match.CREATED, null));
        }
      }
      return Concurrency.forEach(links, concurrency, this::write);
    });
  }

  /** A decided match (castId null: create the member), still to be written. */
  private record Link(PersonSync person, Match how, UUID castId) {
  }

  private Future<Void> write(Link link) {
    PersonSync person = link.person();
    TrrPerson trr = person.trr();
    return faceBank.linkPerson(person.sync().showId(), trr.id(), trr.fullName(), trr.imdbId(), link.castId())
        .map(cast -> {
          person.resolved(link.how(), cast);
          return (Void) null;
        })
        .recover(e -> {
          person.fail(new FacebankException(ErrorCode.DB_WRITE_FAILED,
              "linking the cast member failed: " + e.getMessage(), e));
          return Future.succeededFuture();
        });
  }
}
