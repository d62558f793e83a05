package com.screenalytics.facebank.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.demo.DemoCatalogue.Person;
import com.screenalytics.facebank.testsupport.TestDatabases;
import com.screenalytics.facebank.testsupport.TestDatabases.TestDb;
import com.screenalytics.facebank.testsupport.TrrFixture;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The demo's photos server keeps the photos API contract (shared/trr/photos-api.md) and serves real images. */
@ExtendWith(VertxExtension.class)
class DemoPhotosServerTest {

  private static final String TOKEN = "demo-Token-5521";

  private static DemoPhotosServer server;
  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx) throws SQLException {
    TestDb trr = TrrFixture.create(TestDatabases.create("demo_photos")).db();
    server = DemoPhotosServer.start(vertx, trr.url(), TOKEN, 0).await();
    try (Connection conn = trr.connect()) {
      DemoCatalogue.install(conn, server.baseUrl());
    }
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close().await();
    }
  }

  @ParameterizedTest(name = "Authorization: [{0}]")
  @ValueSource(strings = {"", "Bearer", "Bearer ", "Bearer wrong-token", "Token " + TOKEN, TOKEN, "Bearer " + TOKEN + "x"})
  void aMissingMalformedOrWrongTokenIs401(String authorization) {
    HttpRequest<Buffer> request = client.getAbs(photosUrl(person("Aurelia Vance").id()));
    if (!authorization.isEmpty()) {
      request.putHeader("Authorization", authorization);
    }

    HttpResponse<Buffer> response = request.send().await();

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
  }

  @Test
  void aPersonIdThatIsNotAUuidIs422() {
    HttpResponse<Buffer> response = client.getAbs(server.baseUrl() + "/api/v1/screenalytics/people/aurelia/photos")
        .bearerTokenAuthentication(TOKEN).send().await();

    assertThat(response.statusCode()).isEqualTo(422);
  }

  @Test
  void seedOnlyKeepsTheFlaggedSubsetAndTheFullListIsTheSuperset() {
    Person aurelia = person("Aurelia Vance"); // PgSgSg: seeds at 1 (primary), 3, 5

    JsonArray seeds = photos(aurelia, "?seed_only=true");
    JsonArray all = photos(aurelia, "?seed_only=false");

    assertThat(keys(seeds)).containsExactly(key(aurelia, 1), key(aurelia, 3), key(aurelia, 5));
    assertThat(seeds.stream().map(JsonObject.class::cast)).allSatisfy(row -> {
      assertThat(row.getBoolean("facebank_seed")).isTrue();
      assertThat(row.getString("served_url")).isEqualTo(server.baseUrl() + "/" + row.getString("hosted_key"));
    });
    assertThat(keys(all)).hasSize(6).containsAll(keys(seeds));
    assertThat(keys(photos(aurelia, ""))).as("seed_only defaults to false").isEqualTo(keys(all));
    assertThat(photos(person("Joelle Fairbanks"), "?seed_only=true")).as("an unseeded person").isEmpty();
    assertThat(photos(person("Opal Whitaker"), "?seed_only=false")).as("a person without photos").isEmpty();
  }

  @Test
  void rowsComePrimaryFirstThenByPosition() {
    Person harper = person("Harper Lindqvist"); // gSgSgP: the primary seed is the last position

    assertThat(keys(photos(harper, "?seed_only=false")))
        .containsExactly(key(harper, 6), key(harper, 1), key(harper, 2), key(harper, 3), key(harper, 4), key(harper, 5));
    assertThat(keys(photos(harper, "?seed_only=true"))).containsExactly(key(harper, 6), key(harper, 2), key(harper, 4));
  }

  @Test
  void limitAndOffsetPageThroughTheOrderedRows() {
    Person priya = person("Priya Castellanos"); // 16 photos, 8 seeds
    List<String> all = keys(photos(priya, ""));

    assertThat(all).as("default limit 200").containsExactlyElementsOf(
        IntStream.rangeClosed(1, 16).mapToObj(position -> key(priya, position)).toList());
    assertThat(keys(photos(priya, "?limit=5"))).isEqualTo(all.subList(0, 5));
    assertThat(keys(photos(priya, "?limit=5&offset=5"))).isEqualTo(all.subList(5, 10));
    assertThat(keys(photos(priya, "?limit=500&offset=14"))).isEqualTo(all.subList(14, 16));
    assertThat(photos(priya, "?seed_only=true&limit=3")).hasSize(3);
    for (String bad : List.of("?limit=0", "?limit=501", "?limit=x", "?offset=-1", "?seed_only=maybe")) {
      assertThat(get(priya.id(), bad).statusCode()).as(bad).isEqualTo(422);
    }
  }

  @Test
  void everyServedUrlIsARealImageOfTheListedSize() throws IOException {
    JsonArray rows = photos(person("Beatrix Holloway"), "");
    byte[] previous = null;
    for (JsonObject row : rows.stream().map(JsonObject.class::cast).toList()) {
      HttpResponse<Buffer> image = client.getAbs(row.getString("served_url")).send().await();

      assertThat(image.statusCode()).isEqualTo(200);
      assertThat(image.getHeader("Content-Type")).isEqualTo("image/png");
      byte[] bytes = image.body().getBytes();
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes));
      assertThat(decoded).as("a decodable PNG at %s", row.getString("served_url")).isNotNull();
      assertThat(decoded.getWidth()).isEqualTo(row.getInteger("width"));
      assertThat(decoded.getHeight()).isEqualTo(row.getInteger("height"));
      assertThat(bytes).as("each photo is its own image").isNotEqualTo(previous);
      previous = bytes;
    }
    assertThat(client.getAbs(server.baseUrl() + "/media/00/nothing.png").send().await().statusCode()).isEqualTo(404);
  }

  private static Person person(String name) {
    return DemoCatalogue.people().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  private static String key(Person person, int position) {
    return DemoCatalogue.hostedKey(person, position);
  }

  private static List<String> keys(JsonArray rows) {
    return rows.stream().map(row -> ((JsonObject) row).getString("hosted_key")).toList();
  }

  private static String photosUrl(UUID personId) {
    return server.baseUrl() + "/api/v1/screenalytics/people/" + personId + "/photos";
  }

  private static HttpResponse<Buffer> get(UUID personId, String query) {
    return client.getAbs(photosUrl(personId) + query).bearerTokenAuthentication(TOKEN).send().await();
  }

  private static JsonArray photos(Person person, String query) {
    HttpResponse<Buffer> response = get(person.id(), query);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonArray();
  }
}
