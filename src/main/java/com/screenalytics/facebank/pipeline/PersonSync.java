package com.screenalytics.facebank.pipeline;

import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.stage.api.PersonInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One TRR person's way through a sync; its JSON is the person's entry in the result. Its setters
 * are the service's own: stages of the API see a person only through {@link PersonInfo} and
 * {@link com.screenalytics.facebank.stage.api.PersonRun}, which cannot re-point its cast link.
 */
public final class PersonSync {

  /** photo_source of a person whose photos were never asked for: left out by a cancel, or failed before. */
  public static final String NOT_ATTEMPTED = "not_attempted";

  /** The match levels of the resolve rule, as reported in "match". */
  public enum Match {
    TRR_PERSON_ID("trr_person_id"), IMDB_ID("imdb_id"), NAME("name"), ALIAS("alias"), CREATED("created");

    private final String json;

    Match(String json) {
      this.json = json;
    }

    public String json() {
      return json;
    }
  }

  /** A photo left out as a duplicate, the rule that fired, and what it duplicates (or null). */
  public record Duplicate(String s3OriginalKey, String rule, String detail) {
  }

  /** A row of the photos answer that could not be used: its position in the answer, and why. */
  public record SkippedRow(int index, String reason, String detail) {
  }

  /** A photo a stage left out, and why. */
  public record Dropped(String s3OriginalKey, String stage, String reason, String detail) {
  }

  private final SyncContext sync;
  private final CastEntry trr;
  private UUID castId;
  private Match match;
  private boolean alreadyLinked;
  /** "none" once import-photos asked and got nothing; not_attempted until then (or when it never ran). */
  private String photoSource = NOT_ATTEMPTED;
  private boolean written;
  private Integer wouldImport;
  private int fetched;
  private final List<PhotoCandidate> candidates = new ArrayList<>();
  private final List<Duplicate> duplicates = new ArrayList<>();
  private final List<SkippedRow> skippedRows = new ArrayList<>();
  private final List<Dropped> dropped = new ArrayList<>();
  private int importedImages;
  private FacebankException error;

  public PersonSync(SyncContext sync, CastEntry trr) {
    this.sync = sync;
    this.trr = trr;
  }

  /** The state behind a person stage's view; only the service's own classes can name this one. */
  public static PersonSync of(com.screenalytics.facebank.stage.api.PersonRun run) {
    if (run instanceof PersonView own) {
      return own.state();
    }
    throw new IllegalArgumentException("not a person of this service's runs: " + run);
  }

  public SyncContext sync() {
    return sync;
  }

  public CastEntry trr() {
    return trr;
  }

  /** person_id = trr_person_id, by rule. */
  public UUID personId() {
    return trr.trrPersonId();
  }

  public UUID castId() {
    return castId;
  }

  public Match match() {
    return match;
  }

  public void resolved(Match how, UUID cast) {
    this.match = how;
    this.castId = cast;
  }

  /** Whether the matched member already carries this person (person_id = trr_person_id): nothing to link. */
  public boolean alreadyLinked() {
    return alreadyLinked;
  }

  public void alreadyLinked(boolean linked) {
    this.alreadyLinked = linked;
  }

  public String photoSource() {
    return photoSource;
  }

  public void photoSource(String value) {
    this.photoSource = value;
  }

  public int fetched() {
    return fetched;
  }

  public void fetched(int count) {
    this.fetched = count;
  }

  /** The photos still headed for the store. */
  public List<PhotoCandidate> candidates() {
    return candidates;
  }

  public List<Duplicate> duplicates() {
    return duplicates;
  }

  public void skipDuplicate(PhotoCandidate candidate, String rule) {
    skipDuplicate(candidate, rule, null);
  }

  public void skipDuplicate(PhotoCandidate candidate, String rule, String detail) {
    duplicates.add(new Duplicate(candidate.s3OriginalKey(), rule, detail));
  }

  public List<SkippedRow> skippedRows() {
    return skippedRows;
  }

  public void skipRow(int index, String reason, String detail) {
    skippedRows.add(new SkippedRow(index, reason, detail));
  }

