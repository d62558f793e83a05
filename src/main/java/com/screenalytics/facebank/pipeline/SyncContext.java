package com.screenalytics.facebank.pipeline;

import com.screenalytics.facebank.stage.api.PersonInfo;
import com.screenalytics.facebank.stage.api.RunInfo;
import com.screenalytics.facebank.stage.api.ShowRun;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The state of one sync, handed from stage to stage. Stages run on one Vert.x context, so plain
 * fields are safe. Stages see it only through the API's read-only {@link ShowRun}; the Day-1 show
 * stages, being the service's own, reach the state behind it with {@link #of(ShowRun)}.
 */
public final class SyncContext {

  private final UUID runId;
  private final String showId;
  private final UUID trrShowId;
  private final int maxImagesPerPerson;
  private final List<CastEntry> trrCast = new ArrayList<>();
  private final List<PersonSync> people = new ArrayList<>();
  private final Map<PersonSync, JsonObject> finished = new IdentityHashMap<>();
  private final ShowView view = new ShowView(this);
  private volatile boolean cancelRequested;

  public SyncContext(UUID runId, String showId, UUID trrShowId, int maxImagesPerPerson) {
    this.runId = runId;
    this.showId = showId;
    this.trrShowId = trrShowId;
    this.maxImagesPerPerson = maxImagesPerPerson;
  }

  /** The state behind a run's view; only the service's own classes can name this one. */
  public static SyncContext of(ShowRun show) {
    if (show instanceof ShowView own) {
      return own.sync;
    }
    throw new IllegalArgumentException("not a run of this service: " + show);
  }

  /** The run's fixed facts, as stages see them (a record: nothing to cast back to this state). */
  RunInfo info() {
    return new Info(runId, showId, trrShowId, maxImagesPerPerson);
  }

  /** What a show stage is handed. */
  ShowRun view() {
    return view;
  }

  public UUID runId() {
    return runId;
  }

  public String showId() {
    return showId;
  }

  public UUID trrShowId() {
    return trrShowId;
  }

  public int maxImagesPerPerson() {
    return maxImagesPerPerson;
  }

  /** The TRR cast as fetch-cast read it, one entry per person. */
  public List<CastEntry> trrCast() {
    return trrCast;
  }

  /** One entry per TRR person once resolve has run; person-scope stages iterate these. */
  public List<PersonSync> people() {
    return people;
  }

  /**
   * Records a person as through the person phase (done, or failed) with its entry in the result,
   * built once: the person's event and the run's result share it.
   */
  public void finished(PersonSync person, JsonObject result) {
    finished.put(person, result);
  }

  /** The result entries of the people through the person phase, in {@link #people()} order. */
  public List<JsonObject> finishedPeople() {
    return people.stream().map(finished::get).filter(Objects::nonNull).toList();
  }

  /** Asks the run to start no new person; people in flight finish. */
  public void requestCancel() {
    cancelRequested = true;
  }

  public boolean cancelRequested() {
    return cancelRequested;
  }

  /** The read-only run a show stage sees: a record of the run and views of its people. */
  private record ShowView(SyncContext sync) implements ShowRun {

    @Override
    public RunInfo run() {
      return sync.info();
    }

    @Override
    public List<PersonInfo> people() {
      return sync.people.stream().map(PersonSync::info).toList();
    }

    @Override
    public String toString() {
      return "run " + sync.runId + " of " + sync.showId;
    }
  }

  record Info(UUID runId, String showId, UUID trrShowId, int maxImagesPerPerson) implements RunInfo {
  }
}
