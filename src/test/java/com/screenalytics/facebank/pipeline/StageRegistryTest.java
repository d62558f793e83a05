package com.screenalytics.facebank.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.app.FacebankApp;
import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.MainProcess;
import com.screenalytics.facebank.testsupport.ServiceConfig;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import com.screenalytics.facebank.testsupport.TestDatabases;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DESIGN 2: stage toggles (descriptor &lt; conf stages.&lt;name&gt; &lt; STAGE_&lt;NAME&gt;_ENABLED) and the
 * refusal to start when an enabled stage requires a disabled one.
 */
@ExtendWith(ServiceExtension.class)
class StageRegistryTest {

  private ServiceUnderTest service;
  private FacebankApp app;

  @AfterEach
  void tearDown() {
    try {
      if (app != null) {
        app.close().await();
      }
    } finally {
      if (service != null) {
        service.close();
      }
    }
  }

  @Test
  void disablingImportPhotosWhileDedupeIsEnabledRefusesToStart() {
    Throwable failure = startFailure(config().put("STAGE_IMPORT_PHOTOS_ENABLED", "false"));

    assertThat(failure).isInstanceOf(StageConfigException.class);
    assertThat(failure.getMessage()).contains("dedupe", "import-photos");
  }

  @Test
  @ServiceConfig(key = "STAGE_IMPORT_PHOTOS_ENABLED", value = "false")
  @ServiceConfig(key = "STAGE_DEDUPE_ENABLED", value = "false")
  void disablingImportPhotosAndDedupeStartsAndRunsTheShowStagesOnly(ServiceUnderTest service) {
    this.service = service;
    UUID show = service.trr.show("Show Stages Only");
    UUID person = service.trr.person("Only Person", null);
    service.trr.credit(show, person, "Self");
    service.trr.seedPhoto(person, "https://cdn.example/only/seed-1.jpg", 1);
    service.linkedShow("showonly", show);

    JsonObject result = service.syncOk("showonly");

    assertThat(result.getJsonArray("stages").getList()).containsExactly("fetch-cast", "resolve");
    assertThat(service.app().stages()).containsExactly("fetch-cast", "resolve");
    assertThat(result.getInteger("created_cast")).isEqualTo(1);
    assertThat(result.getInteger("imported_facebank_images")).isZero();
    assertThat(service.photos.calls()).as("import-photos is off: no photos call").isEmpty();
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).isZero();
  }

  @Test
  void aNonBooleanToggleRefusesToStartNamingTheKey() {
    Throwable failure = startFailure(config().put("STAGE_DEDUPE_ENABLED", "maybe"));

    assertThat(failure.getMessage()).contains("STAGE_DEDUPE_ENABLED");
  }

  @Test
  void aNonBooleanConfToggleRefusesToStartNamingTheKey() {
    Throwable failure = startFailure(config().put("stages", new JsonObject()
        .put("dedupe", new JsonObject().put("enabled", "false"))));

    assertThat(failure.getMessage()).contains("stages.dedupe.enabled");
  }

  @Test
  void theEnvironmentToggleBeatsTheConfOverride() {
    JsonObject confDisablesDedupe = config().put("stages", new JsonObject()
        .put("dedupe", new JsonObject().put("enabled", false)));

    app = FacebankApp.start(new AppConfig(confDisablesDedupe)).await();
    assertThat(app.stages()).as("conf alone disables dedupe").containsExactly("fetch-cast", "resolve", "import-photos");
    app.close().await();
    app = null;

    app = FacebankApp.start(new AppConfig(confDisablesDedupe.copy().put("STAGE_DEDUPE_ENABLED", "true"))).await();
    assertThat(app.stages()).as("env re-enables it")
        .containsExactly("fetch-cast", "resolve", "import-photos", "dedupe");
  }

  @Test
  void mainExitsNonZeroNamingBothStagesWhenARequiredStageIsDisabled() throws Exception {
    MainProcess.Result run = MainProcess.run(Map.of(
        "STAGE_IMPORT_PHOTOS_ENABLED", "false",
        "DB_URL", TestDatabases.create("main_reg").url(),
        "HTTP_PORT", "0",
        "HTTP_HOST", "127.0.0.1"));

    assertThat(run.exitCode()).as("exit code; stderr: %s", run.stderr()).isNotZero();
    assertThat(run.stderr()).contains("dedupe", "import-photos");
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** A complete configuration on a fresh database, without the TRR side. */
  private static JsonObject config() {
    return new JsonObject()
        .put(AppConfig.HTTP_HOST, "127.0.0.1")
        .put(AppConfig.HTTP_PORT, 0)
        .put(AppConfig.DB_URL, TestDatabases.create("reg").url())
        .put(AppConfig.ADMIN_SECRET, ServiceUnderTest.ADMIN_SECRET);
  }

  /** Starts the app, expecting it to fail; returns why. */
  private Throwable startFailure(JsonObject config) {
    AsyncResult<FacebankApp> result = FacebankApp.start(new AppConfig(config))
        .<AsyncResult<FacebankApp>>transform(Future::succeededFuture).await();
    if (result.succeeded()) {
      app = result.result();
    }
    assertThat(result.failed()).as("start-up must fail").isTrue();
    return result.cause();
  }
}
