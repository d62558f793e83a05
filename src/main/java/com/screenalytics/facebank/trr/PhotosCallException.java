package com.screenalytics.facebank.trr;

/**
 * Why a photos API call failed, in words safe to return to a caller: never the service token,
 * never the upstream's body. {@link #kind()} says what happened, so the caller can pick an error
 * code, and the policy can tell a failure worth retrying from one that is not.
 */
public final class PhotosCallException extends RuntimeException {

  /** What went wrong with one call. */
  public enum Kind {
    /** No complete answer within the request timeout or the person's deadline. */
    TIMEOUT,
    /** HTTP 429. */
    RATE_LIMITED,
    /** HTTP 401 or 403: the service token was refused. */
    UNAUTHORIZED,
    /** Any other status outside 2xx. */
    HTTP_STATUS,
    /** Could not connect, or the connection broke before the answer was complete. */
    CONNECTION,
    /** A 2xx answer whose body is not a JSON array. */
    BAD_BODY,
    /** A 2xx answer larger than PHOTOS_MAX_RESPONSE_BYTES. */
    TOO_LARGE
  }

  private final Kind kind;
  private final int status;
  private final long retryAfterMs;

  private PhotosCallException(Kind kind, int status, long retryAfterMs, String message, Throwable cause) {
    super(message, cause, false, false);
    this.kind = kind;
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }

  public static PhotosCallException of(Kind kind, String message) {
    return new PhotosCallException(kind, 0, -1, message, null);
  }

  /** A non-2xx answer; {@code retryAfterMs} is the parsed Retry-After header, or -1. */
  public static PhotosCallException status(int status, long retryAfterMs) {
    Kind kind = status == 429 ? Kind.RATE_LIMITED
        : status == 401 || status == 403 ? Kind.UNAUTHORIZED
        : Kind.HTTP_STATUS;
    return new PhotosCallException(kind, status, retryAfterMs, "HTTP " + status + " from photos API", null);
  }

  public static PhotosCallException connection(Throwable cause) {
    return new PhotosCallException(Kind.CONNECTION, 0, -1, "photos API connection failure: " + cause.getMessage(),
        cause);
  }

  /** Any failure of a call as one of ours (an unexpected one counts as a connection failure). */
  static PhotosCallException from(Throwable e) {
    return e instanceof PhotosCallException known ? known : connection(e);
  }

  /** The same failure, its message saying how many attempts were made and, maybe, why no more. */
  PhotosCallException after(int attempts, String why) {
    String message = getMessage() + " (" + attempts + (attempts == 1 ? " attempt" : " attempts")
        + (why == null ? "" : "; " + why) + ")";
    return new PhotosCallException(kind, status, retryAfterMs, message, getCause());
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status of the answer, or 0 when there was none. */
  public int status() {
    return status;
  }

  /** The answer's Retry-After in milliseconds, or -1 when it had none (or none we could read). */
  public long retryAfterMs() {
    return retryAfterMs;
  }

  /** Connection errors, timeouts, 429, 502, 503 and 504 may pass on their own; nothing else will. */
  public boolean retryable() {
    return switch (kind) {
      case TIMEOUT, CONNECTION, RATE_LIMITED -> true;
      case HTTP_STATUS -> status == 502 || status == 503 || status == 504;
      default -> false;
    };
  }
}
