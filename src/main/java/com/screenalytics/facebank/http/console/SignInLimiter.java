package com.screenalytics.facebank.http.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Failed sign-ins per client address and per operator name: after {@link #MAX_FAILURES} within
 * {@link #WINDOW}, further attempts answer 429 until the oldest failure leaves the window. An
 * attempt counts as failed from the moment it starts (so a burst of parallel guesses is counted
 * before PBKDF2 answers any of them), and is taken back if it succeeds. In memory, per instance;
 * used on one event loop only.
 */
final class SignInLimiter {

  static final int MAX_FAILURES = 5;
  static final Duration WINDOW = Duration.ofMinutes(1);
  /** Above this many keys, keys with no failure left in the window are dropped. */
  private static final int PRUNE_ABOVE = 10_000;

  private final Clock clock;
  private final Map<String, Deque<Instant>> failures = new HashMap<>();

  SignInLimiter(Clock clock) {
    this.clock = clock;
  }

  /**
   * Starts an attempt from {@code address} for {@code name} (null: an attempt without a name, a
   * sign-in link). Answers 0 when it may go on (and counts it as failed until {@link #succeeded});
   * otherwise the seconds to wait, and nothing is counted.
   */
  long attempt(String address, String name) {
    Instant now = clock.instant();
    long wait = Math.max(waitSeconds(addressKey(address), now), name == null ? 0 : waitSeconds(nameKey(name), now));
    if (wait > 0) {
      return wait;
    }
    record(addressKey(address), now);
    if (name != null) {
      record(nameKey(name), now);
    }
    return 0;
  }

  /** The attempt worked: it is not a failure of the address, and the name starts afresh. */
  void succeeded(String address, String name) {
    Deque<Instant> fromAddress = failures.get(addressKey(address));
    if (fromAddress != null) {
      fromAddress.pollLast();
    }
    if (name != null) {
      failures.remove(nameKey(name));
    }
  }

  private long waitSeconds(String key, Instant now) {
    Deque<Instant> times = live(key, now);
    if (times == null || times.size() < MAX_FAILURES) {
      return 0;
    }
    Instant free = times.peekFirst().plus(WINDOW);
    return Math.max(1, (Duration.between(now, free).toMillis() + 999) / 1000);
  }

  private void record(String key, Instant now) {
    if (failures.size() > PRUNE_ABOVE) {
      Instant since = now.minus(WINDOW);
      failures.values().removeIf(times -> prune(times, since).isEmpty());
    }
    failures.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(now);
  }

  /** The key's failures within the window (older ones dropped), or null when none is left. */
  private Deque<Instant> live(String key, Instant now) {
    Deque<Instant> times = failures.get(key);
    if (times == null) {
      return null;
    }
    if (prune(times, now.minus(WINDOW)).isEmpty()) {
      failures.remove(key);
      return null;
    }
    return times;
  }

  private static Deque<Instant> prune(Deque<Instant> times, Instant since) {
    while (!times.isEmpty() && !times.peekFirst().isAfter(since)) {
      times.pollFirst();
    }
    return times;
  }

  private static String addressKey(String address) {
    return "address:" + address;
  }

  private static String nameKey(String name) {
    return "name:" + name;
  }
}
