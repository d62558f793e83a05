package com.screenalytics.facebank.stage.api;

import io.vertx.core.Future;
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
}
