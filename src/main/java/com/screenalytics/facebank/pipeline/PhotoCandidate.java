package com.screenalytics.facebank.pipeline;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * A photo on its way into the face bank. The source fields are fixed by import-photos; later
 * stages (crop, enhance, embed) fill the aligned and embedding keys and the quality score, which
 * the store writes as they are.
 */
public final class PhotoCandidate {

  private final String s3OriginalKey;
  private final UUID mediaAssetId;
  private final String sourceUrl;
  private final String kind;
  private final Integer width;
  private final Integer height;
  private String s3AlignedKey;
  private String s3EmbeddingKey;
  private Double qualityScore;
  private final JsonObject attributes = new JsonObject();

  public PhotoCandidate(String s3OriginalKey, UUID mediaAssetId, String sourceUrl, String kind, Integer width,
                        Integer height) {
    this.s3OriginalKey = s3OriginalKey;
    this.mediaAssetId = mediaAssetId;
    this.sourceUrl = sourceUrl;
    this.kind = kind;
    this.width = width;
    this.height = height;
  }

  /** The trimmed served_url; the face bank's key for this photo. */
  public String s3OriginalKey() {
    return s3OriginalKey;
  }

  public UUID mediaAssetId() {
    return mediaAssetId;
  }

  public String sourceUrl() {
    return sourceUrl;
  }

  public String kind() {
    return kind;
  }

  public Integer width() {
    return width;
  }

  public Integer height() {
    return height;
  }

  public String s3AlignedKey() {
    return s3AlignedKey;
  }

  public void s3AlignedKey(String value) {
    this.s3AlignedKey = value;
  }

  public String s3EmbeddingKey() {
    return s3EmbeddingKey;
  }

  public void s3EmbeddingKey(String value) {
    this.s3EmbeddingKey = value;
  }

  public Double qualityScore() {
    return qualityScore;
  }

  public void qualityScore(Double value) {
    this.qualityScore = value;
  }

  public JsonObject attributes() {
    return attributes;
  }
}
