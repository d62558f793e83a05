package com.screenalytics.facebank.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.screenalytics.facebank.app.FacebankApp;
import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceExtension.Services;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import com.screenalytics.facebank.testsupport.TestDatabases;
import com.screenalytics.facebank.testsupport.TestPlugins;
import com.screenalytics.facebank.testsupport.TrrFixture.PhotoSpec;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DESIGN 2 and issue 11: a stage is a jar built against facebank-stage-api alone, dropped into
 * PLUGINS_DIR. The plugins here are the ones the reactor built (stages/min-size, the example;
 * stages/testing/*), copied into a fresh PLUGINS_DIR: none is on the test classpath.
 */
@ExtendWith(ServiceExtension.class)
class PluginStageTest {

  private static final String MIN_SIZE = "min-size";
  private static final List<String> DAY_ONE = List.of("fetch-cast", "resolve", "import-photos", "dedupe");

  @Test
  void theExamplePluginIsNotOnTheTestClasspath() {
    assertThatThrownBy(() -> Class.forName("com.screenalytics.facebank.plugin.minsize.MinSizeStage"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void aDroppedInPluginIsOffUntilItsEnvironmentToggleTurnsItOn(Services services) {
    Path plugins = TestPlugins.dir(MIN_SIZE);
    ServiceUnderTest off = services.start(new JsonObject().put(AppConfig.PLUGINS_DIR, plugins.toString()));
    assertThat(off.app().stages()).as("its descriptor says enabled: false").containsExactlyElementsOf(DAY_ONE);

    ServiceUnderTest on = services.start(new JsonObject().put(AppConfig.PLUGINS_DIR, plugins.toString())
        .put("STAGE_MIN_SIZE_ENABLED", "true"));
    JsonObject result = syncPhotosOfSeveralSizes(on);

    assertThat(result.getJsonArray("stages").getList()).containsExactly("fetch-cast", "resolve", "import-photos",
        "dedupe", MIN_SIZE);
    JsonObject person = result.getJsonArray("people").getJsonObject(0);
    assertThat(person.getString("status")).isEqualTo("ok");
    assertThat(person.getInteger("imported_images")).as("the 100x100 photo is dropped").isEqualTo(2);
    assertThat(person.getJsonArray("dropped")).containsExactly(new JsonObject()
        .put("s3_original_key", "https://cdn.example/sizes/small.jpg").put("stage", MIN_SIZE)
        .put("reason", "too_small").put("detail", "100x100 is under 200x200"));
    // The stage's details are kept under its name, in the row's one stage_details column.
    List<Map<String, Object>> rows = on.db.query(
        "SELECT s3_original_key, stage_details::text AS details FROM face_bank_images ORDER BY s3_original_key");
    assertThat(rows).extracting(row -> row.get("s3_original_key")).containsExactly(
        "https://cdn.example/sizes/large.jpg", "https://cdn.example/sizes/unknown.jpg");
    assertThat(new JsonObject((String) rows.get(0).get("details")))
        .isEqualTo(new JsonObject().put(MIN_SIZE, new JsonObject().put("megapixels", 0.31)));
    assertThat(rows.get(1).get("details")).as("unknown_size keep: kept, nothing to note").isNull();
    JsonObject faceBank = on.get("/people/" + person.getString("person_id") + "/facebank").bodyAsJsonObject();
    assertThat(faceBank.getJsonArray("images").stream().map(JsonObject.class::cast)
        .filter(image -> image.getString("s3_original_key").endsWith("/large.jpg")).findFirst().orElseThrow()
        .getJsonObject("stage_details"))
        .isEqualTo(new JsonObject().put(MIN_SIZE, new JsonObject().put("megapixels", 0.31)));
  }

  @Test
  void aPluginPersonStageFailsOnePersonWithItsOwnCodeAndTheRunGoesOn(Services services) {
    ServiceUnderTest service = services.start(new JsonObject()
        .put(AppConfig.PLUGINS_DIR, TestPlugins.dir(MIN_SIZE).toString())
        .put("stages", new JsonObject().put(MIN_SIZE, new JsonObject().put("enabled", true)
            .put("options", new JsonObject().put("unknown_size", "fail")))));
    UUID show = service.trr.show("Failing Sizes");
    UUID sized = service.trr.selfCredited(show, "Sized Person");
    service.trr.photo(sized, PhotoSpec.hosted("https://cdn.example/f/sized.jpg").withSeed(true).withPosition(1)
        .withSize(800, 600));
    UUID unsized = service.trr.selfCredited(show, "Unsized Person");
    service.trr.photo(unsized, PhotoSpec.hosted("https://cdn.example/f/unsized.jpg").withSeed(true).withPosition(1));
    service.linkedShow("failsizes", show);

    JsonObject result = service.syncOk("failsizes");

    assertThat(result.getString("status")).isEqualTo("partial");
    JsonArray people = result.getJsonArray("people");
    assertThat(people.getJsonObject(0).getString("status")).isEqualTo("ok");
    assertThat(people.getJsonObject(0).getInteger("imported_images")).isEqualTo(1);
    JsonObject failed = people.getJsonObject(1);
    assertThat(failed.getString("status")).isEqualTo("error");
    assertThat(failed.getJsonObject("error")).isEqualTo(new JsonObject().put("code", "size_unknown")
        .put("message", "TRR reports no size for a photo")
        .put("details", new JsonObject().put("s3_original_key", "https://cdn.example/f/unsized.jpg")));
    assertThat(failed.getInteger("imported_images")).isZero();
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images WHERE person_id = ?", unsized))
        .as("a failed person stores no photo").isZero();
  }

  @Test
  void aPluginShowStageFailureReachesTheCallerWithItsCode(Services services) {
    ServiceUnderTest service = services.start(new JsonObject()
        .put(AppConfig.PLUGINS_DIR, TestPlugins.dir("failing-show").toString())
        .put("STAGE_TEST_FAILING_SHOW_ENABLED", "true"));
    service.seededShow("overlimit", 2);

    HttpResponse<Buffer> response = service.sync("overlimit", null);

    assertThat(response.statusCode()).isEqualTo(500);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("error");
    assertThat(body.getString("run_id")).as("a result body, the run recorded").isNotNull();
    JsonObject error = body.getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("stage_failed");
    assertThat(error.getString("message")).contains("test-failing-show", "2 people, over the limit of 1");
    assertThat(error.getJsonObject("details")).isEqualTo(new JsonObject()
        .put("stage", "test-failing-show")
        .put("code", "cast_over_limit")
        .put("message", "OVERLIMIT has 2 people, over the limit of 1")
        .put("details", new JsonObject().put("people", 2).put("limit", 1)));
    assertThat(body.getJsonArray("people")).as("the run stopped before the people").isEmpty();
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images")).isZero();
    Map<String, Object> row = service.db.query("SELECT status, error::text AS error FROM sync_run WHERE run_id = ?",
        UUID.fromString(body.getString("run_id"))).get(0);
    assertThat(row.get("status")).isEqualTo("error");
    assertThat(new JsonObject((String) row.get("error"))).isEqualTo(error);
  }

  @Test
  void aPluginBundlingAnotherJacksonLoadsAndRunsWithItsOwn(Services services) {
    String servicesJackson = com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString();
    ServiceUnderTest service = services.start(new JsonObject()
        .put(AppConfig.PLUGINS_DIR, TestPlugins.dir("jackson-clash", MIN_SIZE).toString())
        .put("STAGE_TEST_JACKSON_CLASH_ENABLED", "true"));
    List<UUID> people = service.seededShow("clash", 1);

    JsonObject result = service.syncOk("clash");

    assertThat(result.getString("status")).isEqualTo("ok");
    assertThat(result.getJsonArray("stages").getList()).contains("test-jackson-clash");
    String details = (String) service.db.query("SELECT stage_details::text AS d FROM face_bank_images WHERE person_id = ?",
        people.get(0)).get(0).get("d");
    JsonObject own = new JsonObject(details).getJsonObject("test-jackson-clash");
    assertThat(own.getString("jackson")).as("the plugin's Jackson, not the service's " + servicesJackson)
        .isEqualTo("2.22.3").isNotEqualTo(servicesJackson);
    assertThat(new JsonObject(own.getString("written")).getString("key")).isEqualTo("https://cdn.example/clash/1.jpg");
  }

  @Test
  void aPluginBuiltForApiVersionTwoIsRefusedAtStartUpNamed() {
    // Refused even though its descriptor leaves it disabled: it cannot run on this service at all.
    Path plugins = TestPlugins.dir(MIN_SIZE, "api-two");

    Throwable failure = startFailure(new JsonObject().put(AppConfig.PLUGINS_DIR, plugins.toString()));

    assertThat(failure).isInstanceOf(StageConfigException.class);
    assertThat(failure.getMessage()).contains("test-api-two", "api-two.jar", "stage API 2", "stage API 1");
  }

  @Test
  void aPluginThatRefusesItsOptionsAtInitStopsTheStartUpNamingIt() {
    Throwable failure = startFailure(new JsonObject()
        .put(AppConfig.PLUGINS_DIR, TestPlugins.dir(MIN_SIZE).toString())
        .put("stages", new JsonObject().put(MIN_SIZE, new JsonObject().put("enabled", true)
            .put("options", new JsonObject().put("unknown_size", "maybe")))));

    assertThat(failure).isInstanceOf(StageConfigException.class);
    assertThat(failure.getMessage()).contains("min-size", "unknown_size must be one of [keep, drop, fail]");
  }

  /** One seeded person: a 100x100 photo, an 800x600 one, and one whose size TRR does not know. */
  private static JsonObject syncPhotosOfSeveralSizes(ServiceUnderTest service) {
    UUID show = service.trr.show("Sizes");
    UUID person = service.trr.selfCredited(show, "Sized Person");
    service.trr.photo(person, PhotoSpec.hosted("https://cdn.example/sizes/small.jpg").withSeed(true).withPosition(1)
        .withSize(100, 100));
    service.trr.photo(person, PhotoSpec.hosted("https://cdn.example/sizes/large.jpg").withSeed(true).withPosition(2)
        .withSize(640, 480));
    service.trr.photo(person, PhotoSpec.hosted("https://cdn.example/sizes/unknown.jpg").withSeed(true).withPosition(3));
    service.linkedShow("sizes", show);
    return service.syncOk("sizes");
  }

  /** Starts the app on a fresh database, expecting it to fail; returns why. */
  private static Throwable startFailure(JsonObject overrides) {
    JsonObject config = new JsonObject()
        .put(AppConfig.HTTP_HOST, "127.0.0.1")
        .put(AppConfig.HTTP_PORT, 0)
        .put(AppConfig.DB_URL, TestDatabases.create("plugins").url())
        .mergeIn(overrides);
    AsyncResult<FacebankApp> result = FacebankApp.start(new AppConfig(config))
        .<AsyncResult<FacebankApp>>transform(Future::succeededFuture).await();
    if (result.succeeded()) {
      result.result().close().await();
      throw new AssertionError("start-up must fail");
    }
    return result.cause();
  }
}
