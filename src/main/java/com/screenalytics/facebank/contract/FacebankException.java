package com.screenalytics.facebank.contract;

import io.vertx.core.json.JsonObject;

/**
 * A failure a caller can act on: an error code (one of {@link ErrorCode}, or a plugin stage's
 * own), a message safe to show to the caller, and optional details (JSON). The HTTP status is
 * not carried: {@link ErrorCode#httpStatusOf} derives it from the code, in one place. Messages
 * and details never carry secrets.
 */
public class FacebankException extends RuntimeException {

  private final String code;
  private final JsonObject details;

  public FacebankException(ErrorCode code, String message) {
    this(code.code(), message, null, null);
  }

  public FacebankException(ErrorCode code, String message, Throwable cause) {
    this(code.code(), message, null, cause);
  }

  public FacebankException(ErrorCode code, String message, JsonObject details) {
    this(code.code(), message, details, null);
  }

  public FacebankException(String code, String message, JsonObject details, Throwable cause) {
    super(message, cause, false, false);
    this.code = code;
    this.details = details;
  }

  public String code() {
    return code;
  }

  /** Extra JSON for the caller (a run id, a stage's own error, …), or null. */
  public JsonObject details() {
    return details;
  }

  /** The status an HTTP caller gets for this failure (see {@link ErrorCode#httpStatusOf}). */
  public int httpStatus() {
    return ErrorCode.httpStatusOf(code);
  }

  /** {"code", "message", "details"?} as it appears in responses. */
  public JsonObject toJson() {
    return errorJson(code, getMessage(), details);
  }

  public static JsonObject errorJson(ErrorCode code, String message) {
    return errorJson(code.code(), message, null);
  }

  /** {"code", "message"}, with "details" when there are any. */
  public static JsonObject errorJson(String code, String message, JsonObject details) {
    JsonObject error = new JsonObject().put("code", code).put("message", message);
    return details == null ? error : error.put("details", details.copy());
  }

  /** {"status": "error", "error": {"code", "message"}}: the answer to a failure that has no run result. */
  public static JsonObject errorBody(String code, String message) {
    return errorBody(code, message, null);
  }

  public static JsonObject errorBody(String code, String message, JsonObject details) {
    return new JsonObject().put("status", "error").put("error", errorJson(code, message, details));
  }
}
