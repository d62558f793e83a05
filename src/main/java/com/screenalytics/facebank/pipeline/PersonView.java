package com.screenalytics.facebank.pipeline;

import com.screenalytics.facebank.stage.api.Candidate;
import com.screenalytics.facebank.stage.api.Content;
import com.screenalytics.facebank.stage.api.PersonInfo;
import com.screenalytics.facebank.stage.api.PersonRun;
import com.screenalytics.facebank.stage.api.RunInfo;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A person as one person stage sees it: read-only facts, and candidates it may annotate (its own
 * details only, under its name), drop with a reason, or mark as duplicates.
 */
final class PersonView implements PersonRun {

  /** Reasons and rules: what stages bring to the result's vocabulary. */
  private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private final PersonSync person;
  private final String stage;

  PersonView(PersonSync person, String stage) {
    this.person = person;
    this.stage = stage;
  }

  @Override
  public RunInfo run() {
    return person.sync().info();
  }

  @Override
  public PersonInfo person() {
    return person.info();
  }

  /** The state itself, for {@link PersonSync#of}; not part of the API. */
  PersonSync state() {
    return person;
  }

  @Override
  public List<Candidate> candidates() {
    return person.candidates().stream().<Candidate>map(c -> new CandidateView(c, stage)).toList();
  }

  @Override
  public void drop(Candidate candidate, String reason, String detail) {
    person.drop(remove(candidate), stage, word(reason, "reason"), detail);
  }

  @Override
  public void duplicate(Candidate candidate, String rule) {
    person.skipDuplicate(remove(candidate), word(rule, "rule"));
  }

  @Override
  public void duplicate(Candidate candidate, String rule, String detail) {
    person.skipDuplicate(remove(candidate), word(rule, "rule"), detail);
  }

  private PhotoCandidate remove(Candidate candidate) {
    PhotoCandidate own = candidate instanceof CandidateView view ? view.candidate : null;
    if (own == null || !person.candidates().removeIf(c -> c == own)) {
      throw new IllegalArgumentException("not a candidate of this person still headed for the face bank: "
          + (candidate == null ? null : candidate.s3OriginalKey()));
    }
    return own;
  }

  private static String word(String value, String what) {
    if (value == null || !WORD.matcher(value).matches()) {
      throw new IllegalArgumentException("a " + what + " is lower-case letters, digits and '_': " + value);
    }
    return value;
  }

  @Override
  public String toString() {
    return "person " + person.personId() + " as stage " + stage + " sees it";
  }

  /** One candidate as one stage sees it. */
  private static final class CandidateView implements Candidate {

    private final PhotoCandidate candidate;
    private final String stage;

    private CandidateView(PhotoCandidate candidate, String stage) {
      this.candidate = candidate;
      this.stage = stage;
    }

    @Override
    public String s3OriginalKey() {
      return candidate.s3OriginalKey();
    }

    @Override
    public UUID mediaAssetId() {
      return candidate.mediaAssetId();
    }

    @Override
    public String sourceUrl() {
      return candidate.sourceUrl();
    }

    @Override
    public String kind() {
      return candidate.kind();
    }

    @Override
    public Integer width() {
      return candidate.width();
    }

    @Override
    public Integer height() {
      return candidate.height();
    }

    @Override
    public Content content() {
      return candidate.content();
    }

    @Override
    public void content(Content content) {
      candidate.content(content);
    }

    @Override
    public String alignedKey() {
      return candidate.s3AlignedKey();
    }

    @Override
    public void alignedKey(String key) {
      candidate.s3AlignedKey(key);
    }

    @Override
    public String embeddingKey() {
      return candidate.s3EmbeddingKey();
    }

    @Override
    public void embeddingKey(String key) {
      candidate.s3EmbeddingKey(key);
    }

    @Override
    public Double qualityScore() {
      return candidate.qualityScore();
    }

    @Override
    public void qualityScore(Double score) {
      candidate.qualityScore(score);
    }

    @Override
    public JsonObject details() {
      return candidate.details(stage);
    }

    @Override
    public JsonObject details(String other) {
      JsonObject found = candidate.detailsOf(other);
      return found == null ? null : found.copy();
    }

    @Override
    public String toString() {
      return "candidate " + candidate.s3OriginalKey();
    }
  }
}
