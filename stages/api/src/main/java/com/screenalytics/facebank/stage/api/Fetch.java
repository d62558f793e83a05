package com.screenalytics.facebank.stage.api;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Port (API 1.1): the service's outbound HTTP fetch, the only way a stage downloads a photo. The
 * service applies its outbound policy on every call (http and https only, hosts resolved once and
 * private, loopback, link-local, multicast and unspecified addresses refused unless allowed, a few
 * redirects each checked the same way, a timeout, a size cap, a cap on fetches in flight), so a
 * stage cannot be pointed at the service's own network. A failed future carries a
 * {@link FetchException} whose {@link FetchException#reason()} says why.
 *
 * <p>Every future completes on the caller's context.
 */
public interface Fetch {

  /**
   * What a fetch got: the body, the URL it finally came from (after redirects), and the
   * Content-Type the server sent (or null) — what the server says, never proof of what the bytes are.
   */
  record Fetched(Buffer body, String finalUrl, String contentType) {
  }

  /** GETs {@code url} under the service's outbound policy. */
  Future<Fetched> fetch(String url);
}
