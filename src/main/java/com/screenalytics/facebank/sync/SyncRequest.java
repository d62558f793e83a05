package com.screenalytics.facebank.sync;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.contract.ShowIds;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;

/**
 * A validated sync request. max_images_per_person: absent or null → 5; an integer is clamped to
 * 1–20 (however large); any other JSON type, or a number with a fraction, is a 422. {@code async}
 * asks for the run id at once instead of the result; {@code idempotencyKey} (nullable) makes a
 * repeated trigger of the same show within 24 hours return the first run.
 */
public record SyncRequest(String showId, int maxImagesPerPerson, boolean async, String idempotencyKey) {

  public static final String SHOW_ID = "show_id";
  public static final String MAX_IMAGES = "max_images_per_person";
  public static final String ASYNC = "async";
  public static final String IDEMPOTENCY_KEY = "idempotency_key";
  public static final int IDEMPOTENCY_KEY_MAX_LENGTH = 255;
  public static final int DEFAULT_MAX_IMAGES = 5;
  public static final int MIN_IMAGES = 1;
  public static final int MAX_IMAGES_CAP = 20;

  /** From an event-bus body {"show_id", "max_images_per_person"?, "async"?, "idempotency_key"?}. */
  public static SyncRequest fromJson(JsonObject body) {
    Object async = body.getValue(ASYNC);
    if (async != null && !(async instanceof Boolean)) {
      throw new FacebankException(ErrorCode.INVALID_FIELD, ASYNC + " must be a boolean");
    }
    Object key = body.getValue(IDEMPOTENCY_KEY);
    if (key != null && !(key instanceof String)) {
      throw new FacebankException(ErrorCode.INVALID_IDEMPOTENCY_KEY, ErrorCode.INVALID_IDEMPOTENCY_KEY.description());
    }
    return of(body.getValue(SHOW_ID), body, Boolean.TRUE.equals(async), (String) key);
  }

  /** A request that waits for its result and carries no key. */
  public static SyncRequest of(Object rawShowId, JsonObject body) {
    return of(rawShowId, body, false, null);
  }

  /** From a path show id, an HTTP body object (unknown fields ignored), ?async and Idempotency-Key. */
  public static SyncRequest of(Object rawShowId, JsonObject body, boolean async, String idempotencyKey) {
    return new SyncRequest(ShowIds.normalize(rawShowId), maxImages(body.getValue(MAX_IMAGES)), async,
        idempotencyKey(idempotencyKey));
  }

  public JsonObject toJson() {
    return new JsonObject().put(SHOW_ID, showId).put(MAX_IMAGES, maxImagesPerPerson).put(ASYNC, async)
        .put(IDEMPOTENCY_KEY, idempotencyKey);
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
