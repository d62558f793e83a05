package com.screenalytics.facebank.db;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * One face_bank_images row to append (is_seed = true, approved = false are fixed by the insert);
 * {@code stageDetails} is {"<stage>": {...}} of the stages that wrote details, or null.
 */
public record NewFaceBankImage(String s3OriginalKey, UUID mediaAssetId, String s3AlignedKey, String s3EmbeddingKey,
                               Double qualityScore, String sourceUrl, String kind, Integer width, Integer height,
                               JsonObject stageDetails) {
}
