package com.screenalytics.facebank.sync;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.contract.ShowIds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A validated sync request. max_images_per_person: absent or null → 5; an integer is clamped to
 * 1–20 (however large); any other JSON type, or a number with a fraction, is a 422. {@code async}
 * asks for the run id at once instead of the result; {@code idempotencyKey} (nullable) makes a
 * repeated trigger of the same show within 24 hours return the first run. {@code dryRun} runs the
 * side-effect-free stages only and writes nothing; {@code trrPersonIds} (null: the whole cast)
 * limits the run to those TRR people of the show; {@code retryOf} names the run a retry retries.
 */
public record SyncRequest(String showId, int maxImagesPerPerson, boolean async, String idempotencyKey,
                          boolean dryRun, List<UUID> trrPersonIds, UUID retryOf) {

  public static final String DRY_RUN = "dry_run";
  public static final String TRR_PERSON_IDS = "trr_person_ids";
  public static final String RETRY_OF = "retry_of";
  /** At most this many ids in trr_person_ids (a show's cast is far smaller). */
  public static final int MAX_TRR_PERSON_IDS = 1000;

  public SyncRequest {
    trrPersonIds = trrPersonIds == null ? null : List.copyOf(trrPersonIds);
  }

  /** A request of the whole cast, not dry, not a retry. */
  public SyncRequest(String showId, int maxImagesPerPerson, boolean async, String idempotencyKey) {
    this(showId, maxImagesPerPerson, async, idempotencyKey, false, null, null);
  }

  /** The same request, a dry run or not. */
  public SyncRequest dryRun(boolean value) {
    return new SyncRequest(showId, maxImagesPerPerson, async, idempotencyKey, value, trrPersonIds, retryOf);
  }

  /** The same request as the retry of run {@code run}, limited to {@code people}. */
  public SyncRequest retrying(UUID run, List<UUID> people) {
    return new SyncRequest(showId, maxImagesPerPerson, async, idempotencyKey, dryRun, people, run);
  }

  public static final String SHOW_ID = "show_id";
  public static final String MAX_IMAGES = "max_images_per_person";
  public static final String ASYNC = "async";
  public static final String IDEMPOTENCY_KEY = "idempotency_key";
  public static final int IDEMPOTENCY_KEY_MAX_LENGTH = 255;
  public static final int DEFAULT_MAX_IMAGES = 5;
  public static final int MIN_IMAGES = 1;
  public static final int MAX_IMAGES_CAP = 20;

  /**
   * From an event-bus body {"show_id", "max_images_per_person"?, "async"?, "idempotency_key"?,
   * "dry_run"?, "trr_person_ids"?, "retry_of"?}.
   */
  public static SyncRequest fromJson(JsonObject body) {
    Object dryRun = body.getValue(DRY_RUN);
    if (dryRun != null && !(dryRun instanceof Boolean)) {
      throw new FacebankException(ErrorCode.INVALID_FIELD, DRY_RUN + " must be a boolean");
    }
    Object retryOf = body.getValue(RETRY_OF);
    UUID retried = null;
    if (retryOf != null) {
      retried = uuid(retryOf, RETRY_OF + " must be a run_id");
    }
    Object async = body.getValue(ASYNC);
    if (async != null && !(async instanceof Boolean)) {
      throw new FacebankException(ErrorCode.INVALID_FIELD, ASYNC + " must be a boolean");
    }
    Object key = body.getValue(IDEMPOTENCY_KEY);
    if (key != null && !(key instanceof String)) {
      throw new FacebankException(ErrorCode.INVALID_IDEMPOTENCY_KEY, ErrorCode.INVALID_IDEMPOTENCY_KEY.description());
    }
    SyncRequest request = of(body.getValue(SHOW_ID), body, Boolean.TRUE.equals(async), (String) key)
        .dryRun(Boolean.TRUE.equals(dryRun));
    return retried == null ? request : request.retrying(retried, request.trrPersonIds());
  }

  /** A request that waits for its result and carries no key. */
  public static SyncRequest of(Object rawShowId, JsonObject body) {
    return of(rawShowId, body, false, null);
  }

  /** From a path show id, an HTTP body object (unknown fields ignored), ?async and Idempotency-Key. */
  public static SyncRequest of(Object rawShowId, JsonObject body, boolean async, String idempotencyKey) {
    return new SyncRequest(ShowIds.normalize(rawShowId), maxImages(body.getValue(MAX_IMAGES)), async,
        idempotencyKey(idempotencyKey), false, trrPersonIds(body.getValue(TRR_PERSON_IDS)), null);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(SHOW_ID, showId).put(MAX_IMAGES, maxImagesPerPerson).put(ASYNC, async)
        .put(IDEMPOTENCY_KEY, idempotencyKey).put(DRY_RUN, dryRun);
    if (trrPersonIds != null) {
      json.put(TRR_PERSON_IDS, new JsonArray(trrPersonIds.stream().map(UUID::toString).toList()));
    }
    if (retryOf != null) {
      json.put(RETRY_OF, retryOf.toString());
    }
    return json;
  }

  /**
   * trr_person_ids: absent or null → the whole cast; otherwise a non-empty array of TRR person ids
   * (UUIDs; repeats count once), at most {@link #MAX_TRR_PERSON_IDS}. Whether each is in the show's
   * TRR cast is known once the cast is read (a 422 naming the strangers).
   */
  private static List<UUID> trrPersonIds(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_TRR_PERSON_IDS) {
      throw new FacebankException(ErrorCode.INVALID_FIELD, TRR_PERSON_IDS + " must be a non-empty array of at most "
          + MAX_TRR_PERSON_IDS + " TRR person ids");
    }
    Set<UUID> ids = new LinkedHashSet<>();
    for (Object id : array) {
      ids.add(uuid(id, TRR_PERSON_IDS + " must hold TRR person ids (UUIDs), not " + brief(id)));
    }
    return new ArrayList<>(ids);
  }

  private static UUID uuid(Object value, String message) {
    if (value instanceof String text) {
      try {
        UUID id = UUID.fromString(text.trim());
        if (id.toString().equalsIgnoreCase(text.trim())) {
          return id;
        }
      } catch (IllegalArgumentException e) {
        // answered below
      }
    }
    throw new FacebankException(ErrorCode.INVALID_FIELD, message);
  }

  private static String brief(Object value) {
    String text = String.valueOf(value);
    return text.length() > 60 ? text.substring(0, 60) + "…" : text;
  }

  /** Absent stays null; otherwise 1–255 visible ASCII characters, as most APIs that take the header allow. */
  private static String idempotencyKey(String key) {
    if (key == null) {
      return null;
    }
    boolean valid = !key.isEmpty() && key.length() <= IDEMPOTENCY_KEY_MAX_LENGTH
        && key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    if (!valid) {
      throw new FacebankException(ErrorCode.INVALID_IDEMPOTENCY_KEY, ErrorCode.INVALID_IDEMPOTENCY_KEY.description());
    }
    return key;
  }

  /** max_images_per_person as a sync takes it: absent → 5, clamped to 1–20, anything else a 422. */
  public static int maxImages(Object value) {
    if (value == null) {
      return DEFAULT_MAX_IMAGES;
    }
    BigDecimal decimal = value instanceof Number number ? exact(number) : null;
    if (decimal != null && decimal.stripTrailingZeros().scale() <= 0) {
      return clamp(decimal);
    }
    throw new FacebankException(ErrorCode.INVALID_FIELD,
        MAX_IMAGES + " must be an integer (it is clamped to " + MIN_IMAGES + "-" + MAX_IMAGES_CAP + ")");
  }

  /** The number's exact value; a double too large for its type (±Infinity) is beyond either bound. */
  private static BigDecimal exact(Number number) {
    if (number instanceof BigDecimal decimal) {
      return decimal;
    }
    if (number instanceof Double || number instanceof Float) {
      double value = number.doubleValue();
      if (Double.isNaN(value)) {
        return null;
      }
      if (Double.isInfinite(value)) {
        return BigDecimal.valueOf(value > 0 ? MAX_IMAGES_CAP : MIN_IMAGES);
      }
    }
    return new BigDecimal(number.toString());
  }

  private static int clamp(BigDecimal value) {
    if (value.compareTo(BigDecimal.valueOf(MIN_IMAGES)) < 0) {
      return MIN_IMAGES;
    }
    if (value.compareTo(BigDecimal.valueOf(MAX_IMAGES_CAP)) > 0) {
      return MAX_IMAGES_CAP;
    }
    return value.intValueExact();
  }
}
