package com.screenalytics.facebank.stage.resolve;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.db.ShowRepository;
import com.screenalytics.facebank.pipeline.PersonSync.Match;
import com.screenalytics.facebank.pipeline.PersonSync;
import com.screenalytics.facebank.pipeline.SyncContext;
import com.screenalytics.facebank.stage.api.ShowRun;
import com.screenalytics.facebank.stage.api.ShowStage;
import com.screenalytics.facebank.stage.resolve.CastMatcher.Ambiguous;
import com.screenalytics.facebank.stage.resolve.CastMatcher.Matched;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Stage 20: matches every TRR person to a local cast member of the show, or decides to create one
 * (choosing its cast_id now, so the result can name it). Matching is decided in memory, level by
 * level across the cast. Nothing is written here: the store writes each person — person row,
 * cast link or new member, images — in one transaction, so a person is never half written.
 *
 * <p>A run limited to some TRR people (trr_person_ids, a retry) still matches the whole cast, so
 * each of them is matched exactly as in a run of everyone; only they go on to the person stages.
 * An id that is not in the show's TRR cast fails the run (422 trr_person_not_in_cast, naming it).
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
    Set<UUID> only = sync.only();
    if (only != null) {
      Set<UUID> credited = sync.trrCast().stream().map(entry -> entry.trrPersonId()).collect(Collectors.toSet());
      List<String> strangers = only.stream().filter(id -> !credited.contains(id)).map(UUID::toString).toList();
      if (!strangers.isEmpty()) {
        return Future.failedFuture(new FacebankException(ErrorCode.TRR_PERSON_NOT_IN_CAST,
            "not in the TRR cast of " + sync.showId() + ": " + String.join(", ", strangers),
            new JsonObject().put("trr_person_ids", new JsonArray(strangers))));
      }
    }
    return shows.cast(sync.showId()).map(members -> {
      List<CastMatcher.Result> results = new CastMatcher(members).matchAll(sync.trrCast());
      for (int i = 0; i < results.size(); i++) {
        PersonSync person = new PersonSync(sync, sync.trrCast().get(i));
        CastMatcher.Result result = results.get(i);
        if (only != null && !only.contains(person.personId())) {
          sync.resolvedCast().add(outside(person, result));
          continue;
        }
        sync.people().add(person);
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
      sync.markResolved();
      return null;
    });
  }

  /** A person of the cast outside a limited run: what resolve decided, not written by this run. */
  private static JsonObject outside(PersonSync person, CastMatcher.Result result) {
    JsonObject entry = new JsonObject().put("trr_person_id", person.personId().toString())
        .put("name", person.trr().fullName());
    if (result instanceof Matched matched) {
      return entry.put("match", matched.how().json()).put("cast_id", matched.member().castId().toString())
          .put("status", "not_selected");
    }
    return entry.put("match", result instanceof Ambiguous ? null : Match.CREATED.json()).putNull("cast_id")
        .put("status", "not_selected");
  }
}
