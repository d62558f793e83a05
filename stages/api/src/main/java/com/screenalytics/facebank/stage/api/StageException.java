package com.screenalytics.facebank.stage.api;

import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * A failure a stage reports with a code of its own: a person stage's fails that person with this
 * code ({@code people[].error}); a show stage's fails the run ({@code error.code = stage_failed},
 * with this stage's name, code, message and details inside). There is no HTTP status here: the
 * service decides what a failure means for its callers. Message and details are shown to callers
 * as they are: never put a secret in them.
 */
public class StageException extends RuntimeException {

  private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private final String code;
  private final JsonObject details;

  public StageException(String code, String message) {
    this(code, message, null, null);
  }

  public StageException(String code, String message, JsonObject details) {
    this(code, message, details, null);
  }

  /**
   * @param code    lower-case letters, digits and '_', starting with a letter (e.g. "size_unknown")
   * @param details extra JSON for the caller, or null
   */
  public StageException(String code, String message, JsonObject details, Throwable cause) {
    super(message, cause);
    if (code == null || !CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("a stage error code is lower-case letters, digits and '_': " + code);
    }
    this.code = code;
    this.details = details == null ? null : details.copy();
  }

  public String code() {
    return code;
  }

  /** A copy of the details, or null. */
  public JsonObject details() {
    return details == null ? null : details.copy();
  }
}
