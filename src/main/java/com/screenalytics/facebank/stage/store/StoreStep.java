package com.screenalytics.facebank.stage.store;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.db.FaceBankRepository;
import com.screenalytics.facebank.db.NewFaceBankImage;
import com.screenalytics.facebank.pipeline.PersonStage;
import com.screenalytics.facebank.pipeline.PersonSync;
import com.screenalytics.facebank.pipeline.PhotoCandidate;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The last step of every person, always on: appends the surviving candidates to
 * face_bank_images in one statement. What the unique indexes refuse is counted as a duplicate
 * (rule "unique_index"); existing rows are never touched.
 */
public final class StoreStep implements PersonStage {

  public static final String RULE_UNIQUE_INDEX = "unique_index";

  private final FaceBankRepository faceBank;

  public StoreStep(FaceBankRepository faceBank) {
    this.faceBank = faceBank;
  }

  @Override
  public String name() {
    return "store";
  }

  @Override
  public Future<Void> run(PersonSync person) {
    List<NewFaceBankImage> rows = person.candidates().stream()
        .map(c -> new NewFaceBankImage(c.s3OriginalKey(), c.mediaAssetId(), c.s3AlignedKey(), c.s3EmbeddingKey(),
            c.qualityScore(), c.sourceUrl(), c.kind(), c.width(), c.height()))
        .toList();
    return faceBank.append(person.personId(), person.photoSource(), person.sync().runId(), rows)
        .recover(e -> Future.failedFuture(new FacebankException(ErrorCode.DB_WRITE_FAILED,
            "writing face-bank rows failed: " + e.getMessage(), e)))
        .map(inserted -> {
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
          return null;
        });
  }
}
