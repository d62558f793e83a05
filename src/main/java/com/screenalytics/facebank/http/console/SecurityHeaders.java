package com.screenalytics.facebank.http.console;

import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The headers every response of the server carries, the API's JSON included: a
 * Content-Security-Policy that lets the console load its own scripts, styles and data ('self')
 * and photos from 'self' and the configured photo hosts only, and never run inline code; no
 * framing; no Referer (a one-time link or a run id never leaves in one).
 */
public final class SecurityHeaders {

  /** An origin for img-src: scheme, host (optionally *.domain) and port; nothing a policy could be bent with. */
  private static final Pattern ORIGIN = Pattern.compile("^https?://(\\*\\.)?[A-Za-z0-9.-]+(:\\d{1,5})?$");

  private final String policy;

  /** {@code imageHosts}: origins such as https://photos.example:8443; a malformed one stops start-up. */
  public SecurityHeaders(List<String> imageHosts) {
    for (String host : imageHosts) {
      if (!ORIGIN.matcher(host).matches()) {
        throw new IllegalArgumentException("CONSOLE_IMAGE_HOSTS: '" + host
            + "' is not an origin like https://photos.example or https://*.cdn.example:8443");
      }
    }
    String images = imageHosts.isEmpty() ? "" : " " + imageHosts.stream().distinct().collect(Collectors.joining(" "));
    this.policy = "default-src 'self'; img-src 'self'" + images + "; object-src 'none'; base-uri 'none'; "
        + "form-action 'self'; frame-ancestors 'none'";
  }

  public String policy() {
    return policy;
  }

  public void apply(HttpServerResponse response) {
    response.headers()
        .set("Content-Security-Policy", policy)
        .set("X-Frame-Options", "DENY")
        .set("Referrer-Policy", "no-referrer")
        .set("X-Content-Type-Options", "nosniff");
  }
}
