package com.screenalytics.facebank.pipeline;

import com.screenalytics.facebank.db.Show;
import com.screenalytics.facebank.trr.TrrPerson;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The state of one sync, handed from stage to stage. Stages run on one Vert.x context, so plain
 * fields are safe. {@link #attributes()} is room for later stages' own data.
 */
public final class SyncContext {

  private final UUID runId;
  private final Show show;
  private final int maxImagesPerPerson;
  private final List<TrrPerson> trrCast = new ArrayList<>();
  private final List<PersonSync> people = new ArrayList<>();
  private final Map<PersonSync, JsonObject> finished = new IdentityHashMap<>();
  private final JsonObject attributes = new JsonObject();
  private volatile boolean cancelRequested;

  public SyncContext(UUID runId, Show show, int maxImagesPerPerson) {
    this.runId = runId;
    this.show = show;
    this.maxImagesPerPerson = maxImagesPerPerson;
  }

  public UUID runId() {
    return runId;
  }

  public Show show() {
    return show;
  }

  public String showId() {
    return show.showId();
  }

  public int maxImagesPerPerson() {
    return maxImagesPerPerson;
  }

  /** The TRR cast as fetch-cast read it, one entry per person. */
  public List<TrrPerson> trrCast() {
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

  public JsonObject attributes() {
    return attributes;
  }
}