  public List<Dropped> dropped() {
    return dropped;
  }

  void drop(PhotoCandidate candidate, String stage, String reason, String detail) {
    dropped.add(new Dropped(candidate.s3OriginalKey(), stage, reason, detail));
  }

  public int importedImages() {
    return importedImages;
  }

  public void importedImages(int count) {
    this.importedImages = count;
  }

  public boolean failed() {
    return error != null;
  }

  /** The store wrote this person (its cast member exists under {@link #castId()}). */
  public void written() {
    this.written = true;
  }

  /** A dry run's prediction: how many photos the store would append (null: not a dry run). */
  public void wouldImport(int count) {
    this.wouldImport = count;
  }

  /** The cast member as recorded for comparing runs: null for a member created on paper only. */
  private String recordedCastId() {
    if (castId == null || (match == Match.CREATED && !written)) {
      return null;
    }
    return castId.toString();
  }

  /** This person's entry in the run's trr_cast: who, how they matched, to whom, and how it ended. */
  public JsonObject castEntry(String status) {
    return new JsonObject()
        .put("trr_person_id", trr.trrPersonId().toString())
        .put("name", trr.fullName())
        .put("match", match == null ? null : match.json())
        .put("cast_id", recordedCastId())
        .put("status", status);
  }

  /** A person a cancel left out: named, never asked for photos. */
  public JsonObject notStartedJson() {
    return new JsonObject()
        .put("trr_person_id", trr.trrPersonId().toString())
        .put("name", trr.fullName())
        .put("match", match == null ? null : match.json())
        .put("photo_source", NOT_ATTEMPTED)
        .put("status", "not_started");
  }

  public FacebankException error() {
    return error;
  }

  public void fail(FacebankException failure) {
    this.error = failure;
  }

  /** A read-only snapshot of who the person is, for stages (a record: nothing to cast back). */
  public PersonInfo info() {
    return new Info(personId(), trr.trrPersonId(), trr.fullName(), trr.imdbId(), castId,
        match == null ? null : match.json(), photoSource, fetched);
  }

  private record Info(UUID personId, UUID trrPersonId, String fullName, String imdbId, UUID castId, String match,
                      String photoSource, int fetched) implements PersonInfo {
  }

  public JsonObject toJson() {
    JsonArray skipped = new JsonArray();
    duplicates.forEach(d -> {
      JsonObject duplicate = new JsonObject().put("s3_original_key", d.s3OriginalKey()).put("rule", d.rule());
      if (d.detail() != null) {
        duplicate.put("detail", d.detail()); // API 1.1; Day-1 rules give none, and their entries stay as they were
      }
      skipped.add(duplicate);
    });
    JsonArray unusable = new JsonArray();
    skippedRows.forEach(r -> unusable.add(new JsonObject().put("index", r.index()).put("reason", r.reason())
        .put("detail", r.detail())));
    JsonArray left = new JsonArray();
    dropped.forEach(d -> left.add(new JsonObject().put("s3_original_key", d.s3OriginalKey()).put("stage", d.stage())
        .put("reason", d.reason()).put("detail", d.detail())));
    JsonObject json = new JsonObject()
        .put("trr_person_id", trr.trrPersonId().toString())
        .put("person_id", match == null ? null : personId().toString())
        .put("cast_id", sync.dryRun() ? recordedCastId() : castId == null ? null : castId.toString())
        .put("name", trr.fullName())
        .put("imdb_id", trr.imdbId())
        .put("match", match == null ? null : match.json())
        .put("photo_source", photoSource)
        .put("fetched", fetched)
        .put("imported_images", importedImages)
        .put("skipped_duplicates", duplicates.size())
        .put("duplicates", skipped)
        .put("skipped_rows", unusable)
        .put("dropped", left)
        .put("status", failed() ? "error" : "ok")
        .put("error", failed() ? error.toJson() : null);
    if (sync.dryRun()) {
      // What the real run would do: create the member (and person; the store writes them even when a
      // person stage failed), append these many photos.
      json.put("would_create", match == Match.CREATED)
          .put("would_import_images", wouldImport == null ? 0 : wouldImport);
    }
    return json;
  }
}
