package com.screenalytics.facebank.db;

import io.vertx.pgclient.PgConnectOptions;

/** Turns the postgresql:// URLs of the configuration into client options. */
public final class PgUrls {

  private PgUrls() {
  }

  /** Accepts postgresql://user:pw@host:port/db (and postgres://). */
  public static PgConnectOptions options(String url) {
    try {
      return PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      // The parser's message may echo the URL, password included.
      throw new IllegalArgumentException("not a valid postgresql:// URL");
    }
  }

  /**
   * The JDBC URL of the same database (for Flyway). Connecting and logging in must end within
   * {@code timeoutMs} (whole seconds, rounded up): without loginTimeout, a host that accepts the
   * connection but never answers would hang start-up for ever.
   */
  public static String jdbcUrl(PgConnectOptions options, int timeoutMs) {
    long seconds = Math.max(1, (timeoutMs + 999) / 1000);
    return "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase()
        + "?connectTimeout=" + seconds + "&loginTimeout=" + seconds;
  }

  /** host:port/db, for messages and logs. */
  public static String describe(PgConnectOptions options) {
    return options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
  }
}
