package com.screenalytics.facebank.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Loads the configuration: conf/config.json (optional), overridden by environment variables,
 * overridden by -D system properties. The stores are declared explicitly because vertx-config's
 * default order reads the file last, which would let it beat the environment.
 */
public final class ConfigLoader {

  public static final String DEFAULT_FILE = "conf/config.json";

  private ConfigLoader() {
  }

  public static Future<AppConfig> load(Vertx vertx, String file) {
    ConfigStoreOptions fileStore = new ConfigStoreOptions()
        .setType("file").setFormat("json").setOptional(true)
        .setConfig(new JsonObject().put("path", file));
    // raw-data keeps "007" or "1e3" as the strings the operator typed; AppConfig parses them.
    ConfigStoreOptions envStore = new ConfigStoreOptions()
        .setType("env").setConfig(new JsonObject().put("raw-data", true));
    ConfigStoreOptions sysStore = new ConfigStoreOptions()
        .setType("sys").setConfig(new JsonObject().put("cache", false));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
        .setScanPeriod(-1)
        .addStore(fileStore).addStore(envStore).addStore(sysStore));
    return retriever.getConfig()
        .eventually(retriever::close)
        .map(AppConfig::new);
  }
}
