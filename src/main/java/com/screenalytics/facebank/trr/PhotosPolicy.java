package com.screenalytics.facebank.trr;

import com.screenalytics.facebank.config.AppConfig;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.random.RandomGenerator;

/**
 * How this service treats the photos API, a service it does not own: how long one request may
 * take, how long one person's calls may take in all, which failures are retried and after how
 * long, how many requests may be in flight and how many may start per second, and how large an
 * answer may be.
 */
public record PhotosPolicy(long timeoutMs, int maxAttempts, long backoffMs, long retryAfterCapMs,
                           long personDeadlineMs, int maxInFlight, int ratePerSecond, long maxResponseBytes) {

  /** Doubling stops here, so a large PHOTOS_MAX_ATTEMPTS cannot overflow the delay. */
  private static final int MAX_DOUBLINGS = 20;

  public static PhotosPolicy from(AppConfig config) {
    return new PhotosPolicy(config.photosTimeoutMs(), config.photosMaxAttempts(), config.photosBackoffMs(),
        config.photosRetryAfterCapMs(), config.photosPersonDeadlineMs(), config.photosMaxInFlight(),
        config.photosRateLimitPerSec(), config.photosMaxResponseBytes());
  }

  /**
   * How long to wait before attempt {@code attempt + 1} after {@code failure}, or -1 for no
   * further attempt. A Retry-After header is honoured up to {@link #retryAfterCapMs()}; otherwise
   * the wait is exponential with "equal jitter" (between half and all of base * 2^(attempt-1)), so
   * many people failing together do not retry together.
   */
  public long retryDelayMs(PhotosCallException failure, int attempt, RandomGenerator random) {
    if (!failure.retryable() || attempt >= maxAttempts) {
      return -1;
    }
    if (failure.retryAfterMs() >= 0) {
      return Math.min(failure.retryAfterMs(), retryAfterCapMs);
    }
    long full = backoffMs << Math.min(attempt - 1, MAX_DOUBLINGS);
    return full / 2 + random.nextLong(full - full / 2 + 1);
  }

  /**
   * A Retry-After header in milliseconds from {@code now}: delta-seconds or an HTTP date (RFC 9110).
   * Absent or unreadable → -1; a date in the past → 0.
   */
  public static long parseRetryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return -1;
    }
    String value = header.trim();
    if (value.matches("\\d{1,9}")) {
      return Long.parseLong(value) * 1000;
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Math.max(0, at.toEpochMilli() - now.toEpochMilli());
    } catch (DateTimeParseException e) {
      return -1;
    }
  }
}
