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

  public static String jdbcUrl(PgConnectOptions options) {
    return "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
  }

  /** host:port/db, for messages and logs. */
  public static String describe(PgConnectOptions options) {
    return options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
  }
}
