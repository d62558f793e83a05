package com.screenalytics.facebank.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** People, their link to cast members, and their face-bank rows. */
public final class FaceBankRepository {

  /** What a person already has in the face bank, for dedupe. */
  public record ExistingKeys(Set<String> s3OriginalKeys, Set<UUID> mediaAssetIds) {
  }

  /** The content hashes of one row written with mirror on. */
  public record StoredContent(String s3OriginalKey, String sha256, long perceptualHash) {
  }

  /** What {@link #writePerson} did: the member's cast_id and the keys of the images it inserted. */
  public record StoredEmbedding(String s3OriginalKey, String s3EmbeddingKey) {
  }

  public record PersonWritten(UUID castId, Set<String> insertedKeys) {
  }

  private final Pool pool;

  public FaceBankRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Everything one person's sync writes, as one statement (one round trip, one transaction): the
   * person row (never overwriting one), the cast member (the matched one linked, or a new one
   * created under the chosen cast_id), and the images. A failure anywhere writes none of it.
   */
  public Future<PersonWritten> writePerson(PersonWrite write) {
    List<NewFaceBankImage> images = write.images();
    Tuple args = Tuple.of(write.personId(), write.fullName(), write.castId(), write.showId(), write.imdbId(),
            write.createMember(), write.photoSource(), write.runId())
        .addArrayOfUUID(images.stream().map(NewFaceBankImage::mediaAssetId).toArray(UUID[]::new))
        .addArrayOfString(images.stream().map(NewFaceBankImage::s3OriginalKey).toArray(String[]::new))
        .addArrayOfString(images.stream().map(NewFaceBankImage::s3AlignedKey).toArray(String[]::new))
        .addArrayOfString(images.stream().map(NewFaceBankImage::s3EmbeddingKey).toArray(String[]::new))
        .addArrayOfDouble(images.stream().map(NewFaceBankImage::qualityScore).toArray(Double[]::new))
        .addArrayOfString(images.stream().map(NewFaceBankImage::sourceUrl).toArray(String[]::new))
        .addArrayOfString(images.stream().map(NewFaceBankImage::kind).toArray(String[]::new))
        .addArrayOfInteger(images.stream().map(NewFaceBankImage::width).toArray(Integer[]::new))
        .addArrayOfInteger(images.stream().map(NewFaceBankImage::height).toArray(Integer[]::new))
        .addArrayOfString(images.stream().map(image -> image.stageDetails() == null ? null : image.stageDetails().encode())
            .toArray(String[]::new))
        .addArrayOfString(images.stream().map(NewFaceBankImage::contentSha256).toArray(String[]::new))
        .addArrayOfLong(images.stream().map(NewFaceBankImage::perceptualHash).toArray(Long[]::new))
        .addArrayOfString(images.stream().map(NewFaceBankImage::mime).toArray(String[]::new))
        .addArrayOfLong(images.stream().map(NewFaceBankImage::bytes).toArray(Long[]::new))
        .addArrayOfString(images.stream().map(NewFaceBankImage::mirrorKey).toArray(String[]::new));
    return pool.preparedQuery(Sql.PERSON_WRITE).execute(args).map(rows -> {
      Row row = rows.iterator().next();
      return new PersonWritten(row.getUUID("cast_id"), Set.of(row.getArrayOfStrings("inserted")));
    });
  }

  public Future<ExistingKeys> existingKeys(UUID personId) {
    return pool.preparedQuery(Sql.FACEBANK_KEYS).execute(Tuple.of(personId)).map(rows -> {
      Set<String> keys = new HashSet<>();
      Set<UUID> assets = new HashSet<>();
      for (Row row : rows) {
        keys.add(row.getString("s3_original_key"));
        UUID asset = row.getUUID("media_asset_id");
        if (asset != null) {
          assets.add(asset);
        }
      }
      return new ExistingKeys(keys, assets);
    });
  }

  /**
   * The keys of each of {@code people}, in one query; a person with no row has empty sets. What a
   * run reads once for all its people instead of one query per person.
   */
  public Future<Map<UUID, ExistingKeys>> existingKeys(Collection<UUID> people) {
    return pool.preparedQuery(Sql.FACEBANK_KEYS_OF_PEOPLE).execute(Tuple.of(people.toArray(UUID[]::new))).map(rows -> {
      Map<UUID, ExistingKeys> found = new HashMap<>();
      people.forEach(person -> found.put(person, new ExistingKeys(new HashSet<>(), new HashSet<>())));
      for (Row row : rows) {
        ExistingKeys keys = found.get(row.getUUID("person_id"));
        keys.s3OriginalKeys().add(row.getString("s3_original_key"));
        UUID asset = row.getUUID("media_asset_id");
        if (asset != null) {
          keys.mediaAssetIds().add(asset);
        }
      }
      return found;
    });
  }

