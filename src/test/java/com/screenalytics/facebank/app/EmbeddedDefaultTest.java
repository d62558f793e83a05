package com.screenalytics.facebank.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceExtension.Services;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN 3.3: without DB_URL the service runs an embedded PostgreSQL whose data lives under
 * DATA_DIR and survives a restart (and the second Flyway run finds the schema already there).
 */
@ExtendWith({VertxExtension.class, ServiceExtension.class})
class EmbeddedDefaultTest {

  @TempDir
  Path dataDir;

  private FacebankApp app;
  private WebClient client;

  @AfterEach
  void tearDown() {
    try {
      if (app != null) {
        app.close().await();
      }
    } finally {
      if (client != null) {
        client.close();
      }
    }
  }

  @Test
  void dataUnderDataDirSurvivesARestart(Vertx vertx) throws IOException {
    client = WebClient.create(vertx);
    AppConfig config = new AppConfig(new JsonObject()
        .put(AppConfig.HTTP_HOST, "127.0.0.1")
        .put(AppConfig.HTTP_PORT, 0)
        .put(AppConfig.DATA_DIR, dataDir.toString())
        .put(AppConfig.ADMIN_SECRET, ServiceUnderTest.ADMIN_SECRET));
    assertThat(config.dbUrl()).as("no DB_URL: the embedded database").isEmpty();

    app = FacebankApp.start(config).await();
    HttpResponse<Buffer> created = admin(HttpMethod.POST, "/shows")
        .sendJson(new JsonObject().put("show_id", "persist").put("title", "Persisted Show")).await();
    assertThat(created.statusCode()).as(created.bodyAsString()).isIn(200, 201);
    assertThat(listedShowIds()).contains("PERSIST");
    app.close().await();
    app = null;

    try (Stream<Path> kept = Files.list(dataDir)) {
      assertThat(kept.count()).as("the data lives under DATA_DIR").isPositive();
    }

    app = FacebankApp.start(config).await();
    assertThat(listedShowIds()).containsExactly("PERSIST");
    HttpResponse<Buffer> one = admin(HttpMethod.GET, "/shows/persist").send().await();
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat(one.bodyAsJsonObject().getString("title")).isEqualTo("Persisted Show");
  }

  @Test
  void aSyncRunsOnTheEmbeddedDefault(Services services) {
    ServiceUnderTest service = services.start(new JsonObject()
        .putNull(AppConfig.DB_URL)
        .put(AppConfig.DATA_DIR, dataDir.toString()));
    UUID show = service.trr.show("Embedded Default");
    UUID person = service.trr.person("Heather Gay", "nm0000003");
    service.trr.credit(show, person, "Self");
    service.trr.seedPhoto(person, "https://cdn.example/heather/1.jpg", 1);
    service.linkedShow("embedded", show);

    JsonObject first = service.syncOk("embedded");
    JsonObject second = service.syncOk("embedded");

    assertThat(first.getString("status")).isEqualTo("ok");
    assertThat(first.getInteger("imported_facebank_images")).isEqualTo(1);
    assertThat(second.getInteger("imported_facebank_images")).isZero();
    assertThat(service.get("/people/" + person + "/facebank").bodyAsJsonObject().getJsonArray("images"))
        .hasSize(1);
    assertThat(service.db.count("SELECT count(*) FROM pg_tables WHERE tablename = 'face_bank_images'"))
        .as("nothing went to the test database").isZero();
  }

  private HttpRequest<Buffer> admin(HttpMethod method, String path) {
    return client.request(method, app.httpPort(), "127.0.0.1", path)
        .putHeader(ServiceUnderTest.ADMIN_HEADER, ServiceUnderTest.ADMIN_SECRET);
  }

  private List<String> listedShowIds() {
    HttpResponse<Buffer> response = admin(HttpMethod.GET, "/shows").send().await();
    assertThat(response.statusCode()).isEqualTo(200);
    return response.bodyAsJsonArray().stream().map(show -> ((JsonObject) show).getString("show_id")).toList();
  }
}
