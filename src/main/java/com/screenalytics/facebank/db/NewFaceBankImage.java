package com.screenalytics.facebank.db;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * One face_bank_images row to append (is_seed = true, approved = false are fixed by the insert);
 * {@code stageDetails} is {"<stage>": {...}} of the stages that wrote details, or null. The
 * content columns (sha256 … mirrorKey) are mirror's, null when it did not run.
 */
public record NewFaceBankImage(String s3OriginalKey, UUID mediaAssetId, String s3AlignedKey, String s3EmbeddingKey,
                               Double qualityScore, String sourceUrl, String kind, Integer width, Integer height,
                               JsonObject stageDetails, String contentSha256, Long perceptualHash, String mime,
                               Long bytes, String mirrorKey) {

  /** A row without content columns (mirror off). */
  public NewFaceBankImage(String s3OriginalKey, UUID mediaAssetId, String s3AlignedKey, String s3EmbeddingKey,
                          Double qualityScore, String sourceUrl, String kind, Integer width, Integer height,
                          JsonObject stageDetails) {
    this(s3OriginalKey, mediaAssetId, s3AlignedKey, s3EmbeddingKey, qualityScore, sourceUrl, kind, width, height,
        stageDetails, null, null, null, null, null);
  }
}
