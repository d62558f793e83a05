package com.screenalytics.facebank.stage.api;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * A photo on its way into the face bank, as one stage sees it. Its source fields are fixed by
 * import-photos; stages fill the aligned and embedding keys and the quality score, which the
 * store writes into their columns, and their own details, which the store keeps in the row's
 * {@code stage_details}, under the stage's name.
 */
public interface Candidate {

  /** The trimmed served_url: the face bank's key for this photo. */
  String s3OriginalKey();

  /** The TRR media asset, or null. */
  UUID mediaAssetId();

  /** Where TRR got the photo, or null. */
  String sourceUrl();

  /** The TRR kind (e.g. "profile"), or null. */
  String kind();

  /** Width in pixels as TRR reports it, or null when unknown. */
  Integer width();

  /** Height in pixels as TRR reports it, or null when unknown. */
  Integer height();

  /**
   * What the photo's bytes are (API 1.1): set by {@code mirror}, null before it ran or when it is
   * off. A stage that needs the bytes reads {@link Content#blobKey()} from the {@link BlobStore}.
   */
  Content content();

  /** Sets the content (mirror's output); the store writes it into the row's content columns. */
  void content(Content content);

  String alignedKey();

  /** Sets s3_aligned_key (a crop stage's output). */
  void alignedKey(String key);

  String embeddingKey();

  /** Sets s3_embedding_key (an embed stage's output). */
  void embeddingKey(String key);

  Double qualityScore();

  /** Sets quality_score. */
  void qualityScore(Double score);

  /**
   * This stage's own details of the photo, to write into: kept as
   * {@code stage_details -> '<stage name>'} of the row (a stage that writes nothing adds nothing).
   * Values must be JSON: strings, numbers, booleans, null, JsonObject, JsonArray.
   */
  JsonObject details();

  /** Another stage's details of the photo (a copy), or null when that stage wrote none. */
  JsonObject details(String stage);
}
