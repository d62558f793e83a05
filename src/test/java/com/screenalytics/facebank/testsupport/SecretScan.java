package com.screenalytics.facebank.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * DESIGN 3.1: no response, log line or error ever contains the admin secret, the service token or
 * a database password. Tests keep what callers saw ({@link #seen}) and search it, with the log
 * lines, for each secret.
 */
public final class SecretScan {

  /** The secrets every {@link ServiceUnderTest} runs with (both test databases use DB_PASSWORD). */
  public static final List<String> SECRETS = List.of(ServiceUnderTest.ADMIN_SECRET, ServiceUnderTest.SERVICE_TOKEN,
      TestDatabases.DB_PASSWORD);

  private SecretScan() {
  }

  /** Everything a caller could see of a response: status line, headers, body. */
  public static String seen(HttpResponse<Buffer> response) {
    StringBuilder seen = new StringBuilder()
        .append(response.statusCode()).append(' ').append(response.statusMessage()).append('\n');
    response.headers().forEach(header -> seen.append(header.getKey()).append(": ").append(header.getValue())
        .append('\n'));
    return seen.append(response.bodyAsString()).toString();
  }

  /**
   * Closes the service (what it logs on the way out counts too), then searches {@code seen} — what
   * callers saw — and every captured log line for the secrets.
   */
  public static void closeAndScan(ServiceUnderTest service, List<String> seen) {
    try {
      if (service != null) {
        service.close();
      }
    } finally {
      assertNoSecret("responses", seen, SECRETS);
      assertNoSecret("log lines", LogCapture.lines(), SECRETS);
    }
  }

  /** Fails naming each place (with some context) where one of {@code secrets} occurs in {@code texts}. */
  public static void assertNoSecret(String what, List<String> texts, List<String> secrets) {
    for (String secret : secrets) {
      assertThat(secret).as("a secret to look for").isNotBlank().hasSizeGreaterThan(4);
      assertThat(leaks(texts, secret)).as("%s containing %s", what, secret).isEmpty();
    }
  }

  private static List<String> leaks(List<String> texts, String secret) {
    List<String> found = new ArrayList<>();
    for (String text : texts) {
      int at = text.indexOf(secret);
      if (at >= 0) {
        int from = Math.max(0, at - 200);
        int to = Math.min(text.length(), at + secret.length() + 200);
        found.add("..." + text.substring(from, to) + "...");
      }
    }
    return found;
  }
}
