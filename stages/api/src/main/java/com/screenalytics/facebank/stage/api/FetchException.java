package com.screenalytics.facebank.stage.api;

import java.util.Set;

/**
 * Why a {@link Fetch} failed, as a drop reason a stage reports as it is
 * ({@code person.drop(candidate, e.reason(), e.getMessage())}). Its message names the URL's host
 * at most, never a secret.
 */
public final class FetchException extends RuntimeException {

  /** Could not connect, timed out, too many redirects, or a status other than 2xx. */
  public static final String FETCH_FAILED = "fetch_failed";
  /** The URL's scheme is not http/https, or its host (or a redirect's) resolves to a refused address. */
  public static final String BLOCKED_HOST = "blocked_host";
  /** The body is larger than the service's cap. */
  public static final String TOO_LARGE = "too_large";
  /**
   * Not raised by the fetch itself: the reason a stage gives when the bytes it fetched are not an
   * image it can decode (sniffed from the bytes, never from Content-Type).
   */
  public static final String NOT_AN_IMAGE = "not_an_image";

  private static final Set<String> REASONS = Set.of(FETCH_FAILED, BLOCKED_HOST, TOO_LARGE, NOT_AN_IMAGE);

  private final String reason;

  public FetchException(String reason, String message) {
    this(reason, message, null);
  }

  public FetchException(String reason, String message, Throwable cause) {
    super(message, cause);
    if (!REASONS.contains(reason)) {
      throw new IllegalArgumentException("a fetch reason is one of " + REASONS + ": " + reason);
    }
    this.reason = reason;
  }

  /** One of {@link #FETCH_FAILED}, {@link #BLOCKED_HOST}, {@link #TOO_LARGE}, {@link #NOT_AN_IMAGE}. */
  public String reason() {
    return reason;
  }
}
