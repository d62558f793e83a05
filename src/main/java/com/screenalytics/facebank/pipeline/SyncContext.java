package com.screenalytics.facebank.pipeline;

import com.screenalytics.facebank.stage.api.PersonInfo;
import com.screenalytics.facebank.stage.api.RunInfo;
import com.screenalytics.facebank.stage.api.ShowRun;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
  private boolean dryRun;
  private Set<UUID> only;
  private UUID retryOf;
  private boolean resolved;
  /** The whole TRR cast as resolve decided it, each person's entry as recorded in trr_cast. */
  private final List<JsonObject> resolvedCast = new ArrayList<>();

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
    return new Info(runId, showId, trrShowId, maxImagesPerPerson, dryRun);
  }

  /** A dry run: only side-effect-free stages run, the store predicts instead of writing. */
  public SyncContext dryRun(boolean value) {
    this.dryRun = value;
    return this;
  }

  public boolean dryRun() {
    return dryRun;
  }

  /** Limits the run to these TRR people of the show (null: the whole cast). */
  public SyncContext limitTo(Collection<UUID> people) {
    this.only = people == null ? null : new LinkedHashSet<>(people);
    return this;
  }

  /** The TRR people the run is limited to, or null for the whole cast. */
  public Set<UUID> only() {
    return only;
  }

  public SyncContext retryOf(UUID run) {
    this.retryOf = run;
    return this;
  }

  public UUID retryOf() {
    return retryOf;
  }

  private JsonArray castRecordJson;

  /** The run's trr_cast as built once at its end (null before): compared with, then recorded. */
  public JsonArray castRecordJson() {
    if (castRecordJson == null && resolved) {
      castRecordJson = new JsonArray(castRecord());
    }
    return castRecordJson;
  }

  /** Resolve has decided every person of the cast: the run has a cast to record. */
  public void markResolved() {
    this.resolved = true;
  }

  public boolean resolved() {
    return resolved;
  }

  /** The whole TRR cast as resolve decided it (people outside a limited run included). */
  public List<JsonObject> resolvedCast() {
    return resolvedCast;
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

  /** The people the person phase never started (a cancel left them out), in {@link #people()} order. */
  public List<PersonSync> notStarted() {
    return people.stream().filter(person -> !finished.containsKey(person)).toList();
  }

  /**
   * The run's trr_cast: the whole TRR cast in fetch order, each person as this run left them
   * (ok, error, not_started, or not_selected by a limited run).
   */
  public List<JsonObject> castRecord() {
    Map<UUID, JsonObject> entries = new HashMap<>();
    resolvedCast.forEach(entry -> entries.put(UUID.fromString(entry.getString("trr_person_id")), entry));
    for (PersonSync person : people) {
      JsonObject result = finished.get(person);
      String status = result == null ? "not_started" : result.getString("status");
      entries.put(person.personId(), person.castEntry(status));
    }
    return trrCast.stream().map(entry -> entries.get(entry.trrPersonId())).filter(Objects::nonNull).toList();
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

  record Info(UUID runId, String showId, UUID trrShowId, int maxImagesPerPerson, boolean dryRun) implements RunInfo {
  }
}
