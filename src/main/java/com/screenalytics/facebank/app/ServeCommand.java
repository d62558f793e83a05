package com.screenalytics.facebank.app;

import com.screenalytics.facebank.config.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default command: loads the configuration and serves until stopped. */
final class ServeCommand {

  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  private ServeCommand() {
  }

  static void run(AppConfig config) {
    LOG.info("Starting facebank-sync with {}", config);
    FacebankApp app;
    try {
      app = FacebankApp.start(config).await();
    } catch (RuntimeException e) {
      Main.cannotStart(e.getMessage());
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Stopping facebank-sync");
      app.close().await();
    }, "facebank-shutdown"));
  }
}
