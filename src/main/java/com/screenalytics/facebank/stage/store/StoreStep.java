package com.screenalytics.facebank.stage.store;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.db.FaceBankRepository;
import com.screenalytics.facebank.db.NewFaceBankImage;
import com.screenalytics.facebank.db.PersonWrite;
import com.screenalytics.facebank.pipeline.Pipeline;
import com.screenalytics.facebank.pipeline.PersonSync;
import com.screenalytics.facebank.pipeline.PersonSync.Match;
import com.screenalytics.facebank.pipeline.PhotoCandidate;
import com.screenalytics.facebank.stage.api.Content;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of every resolved person, always on and not a stage: writes the person in one transaction — the
 * person row, the cast member's link (or the new member), and the surviving candidates appended
 * to face_bank_images — so a failure leaves nothing of the person behind. What the unique indexes
 * refuse is counted as a duplicate (rule "unique_index"); existing rows are never touched.
 *
 * <p>A person that failed in an earlier stage (its photos could not be fetched, say) still gets
 * its person row and cast link, with no image: that is what resolve decided, and it holds
 * whatever the photos API does. A person already linked on an earlier run with no new photo has
 * nothing to write, and is not written (a re-run of an unchanged show writes nothing at all).
 */
public final class StoreStep implements Pipeline.Store {

  public static final String RULE_UNIQUE_INDEX = "unique_index";

  private static final Logger LOG = LoggerFactory.getLogger(StoreStep.class);

  private final FaceBankRepository faceBank;

  public StoreStep(FaceBankRepository faceBank) {
    this.faceBank = faceBank;
  }

  @Override
  public Future<Void> write(PersonSync person) {
    if (person.match() == null) {
      return Future.succeededFuture(); // never resolved: there is no one to write
    }
    boolean failedBefore = person.failed();
    List<NewFaceBankImage> images = failedBefore ? List.of() : person.candidates().stream()
        .map(StoreStep::row)
        .toList();
    if (images.isEmpty() && person.alreadyLinked()) {
      return Future.succeededFuture(); // linked on an earlier run and no new photo: nothing to write
    }
    PersonWrite write = new PersonWrite(person.sync().showId(), person.personId(), person.trr().fullName(),
        person.trr().imdbId(), person.castId(), person.match() == Match.CREATED, person.photoSource(),
        person.sync().runId(), images);
    return faceBank.writePerson(write)
        .map(written -> {
          person.resolved(person.match(), written.castId());
          person.written();
          if (!failedBefore) {
            count(person, written.insertedKeys());
          }
          return (Void) null;
        })
        .recover(e -> {
          if (person.match() == Match.CREATED) {
            person.resolved(Match.CREATED, null); // rolled back: the member was not created
          }
          if (failedBefore) {
            // The earlier failure stays the person's error; this one is only logged.
            LOG.warn("Writing person {} (already failed: {}) failed too: {}", person.personId(),
                person.error().code(), e.getMessage());
            return Future.succeededFuture();
          }
          return Future.failedFuture(new FacebankException(ErrorCode.DB_WRITE_FAILED,
              "writing this person failed and was rolled back: " + e.getMessage(), e));
        });
  }

  /**
   * A dry run: what {@link #write} would append — the surviving candidates, a key counted once (the
   * unique index would refuse a repeat; dedupe has already named the rows the person has). Writes
   * nothing: no person, no cast member, no image.
   */
  @Override
  public Future<Void> predict(PersonSync person) {
    if (person.match() == null) {
      return Future.succeededFuture();
    }
    Set<String> keys = new HashSet<>();
    if (!person.failed()) {
      person.candidates().forEach(candidate -> keys.add(candidate.s3OriginalKey()));
    }
    person.wouldImport(keys.size());
    return Future.succeededFuture();
  }

  /**
   * A candidate's row. With mirror's content, width and height are the decoded ones (TRR's
   * numbers are what TRR believes), and the content columns are filled; without it, as on Day 1.
   */
  private static NewFaceBankImage row(PhotoCandidate c) {
    Content content = c.content();
    if (content == null) {
      return new NewFaceBankImage(c.s3OriginalKey(), c.mediaAssetId(), c.s3AlignedKey(), c.s3EmbeddingKey(),
          c.qualityScore(), c.sourceUrl(), c.kind(), c.width(), c.height(), c.stageDetails());
    }
    return new NewFaceBankImage(c.s3OriginalKey(), c.mediaAssetId(), c.s3AlignedKey(), c.s3EmbeddingKey(),
        c.qualityScore(), c.sourceUrl(), c.kind(), content.width(), content.height(), c.stageDetails(),
        content.sha256(), content.perceptualHash(), content.mime(), content.bytes(), content.blobKey());
  }

  private static void count(PersonSync person, Set<String> inserted) {
    Set<String> counted = new HashSet<>();
    int imported = 0;
    for (PhotoCandidate candidate : person.candidates()) {
      if (inserted.contains(candidate.s3OriginalKey()) && counted.add(candidate.s3OriginalKey())) {
        imported++;
      } else {
        person.skipDuplicate(candidate, RULE_UNIQUE_INDEX);
      }
    }
    person.importedImages(imported);
  }
}
