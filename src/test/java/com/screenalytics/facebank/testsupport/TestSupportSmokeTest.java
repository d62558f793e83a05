package com.screenalytics.facebank.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.testsupport.PhotosServer.Call;
import com.screenalytics.facebank.testsupport.PhotosServer.Reply;
import com.screenalytics.facebank.testsupport.TestDatabases.TestDb;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
class TestSupportSmokeTest {

  private static final String TOKEN = "tok";

  private static TrrFixture trr;
  private static UUID person;

  private PhotosServer photos;
  private WebClient client;

  @BeforeAll
  static void buildFixture() {
    trr = TrrFixture.create(TestDatabases.create("smoke_trr"));
    UUID show = trr.show("The Real Housewives of Testing");
    person = trr.person("Ada Example", " NM0000001 ");
    trr.credit(show, person, "Self");
    // Inserted out of order so the position ordering is really exercised.
    trr.seedPhoto(person, "https://cdn.example/media/bb/seed-2.jpg", 2);
    trr.galleryPhoto(person, "https://cdn.example/media/cc/gallery-3.jpg", 3);
    trr.seedPhoto(person, "https://cdn.example/media/aa/seed-1.jpg", 1);
  }

  @BeforeEach
  void startServer(Vertx vertx, VertxTestContext ctx) {
    client = WebClient.create(vertx);
    PhotosServer.start(vertx, trr.db(), TOKEN)
        .onComplete(ctx.succeeding(server -> {
          photos = server;
          ctx.completeNow();
        }));
  }

  @Test
  void fixtureRowsAreQueryable() {
    TestDb db = trr.db();
    assertThat(db.count("SELECT count(*) FROM core.v_show_cast WHERE person_id = ?", person)).isEqualTo(1);
    assertThat(db.query("SELECT external_ids FROM core.people WHERE id = ?", person))
        .singleElement()
        .satisfies(row -> assertThat(new JsonObject((String) row.get("external_ids")).getString("imdb"))
            .isEqualTo(" NM0000001 "));
    assertThat(db.query("SELECT ARRAY[1, 2] AS xs").get(0).get("xs")).isEqualTo(List.of(1, 2));
    assertThat(db.url()).startsWith("postgresql://" + db.user() + ":" + db.password() + "@");
    assertThat(db.toString()).doesNotContain(db.password());
  }

  @Test
  void seedOnlyReturnsTheSeedsInPositionOrder(VertxTestContext ctx) {
    get(person, "?seed_only=true", TOKEN).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
      assertThat(resp.statusCode()).isEqualTo(200);
      JsonArray rows = resp.bodyAsJsonArray();
      assertThat(rows.stream().map(r -> ((JsonObject) r).getString("served_url")))
          .containsExactly("https://cdn.example/media/aa/seed-1.jpg", "https://cdn.example/media/bb/seed-2.jpg");
      JsonObject first = rows.getJsonObject(0);
      assertThat(first.getString("hosted_key")).isEqualTo("media/aa/seed-1.jpg");
      assertThat(first.getBoolean("facebank_seed")).isTrue();
      assertThat(first.getString("media_asset_id")).isNotBlank();
      assertThat(first.fieldNames()).contains("source_url", "hosted_url", "source", "kind", "is_primary");
      ctx.completeNow();
    })));
  }

  @Test
  void withoutSeedOnlyAllPhotosAreReturned(VertxTestContext ctx) {
    get(person, "?seed_only=false", TOKEN).onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
      assertThat(resp.statusCode()).isEqualTo(200);
      assertThat(resp.bodyAsJsonArray()).hasSize(3);
      ctx.completeNow();
    })));
  }

  @Test
  void wrongTokenIsRejected(VertxTestContext ctx) {
    get(person, "", "nope").onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
      assertThat(resp.statusCode()).isEqualTo(401);
      assertThat(resp.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
      ctx.completeNow();
    })));
  }

  @Test
  void badPersonIdIs422(VertxTestContext ctx) {
    client.getAbs(photos.baseUrl() + "/api/v1/screenalytics/people/not-a-uuid/photos")
        .bearerTokenAuthentication(TOKEN)
        .send()
        .onComplete(ctx.succeeding(resp -> ctx.verify(() -> {
          assertThat(resp.statusCode()).isEqualTo(422);
          ctx.completeNow();
        })));
  }

  @Test
  void scriptedRepliesAreServedInOrderAndEveryCallIsRecorded(VertxTestContext ctx) {
    photos.script(person, true, Reply.status(500));
    photos.script(person, true, Reply.delayed(Reply.json(new JsonArray().add(new JsonObject())), 50));

    get(person, "?seed_only=true&limit=10", TOKEN)
        .compose(first -> get(person, "?seed_only=true&limit=10&offset=0", TOKEN).map(second -> List.of(first, second)))
        .compose(two -> get(person, "?seed_only=false", TOKEN).map(third -> List.of(two.get(0), two.get(1), third)))
        .onComplete(ctx.succeeding(responses -> ctx.verify(() -> {
          assertThat(responses.get(0).statusCode()).isEqualTo(500);
          assertThat(responses.get(1).statusCode()).isEqualTo(200);
          assertThat(responses.get(1).bodyAsJsonArray()).hasSize(1);
          assertThat(responses.get(2).bodyAsJsonArray()).as("other seed_only value hits the DB").hasSize(3);

          List<Call> calls = photos.callsFor(person);
          assertThat(calls).extracting(Call::seedOnly).containsExactly("true", "true", "false");
          assertThat(calls).extracting(Call::limit).containsExactly("10", "10", null);
          assertThat(calls).extracting(Call::offset).containsExactly(null, "0", null);
          assertThat(calls).extracting(Call::authorization).containsOnly("Bearer " + TOKEN);
          assertThat(calls.get(1).path()).endsWith("/photos?seed_only=true&limit=10&offset=0");
          assertThat(photos.calls()).isEqualTo(calls);
          ctx.completeNow();
        })));
  }

  @Test
  void logLinesAreCapturedWithStackTraces() {
    LoggerFactory.getLogger(TestSupportSmokeTest.class).warn("capture me {}", 42, new IllegalStateException("boom"));
    assertThat(LogCapture.lines()).anySatisfy(line -> assertThat(line)
        .contains("WARN", "capture me 42", "IllegalStateException: boom", "at com.screenalytics"));
  }

  private Future<HttpResponse<Buffer>> get(UUID personId, String query, String token) {
    return client.getAbs(photos.baseUrl() + "/api/v1/screenalytics/people/" + personId + "/photos" + query)
        .bearerTokenAuthentication(token)
        .send();
  }
}
