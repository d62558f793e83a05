package com.screenalytics.facebank.fetch;

/**
 * The outbound policy's numbers: the timeout of one fetch (redirects included), the size cap, the
 * fetches in flight at once across the process, and the redirects followed (each checked as the
 * first URL). Which addresses may be reached is {@link AddressRules}.
 */
public record FetchPolicy(AddressRules addresses, long timeoutMs, long maxBytes, int maxInFlight, int maxRedirects) {

  /** At most three redirects, as the issue says; not a key. */
  public static final int MAX_REDIRECTS = 3;

  public FetchPolicy {
    timeoutMs = Math.max(1, timeoutMs);
    maxBytes = Math.max(1, maxBytes);
    maxInFlight = Math.max(1, maxInFlight);
    maxRedirects = Math.max(0, maxRedirects);
  }
}
