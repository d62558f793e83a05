package com.screenalytics.facebank.pipeline;

import com.screenalytics.facebank.stage.api.Content;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A photo on its way into the face bank. The source fields are fixed by import-photos; later
 * stages (crop, enhance, embed) fill the aligned and embedding keys and the quality score, which
 * the store writes as they are, and their own details, kept per stage in stage_details.
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
  private Content content;
  private final Map<String, JsonObject> details = new LinkedHashMap<>();

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

  /** What the bytes are (mirror's output), or null. */
  public Content content() {
    return content;
  }

  public void content(Content value) {
    this.content = value;
  }

  /** One stage's details, created empty on first use: the stage writes into it. */
  JsonObject details(String stage) {
    return details.computeIfAbsent(stage, name -> new JsonObject());
  }

  /** Another stage's details, or null. */
  JsonObject detailsOf(String stage) {
    JsonObject found = details.get(stage);
    return found == null || found.isEmpty() ? null : found;
  }

  /** {"<stage>": {...}} for every stage that wrote something; null when none did. */
  public JsonObject stageDetails() {
    JsonObject all = new JsonObject();
    details.forEach((stage, json) -> {
      if (!json.isEmpty()) {
        all.put(stage, json);
      }
    });
    return all.isEmpty() ? null : all;
  }
}
