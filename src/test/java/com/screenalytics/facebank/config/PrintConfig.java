package com.screenalytics.facebank.config;

import io.vertx.core.Vertx;

/**
 * Test helper run in a child JVM by {@link ConfigLoaderTest}: loads the configuration the way the
 * service does (file &lt; env &lt; sys) from the file named by args[0] and prints the parsed values,
 * one {@code KEY=value} a line. The environment of a running JVM cannot be changed, hence the child.
 */
public final class PrintConfig {

  private PrintConfig() {
  }

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    try {
      AppConfig config = ConfigLoader.load(vertx, args[0]).await();
      System.out.println(AppConfig.HTTP_PORT + "=" + config.httpPort());
      System.out.println(AppConfig.HTTP_HOST + "=" + config.httpHost());
      System.out.println(AppConfig.SYNC_PERSON_CONCURRENCY + "=" + config.syncPersonConcurrency());
      System.out.flush();
    } finally {
      vertx.close().await();
    }
    System.exit(0);
  }
}
