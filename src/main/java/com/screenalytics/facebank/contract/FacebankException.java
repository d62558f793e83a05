package com.screenalytics.facebank.contract;

import io.vertx.core.json.JsonObject;

/**
 * A failure a caller can act on: an error code (usually one of {@link ErrorCode}; plugin stages
 * may use their own) and a message safe to show to the caller. Messages never carry secrets.
 */
public class FacebankException extends RuntimeException {

  private final String code;
  private final int httpStatus;

  public FacebankException(ErrorCode code, String message) {
    this(code.code(), code.httpStatus(), message, null);
  }

  public FacebankException(ErrorCode code, String message, Throwable cause) {
    this(code.code(), code.httpStatus(), message, cause);
  }

  /** For stages outside the Day-1 set that need codes of their own. */
  public FacebankException(String code, int httpStatus, String message, Throwable cause) {
    super(message, cause, false, false);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** {"code", "message"} as it appears in responses. */
  public JsonObject toJson() {
    return new JsonObject().put("code", code).put("message", getMessage());
  }

  public static JsonObject errorJson(ErrorCode code, String message) {
    return new JsonObject().put("code", code.code()).put("message", message);
  }

  /** {"status": "error", "error": {"code", "message"}}: the answer to a failure that has no run result. */
  public static JsonObject errorBody(String code, String message) {
    return new JsonObject().put("status", "error").put("error", new JsonObject().put("code", code).put("message", message));
  }
}
