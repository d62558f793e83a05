package com.screenalytics.facebank.pipeline;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.pipeline.StageRegistry.LoadedStage;
import com.screenalytics.facebank.stage.api.PersonStage;
import com.screenalytics.facebank.stage.api.ShowStage;
import com.screenalytics.facebank.stage.api.StageException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the enabled stages over one sync: the show-scope stages one after the other, then, for
 * each person with at most {@code personConcurrency} in flight, the person-scope stages and the
 * store. A person's failure is recorded on that person; a show-scope failure fails the run.
 * Stages are handed the API's views only; a plugin's stage runs with its own class loader as the
 * thread's context class loader, so libraries that look there find the plugin's classes.
 */
public final class Pipeline {

  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  /** Where a run's progress goes (the sync's run events). */
  public interface Progress {
    void stageStarted(String stage);

    void stageFinished(String stage);

    /** A person is through: its result entry, how many are done of how many, the ETA in seconds. */
    void personFinished(JsonObject result, int done, int total, double etaSeconds);
  }

  /** The store: the last step of every resolved person, always on, not a stage. */
  public interface Store {
    Future<Void> write(PersonSync person);

    /** A dry run's store: says what {@link #write} would do, writes nothing. */
    default Future<Void> predict(PersonSync person) {
      return Future.succeededFuture();
    }
  }

  /** What the pipeline reads for all of a run's people at once before the person phase. */
  public interface Preload {
    Future<Void> load(List<UUID> people);

    /** The run's person phase is over: forget what was read for these people and not used. */
    void release(List<UUID> people);
  }

  private static final Preload NO_PRELOAD = new Preload() {
    @Override
    public Future<Void> load(List<UUID> people) {
      return Future.succeededFuture();
    }

    @Override
    public void release(List<UUID> people) {
    }
  };

  private final List<LoadedStage> showStages;
  private final Preload preload;
  private final List<LoadedStage> personStages;
  private final Store store;
  private final int personConcurrency;

  public Pipeline(List<LoadedStage> enabled, Store store, int personConcurrency) {
    this(enabled, store, personConcurrency, NO_PRELOAD);
  }

  public Pipeline(List<LoadedStage> enabled, Store store, int personConcurrency, Preload preload) {
    this.preload = preload;
    this.showStages = enabled.stream().filter(stage -> stage.stage() instanceof ShowStage).toList();
    this.personStages = enabled.stream().filter(stage -> stage.stage() instanceof PersonStage).toList();
    this.store = store;
    this.personConcurrency = personConcurrency;
  }

  /** The names of the stages a run goes through, in order (the store is not a stage). */
  public List<String> stageNames() {
    return stageNames(false);
  }

  /** The stages a run goes through: in a dry run, the side-effect-free ones only. */
  public List<String> stageNames(boolean dryRun) {
    return stages().filter(stage -> runsIn(stage, dryRun)).map(LoadedStage::name).toList();
  }

  /** The enabled stages a dry run leaves out (they may write: a blob, a row, an upstream call). */
  public List<String> skippedInDryRun() {
    return stages().filter(stage -> !runsIn(stage, true)).map(LoadedStage::name).toList();
  }

  private Stream<LoadedStage> stages() {
    return Stream.concat(showStages.stream(), personStages.stream());
  }

  /** Every enabled stage runs in a real run; in a dry run, only those free of side effects. */
  private static boolean runsIn(LoadedStage stage, boolean dryRun) {
    return !dryRun || stage.sideEffectFree();
  }

  /**
   * Runs the stages over the sync. A cancel request ({@link SyncContext#requestCancel()}) is
   * honoured between show stages and before each person: nothing new starts, what is in flight
   * finishes.
   */
  public Future<Void> run(SyncContext sync, Progress progress) {
    Future<Void> chain = Future.succeededFuture();
    for (LoadedStage stage : showStages) {
      if (!runsIn(stage, sync.dryRun())) {
        continue;
      }
      chain = chain.compose(ignored -> {
        if (sync.cancelRequested()) {
          return Future.succeededFuture();
        }
        progress.stageStarted(stage.name());
        return call(stage, () -> ((ShowStage) stage.stage()).run(sync.view()))
            .recover(e -> Future.failedFuture(asRunFailure(stage, e)))
            .onSuccess(done -> progress.stageFinished(stage.name()));
      });
    }
    return chain.compose(ignored -> sync.cancelRequested() ? Future.succeededFuture() : runPeople(sync, progress));
  }

