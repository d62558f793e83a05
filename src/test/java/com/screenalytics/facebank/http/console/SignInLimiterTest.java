package com.screenalytics.facebank.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The sign-in limits over time, on a clock the test moves (the JDK's fixed clock, one per instant). */
class SignInLimiterTest {

  private Instant now = Instant.parse("2026-12-01T10:00:00Z");
  private final SignInLimiter limiter = new SignInLimiter(new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  });

  @Test
  void theSixthAttemptWithinAMinuteWaitsUntilTheOldestFailureIsAMinuteOld() {
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.attempt("10.0.0.1", "bob")).isZero();
      now = now.plusSeconds(10);
    }
    assertThat(limiter.attempt("10.0.0.1", "bob")).as("10 s left of the first failure's minute").isEqualTo(10);
    assertThat(limiter.attempt("10.0.0.2", "bob")).as("the name, from anywhere").isEqualTo(10);
    assertThat(limiter.attempt("10.0.0.1", "carol")).as("the address, for any name").isEqualTo(10);
    now = now.plus(Duration.ofSeconds(10));
    assertThat(limiter.attempt("10.0.0.1", "bob")).as("the first failure has left the window").isZero();
  }

  @Test
  void aSuccessIsNotAFailureAndClearsTheName() {
    for (int i = 0; i < 4; i++) {
      limiter.attempt("10.0.0.1", "bob");
    }
    assertThat(limiter.attempt("10.0.0.1", "bob")).isZero();
    limiter.succeeded("10.0.0.1", "bob");
    assertThat(limiter.attempt("10.0.0.3", "bob")).as("the name starts afresh").isZero();
    assertThat(limiter.attempt("10.0.0.1", "carol")).as("4 failures and this attempt from the address").isZero();
    assertThat(limiter.attempt("10.0.0.1", "dave")).as("now 5 failures counted plus the success taken back")
        .isPositive();
  }

  @Test
  void aLinkAttemptCountsForTheAddressOnly() {
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.attempt("10.0.0.9", null)).isZero();
    }
    assertThat(limiter.attempt("10.0.0.9", null)).isPositive();
    assertThat(limiter.attempt("10.0.0.8", null)).isZero();
  }
}
