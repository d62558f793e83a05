package com.screenalytics.facebank.stage.api;

import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Port: what a person already has in the face bank, read-only. */
public interface FaceBankKeys {

  /** The keys of a person's existing face-bank rows. */
  record Existing(Set<String> s3OriginalKeys, Set<UUID> mediaAssetIds) {
    public Existing {
      s3OriginalKeys = Set.copyOf(s3OriginalKeys);
      mediaAssetIds = Set.copyOf(mediaAssetIds);
    }
  }

  /** The s3_original_key and media_asset_id of every row the person has (none: empty sets). */
  Future<Existing> existing(UUID personId);

  /** The content hashes of one existing row (API 1.1). */
  record StoredContent(String s3OriginalKey, String sha256, long perceptualHash) {
  }

  /**
   * The content hashes of the person's rows that have them (rows written with {@code mirror} on;
   * rows written without it have none and are not listed), oldest first (API 1.1).
   */
  Future<List<StoredContent>> contents(UUID personId);

  /** One existing row's embedding: the row's s3_original_key and its s3_embedding_key (API 1.4). */
  record StoredEmbedding(String s3OriginalKey, String s3EmbeddingKey) {
  }

  /**
   * The embedding keys of the person's rows that have one (rows written with {@code embed} on),
   * oldest first (API 1.4): the blobs a stage reads to compare a new face with the stored ones.
   */
  Future<List<StoredEmbedding>> embeddings(UUID personId);
}