  /** Each person's progress carries done/total and an ETA from the pace measured so far. */
  private Future<Void> runPeople(SyncContext sync, Progress progress) {
    List<LoadedStage> personStages = this.personStages.stream()
        .filter(stage -> runsIn(stage, sync.dryRun())).toList();
    personStages.forEach(stage -> progress.stageStarted(stage.name()));
    int total = sync.people().size();
    int[] done = {0};
    long startedNanos = System.nanoTime();
    List<UUID> ids = sync.people().stream().map(PersonSync::personId).toList();
    return preload.load(ids).compose(loaded -> Concurrency.forEach(sync.people(), personConcurrency,
        sync::cancelRequested, person -> runPerson(person, personStages)
        .onComplete(ignored -> {
          JsonObject result = person.toJson();
          sync.finished(person, result);
          person.candidates().clear(); // written or dropped: a large show should not keep them all
          done[0]++;
          double elapsedSeconds = (System.nanoTime() - startedNanos) / 1e9;
          progress.personFinished(result, done[0], total, elapsedSeconds / done[0] * (total - done[0]));
        })))
        .onComplete(ignored -> preload.release(ids))
        .onSuccess(ignored -> personStages.forEach(stage -> progress.stageFinished(stage.name())));
  }

  /**
   * The person stages, then the store. The store also runs after a stage failed the person: it
   * then writes what resolve decided (person row, cast link) without images.
   */
  private Future<Void> runPerson(PersonSync person, List<LoadedStage> personStages) {
    if (person.failed()) {
      return Future.succeededFuture();
    }
    boolean dryRun = person.sync().dryRun();
    Future<Void> chain = Future.succeededFuture();
    for (LoadedStage stage : personStages) {
      chain = chain.compose(ignored -> call(stage, () -> ((PersonStage) stage.stage())
              .run(new PersonView(person, stage.name())))
          .recover(e -> Future.failedFuture(asPersonFailure(stage.name(), person, e))));
    }
    return chain
        .recover(e -> recordFailure(person, e))
        .compose(ignored -> (dryRun ? store.predict(person) : store.write(person))
            .recover(e -> recordFailure(person, asPersonFailure("store", person, e))));
  }

  /** Calls into a stage with its class loader as context class loader; a throw is a failed future. */
  static Future<Void> call(LoadedStage stage, Supplier<Future<Void>> call) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(stage.classLoader());
    try {
      Future<Void> result = call.get();
      return result == null ? Future.failedFuture(new NullPointerException("the stage answered no future")) : result;
    } catch (RuntimeException | LinkageError e) {
      return Future.failedFuture(e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static Future<Void> recordFailure(PersonSync person, Throwable failure) {
    person.fail((FacebankException) failure);
    return Future.succeededFuture();
  }

  /** A person stage's own code stays the person's code; anything unexpected is stage_failed. */
  private static FacebankException asPersonFailure(String stage, PersonSync person, Throwable e) {
    if (e instanceof FacebankException known) {
      return known;
    }
    if (e instanceof StageException own) {
      return new FacebankException(own.code(), own.getMessage(), own.details(), own);
    }
    LOG.warn("Stage {} failed for person {}: {}", stage, person.personId(), e.toString());
    return new FacebankException(ErrorCode.STAGE_FAILED.code(), "stage " + stage + " failed: " + e.getMessage(),
        new JsonObject().put("stage", stage), e);
  }

  /**
   * A show stage's failure: the service's own codes (trr_db_unavailable, …) stay as they are; a
   * stage's own code goes inside stage_failed, with the stage's name.
   */
  private static FacebankException asRunFailure(LoadedStage stage, Throwable e) {
    if (e instanceof FacebankException known) {
      return known;
    }
    JsonObject details = new JsonObject().put("stage", stage.name());
    if (e instanceof StageException own) {
      LOG.warn("Show stage {} failed the run: {} ({})", stage.name(), own.getMessage(), own.code());
      details.put("code", own.code()).put("message", own.getMessage()).put("details", own.details());
    } else {
      LOG.error("Show stage {} failed unexpectedly", stage.name(), e);
    }
    return new FacebankException(ErrorCode.STAGE_FAILED.code(), "stage " + stage.name() + " failed: " + e.getMessage(),
        details, e);
  }
}
