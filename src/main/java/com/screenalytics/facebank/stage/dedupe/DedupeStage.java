package com.screenalytics.facebank.stage.dedupe;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.stage.api.Candidate;
import com.screenalytics.facebank.stage.api.FaceBankKeys;
import com.screenalytics.facebank.stage.api.PersonRun;
import com.screenalytics.facebank.stage.api.PersonStage;
import com.screenalytics.facebank.stage.api.StageContext;
import com.screenalytics.facebank.stage.api.StageException;
import io.vertx.core.Future;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Stage 40: drops the candidates the person already has (same s3_original_key, or same
 * media_asset_id) and those repeated earlier in the batch, naming the rule for each. The unique
 * indexes still judge at insert time, so concurrent syncs stay safe without this stage. Written
 * on the published API, as a plugin would be: the face-bank look-up is the API's port.
 */
public final class DedupeStage implements PersonStage {

  public static final String RULE_EXISTING_KEY = "existing_s3_original_key";
  public static final String RULE_EXISTING_MEDIA_ASSET = "existing_media_asset_id";
  public static final String RULE_REPEATED_IN_BATCH = "repeated_in_batch";

  private FaceBankKeys faceBank;

  @Override
  public String name() {
    return "dedupe";
  }

  @Override
  public Future<Void> init(StageContext context) {
    this.faceBank = context.faceBank();
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> run(PersonRun person) {
    if (person.candidates().isEmpty()) {
      return Future.succeededFuture();
    }
    return faceBank.existing(person.person().personId())
        .recover(e -> Future.failedFuture(new StageException(ErrorCode.DB_READ_FAILED.code(),
            "reading existing face-bank rows failed: " + e.getMessage(), null, e)))
        .map(existing -> {
          Set<String> batchKeys = new HashSet<>();
          Set<UUID> batchAssets = new HashSet<>();
          for (Candidate candidate : person.candidates()) {
            String rule = null;
            if (existing.s3OriginalKeys().contains(candidate.s3OriginalKey())) {
              rule = RULE_EXISTING_KEY;
            } else if (candidate.mediaAssetId() != null && existing.mediaAssetIds().contains(candidate.mediaAssetId())) {
              rule = RULE_EXISTING_MEDIA_ASSET;
            } else if (!batchKeys.add(candidate.s3OriginalKey())
                || (candidate.mediaAssetId() != null && !batchAssets.add(candidate.mediaAssetId()))) {
              rule = RULE_REPEATED_IN_BATCH;
            }
            if (rule != null) {
              person.duplicate(candidate, rule);
            }
          }
          return null;
        });
  }
}
