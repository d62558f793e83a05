package com.screenalytics.facebank.pipeline;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.contract.SyncEvents;
import com.screenalytics.facebank.pipeline.StageRegistry.LoadedStage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the enabled stages over one sync: the show-scope stages one after the other, then, for
 * each person with at most {@code personConcurrency} in flight, the person-scope stages and the
 * store. A person's failure is recorded on that person; a show-scope failure fails the run.
 */
public final class Pipeline {

  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  private final List<ShowStage> showStages;
  private final List<PersonStage> personStages;
  private final PersonStage store;
  private final int personConcurrency;

  public Pipeline(List<LoadedStage> enabled, PersonStage store, int personConcurrency) {
    this.showStages = enabled.stream().map(LoadedStage::stage)
        .filter(ShowStage.class::isInstance).map(ShowStage.class::cast).toList();
    this.personStages = enabled.stream().map(LoadedStage::stage)
        .filter(PersonStage.class::isInstance).map(PersonStage.class::cast).toList();
    this.store = store;
    this.personConcurrency = personConcurrency;
  }

  /** The names of the stages a run goes through, in order (the store is not a stage). */
  public List<String> stageNames() {
    return Stream.concat(showStages.stream(), personStages.stream()).map(Stage::name).toList();
  }

  /**
   * Runs the stages over the sync. A cancel request ({@link SyncContext#requestCancel()}) is
   * honoured between show stages and before each person: nothing new starts, what is in flight
   * finishes.
   */
  public Future<Void> run(SyncContext sync, RunEvents events) {
    Future<Void> chain = Future.succeededFuture();
    for (ShowStage stage : showStages) {
      chain = chain.compose(ignored -> {
        if (sync.cancelRequested()) {
          return Future.succeededFuture();
        }
        events.publish(SyncEvents.STAGE_STARTED, stageEvent(stage));
        return stage.run(sync).onSuccess(done -> events.publish(SyncEvents.STAGE_FINISHED, stageEvent(stage)));
      });
    }
    return chain.compose(ignored -> sync.cancelRequested() ? Future.succeededFuture() : runPeople(sync, events));
  }

  /** Each person_finished event carries done/total and an ETA from the pace measured so far. */
  private Future<Void> runPeople(SyncContext sync, RunEvents events) {
    personStages.forEach(stage -> events.publish(SyncEvents.STAGE_STARTED, stageEvent(stage)));
    int total = sync.people().size();
    int[] done = {0};
    long startedNanos = System.nanoTime();
    return Concurrency.forEach(sync.people(), personConcurrency, sync::cancelRequested, person -> runPerson(person)
        .onComplete(ignored -> {
          JsonObject result = person.toJson();
          sync.finished(person, result);
          person.candidates().clear(); // written or dropped: a large show should not keep them all
          done[0]++;
          double elapsedSeconds = (System.nanoTime() - startedNanos) / 1e9;
          double etaSeconds = elapsedSeconds / done[0] * (total - done[0]);
          events.publish(SyncEvents.PERSON_FINISHED, new JsonObject().mergeIn(result)
              .put("done", done[0]).put("total", total).put("eta_seconds", Math.round(etaSeconds * 10) / 10.0));
        }))
        .onSuccess(ignored -> personStages.forEach(stage ->
            events.publish(SyncEvents.STAGE_FINISHED, stageEvent(stage))));
  }

  /**
   * The person stages, then the store. The store also runs after a stage failed the person: it
   * then writes what resolve decided (person row, cast link) without images.
   */
  private Future<Void> runPerson(PersonSync person) {
    if (person.failed()) {
      return Future.succeededFuture();
    }
    Future<Void> chain = Future.succeededFuture();
    for (PersonStage stage : personStages) {
      chain = chain.compose(ignored -> stage.run(person)
          .recover(e -> Future.failedFuture(asPersonFailure(stage, person, e))));
    }
    return chain
        .recover(e -> recordFailure(person, e))
        .compose(ignored -> store.run(person)
            .recover(e -> recordFailure(person, asPersonFailure(store, person, e))));
  }

  private static Future<Void> recordFailure(PersonSync person, Throwable failure) {
    person.fail((FacebankException) failure);
    return Future.succeededFuture();
  }

  private static FacebankException asPersonFailure(Stage stage, PersonSync person, Throwable e) {
    if (e instanceof FacebankException known) {
      return known;
    }
    LOG.warn("Stage {} failed for person {}: {}", stage.name(), person.trr().id(), e.toString());
    return new FacebankException(ErrorCode.STAGE_FAILED.code(), 500,
        "stage " + stage.name() + " failed: " + e.getMessage(), e);
  }

  private static JsonObject stageEvent(Stage stage) {
    return new JsonObject().put("stage", stage.name());
  }
}
