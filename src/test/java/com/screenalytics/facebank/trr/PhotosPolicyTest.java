package com.screenalytics.facebank.trr;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.trr.PhotosCallException.Kind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which failures are retried and after how long: the arithmetic behind FaultInjectionTest's timings. */
class PhotosPolicyTest {

  private static final PhotosPolicy POLICY = new PhotosPolicy(10_000, 4, 100, 5_000, 30_000, 8, 0, 5 * 1024 * 1024);
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  @Test
  void onlyConnectionErrorsTimeoutsAnd429And502To504AreRetried() {
    assertThat(PhotosCallException.connection(new RuntimeException("refused")).retryable()).isTrue();
    assertThat(PhotosCallException.of(Kind.TIMEOUT, "late").retryable()).isTrue();
    for (int status : new int[] {429, 502, 503, 504}) {
      assertThat(PhotosCallException.status(status, -1).retryable()).as("HTTP %s", status).isTrue();
    }
    for (int status : new int[] {400, 401, 403, 404, 408, 422, 500, 501, 505}) {
      assertThat(PhotosCallException.status(status, -1).retryable()).as("HTTP %s", status).isFalse();
    }
    assertThat(PhotosCallException.of(Kind.BAD_BODY, "html").retryable()).isFalse();
    assertThat(PhotosCallException.of(Kind.TOO_LARGE, "6 MiB").retryable()).isFalse();
  }

  @Test
  void backoffDoublesWithJitterBetweenHalfAndAllOfIt() {
    Random random = new Random(42);
    PhotosCallException failure = PhotosCallException.status(503, -1);
    for (int i = 0; i < 200; i++) {
      assertThat(POLICY.retryDelayMs(failure, 1, random)).isBetween(50L, 100L);
      assertThat(POLICY.retryDelayMs(failure, 2, random)).isBetween(100L, 200L);
      assertThat(POLICY.retryDelayMs(failure, 3, random)).isBetween(200L, 400L);
    }
    assertThat(POLICY.retryDelayMs(failure, 4, random)).as("the last of PHOTOS_MAX_ATTEMPTS").isEqualTo(-1);
    assertThat(POLICY.retryDelayMs(PhotosCallException.status(500, -1), 1, random)).isEqualTo(-1);
  }

  @Test
  void retryAfterReplacesTheBackoffUpToTheCap() {
    Random random = new Random(7);
    assertThat(POLICY.retryDelayMs(PhotosCallException.status(429, 2_000), 1, random)).isEqualTo(2_000);
    assertThat(POLICY.retryDelayMs(PhotosCallException.status(503, 0), 1, random)).isZero();
    assertThat(POLICY.retryDelayMs(PhotosCallException.status(429, 3_600_000), 1, random)).isEqualTo(5_000);
  }

  @Test
  void retryAfterReadsDeltaSecondsAndHttpDates() {
    String inThirtySeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(30).atOffset(ZoneOffset.UTC));
    String anHourAgo = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.minusSeconds(3600).atOffset(ZoneOffset.UTC));

    assertThat(PhotosPolicy.parseRetryAfter("3", NOW)).isEqualTo(3_000);
    assertThat(PhotosPolicy.parseRetryAfter(" 0 ", NOW)).isZero();
    assertThat(PhotosPolicy.parseRetryAfter(inThirtySeconds, NOW)).isEqualTo(30_000);
    assertThat(PhotosPolicy.parseRetryAfter(anHourAgo, NOW)).as("a date in the past: retry now").isZero();
    for (String unreadable : new String[] {null, "", "soon", "-5", "1.5", "99999999999999999999"}) {
      assertThat(PhotosPolicy.parseRetryAfter(unreadable, NOW)).as("'%s'", unreadable).isEqualTo(-1);
    }
  }
}
