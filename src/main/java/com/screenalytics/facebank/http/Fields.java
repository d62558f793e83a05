package com.screenalytics.facebank.http;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Field validation of request bodies: each failure is a 422 invalid_field naming the field. */
final class Fields {

  static final int MAX_TEXT = 500;

  private Fields() {
  }

  static String requiredText(JsonObject body, String field) {
    String value = optionalText(body, field);
    if (value == null) {
      throw invalid(field, "is required and must be a non-blank string");
    }
    return value;
  }

  /** A trimmed string, or null when absent, null or blank. */
  static String optionalText(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw invalid(field, "must be a string");
    }
    String trimmed = text.trim();
    if (trimmed.length() > MAX_TEXT) {
      throw invalid(field, "must be at most " + MAX_TEXT + " characters");
    }
    return trimmed.isEmpty() ? null : trimmed;
  }

  static List<String> textList(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw invalid(field, "must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String text)) {
        throw invalid(field, "must be an array of strings");
      }
      if (!text.isBlank()) {
        out.add(text.trim());
      }
    }
    return out;
  }

  static String oneOf(JsonObject body, String field, List<String> allowed, String fallback) {
    String value = optionalText(body, field);
    if (value == null) {
      return fallback;
    }
    if (!allowed.contains(value)) {
      throw invalid(field, "must be one of " + allowed);
    }
    return value;
  }

  static UUID uuid(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof String text) {
      try {
        return UUID.fromString(text.trim());
      } catch (IllegalArgumentException e) {
        // falls through to the error below
      }
    }
    throw invalid(field, "must be a UUID");
  }

  /**
   * A UUID in a path or query: its canonical text only (any case), so one run or batch has one
   * address; anything else is {@code code} with {@code message}.
   */
  static UUID canonicalUuid(String value, ErrorCode code, String message) {
    try {
      UUID id = UUID.fromString(value);
      if (id.toString().equalsIgnoreCase(value)) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw new FacebankException(code, message);
  }

  static FacebankException invalid(String field, String what) {
    return new FacebankException(ErrorCode.INVALID_FIELD, field + " " + what);
  }
}
