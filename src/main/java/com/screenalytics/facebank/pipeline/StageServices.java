package com.screenalytics.facebank.pipeline;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.db.FaceBankRepository;
import com.screenalytics.facebank.db.ShowRepository;
import com.screenalytics.facebank.trr.PhotosClient;
import com.screenalytics.facebank.trr.TrrDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * What a stage may use: its options (descriptor, overridden by config), the configuration, the
 * repositories of our database, and the upstream clients when they are configured.
 */
public record StageServices(Vertx vertx, JsonObject options, AppConfig config, ShowRepository shows,
                            FaceBankRepository faceBank, Optional<TrrDatabase> trrDatabase,
                            Optional<PhotosClient> photos) {

  public StageServices withOptions(JsonObject stageOptions) {
    return new StageServices(vertx, stageOptions, config, shows, faceBank, trrDatabase, photos);
  }
}