  /** The content hashes of the person's rows that have them (mirror on), oldest first. */
  public Future<List<StoredContent>> contents(UUID personId) {
    return pool.preparedQuery(Sql.FACEBANK_CONTENTS).execute(Tuple.of(personId)).map(rows -> {
      List<StoredContent> found = new ArrayList<>();
      for (Row row : rows) {
        found.add(new StoredContent(row.getString("s3_original_key"), row.getString("content_sha256"),
            row.getLong("perceptual_hash")));
      }
      return found;
    });
  }

  /** The embedding keys of the person's rows that have one (embed on), oldest first. */
  public Future<List<StoredEmbedding>> embeddings(UUID personId) {
    return pool.preparedQuery(Sql.FACEBANK_EMBEDDINGS).execute(Tuple.of(personId)).map(rows -> {
      List<StoredEmbedding> found = new ArrayList<>();
      for (Row row : rows) {
        found.add(new StoredEmbedding(row.getString("s3_original_key"), row.getString("s3_embedding_key")));
      }
      return found;
    });
  }

  /** The person and their face-bank rows, or empty when there is no such person. */
  public Future<Optional<JsonObject>> faceBank(UUID personId) {
    return pool.preparedQuery(Sql.PERSON_GET).execute(Tuple.of(personId)).compose(people -> {
      if (people.size() == 0) {
        return Future.succeededFuture(Optional.empty());
      }
      Row person = people.iterator().next();
      return pool.preparedQuery(Sql.FACEBANK_LIST).execute(Tuple.of(personId)).map(rows -> {
        JsonArray images = new JsonArray();
        rows.forEach(row -> images.add(imageJson(row)));
        return Optional.of(new JsonObject()
            .put("person_id", Json.string(personId))
            .put("display_name", person.getString("display_name"))
            .put("canonical_name", person.getString("canonical_name"))
            .put("aliases", Json.array(person.getArrayOfStrings("aliases")))
            .put("images", images));
      });
    });
  }

  /**
   * An operator's review of one row: approved (true) or rejected (false), by {@code operator}.
   * Answers the row as it now stands; empty when the person has no such row. Never deletes.
   */
  public Future<Optional<JsonObject>> review(UUID personId, UUID imageId, boolean approve, String operator) {
    return pool.preparedQuery(approve ? Sql.FACEBANK_APPROVE : Sql.FACEBANK_REJECT)
        .execute(Tuple.of(personId, imageId, operator))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(imageJson(rows.iterator().next())));
  }

  private static JsonObject imageJson(Row row) {
    Long perceptualHash = row.getLong("perceptual_hash");
    String mirrorKey = row.getString("mirror_key");
    return new JsonObject()
        .put("image_id", Json.string(row.getUUID("image_id")))
        .put("person_id", Json.string(row.getUUID("person_id")))
        .put("media_asset_id", Json.string(row.getUUID("media_asset_id")))
        .put("s3_original_key", row.getString("s3_original_key"))
        .put("s3_aligned_key", row.getString("s3_aligned_key"))
        .put("s3_embedding_key", row.getString("s3_embedding_key"))
        .put("quality_score", row.getDouble("quality_score"))
        .put("is_seed", row.getBoolean("is_seed"))
        .put("approved", row.getBoolean("approved"))
        .put("approved_at", Json.string(row.getOffsetDateTime("approved_at")))
        .put("approved_by", row.getString("approved_by"))
        .put("rejected", row.getBoolean("rejected"))
        .put("rejected_at", Json.string(row.getOffsetDateTime("rejected_at")))
        .put("rejected_by", row.getString("rejected_by"))
        .put("created_at", Json.string(row.getOffsetDateTime("created_at")))
        .put("source_url", row.getString("source_url"))
        .put("photo_source", row.getString("photo_source"))
        .put("kind", row.getString("kind"))
        .put("width", row.getInteger("width"))
        .put("height", row.getInteger("height"))
        .put("run_id", Json.string(row.getUUID("run_id")))
        .put("stage_details", row.getValue("stage_details"))
        .put("content_sha256", row.getString("content_sha256"))
        .put("perceptual_hash", perceptualHash == null ? null : String.format(Locale.ROOT, "%016x", perceptualHash))
        .put("mime", row.getString("mime"))
        .put("bytes", row.getLong("bytes"))
        .put("mirror_key", mirrorKey)
        // Where the console (or an operator with the admin secret) gets the mirrored original.
        .put("mirror_url", mirrorKey == null ? null : "/blobs/" + mirrorKey);
  }
}
