package com.screenalytics.facebank.app;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.config.ConfigLoader;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar facebank-sync.jar}: loads the configuration and serves until stopped. */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    AppConfig config;
    try {
      config = loadConfig();
    } catch (RuntimeException e) {
      exit("the configuration is invalid: " + e.getMessage());
      return;
    }
    LOG.info("Starting facebank-sync with {}", config);
    FacebankApp app;
    try {
      app = FacebankApp.start(config).await();
    } catch (RuntimeException e) {
      exit(e.getMessage());
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Stopping facebank-sync");
      app.close().await();
    }, "facebank-shutdown"));
  }

  static AppConfig loadConfig() {
    Vertx bootstrap = Vertx.vertx();
    try {
      AppConfig config = ConfigLoader.load(bootstrap, ConfigLoader.DEFAULT_FILE).await();
      config.httpPort(); // parse the numbers now: a typo should stop start-up, not the first sync
      config.syncPersonConcurrency();
      return config;
    } finally {
      bootstrap.close().await();
    }
  }

  private static void exit(String message) {
    LOG.error("facebank-sync cannot start: {}", message);
    System.err.println("facebank-sync cannot start: " + message);
    System.exit(1);
  }
}
