package com.screenalytics.facebank;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.LogCapture;
import com.screenalytics.facebank.testsupport.PhotosServer.Call;
import com.screenalytics.facebank.testsupport.PhotosServer.Reply;
import com.screenalytics.facebank.testsupport.SecretScan;
import com.screenalytics.facebank.testsupport.ServiceConfig;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceExtension.Services;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DESIGN 3.1: no response, log line or error ever contains the admin secret, the service token or
 * a database password. Each test drives a representative set of requests (good and bad auth,
 * upstream failures, validation errors, the open routes) and then searches every response
 * (status line, headers, body) and every log line since before start-up for each secret.
 */
@ExtendWith(ServiceExtension.class)
class SecretLeakTest {

  private static final String TRR_PASSWORD = "trr-Pw-Leak-5521";
  private static final String DB_PASSWORD = "db-Pw-Leak-8812";
  private static final String SECRET = ServiceUnderTest.ADMIN_SECRET;
  private static final String TOKEN = ServiceUnderTest.SERVICE_TOKEN;
  private static final String HEADER = ServiceUnderTest.ADMIN_HEADER;

  private final List<String> responses = new ArrayList<>();
  private ServiceUnderTest service;

  @Test
  @ServiceConfig(key = AppConfig.PHOTOS_TIMEOUT_MS, value = "300")
  void reachableUpstreamWithFailuresLeaksNothing(ServiceUnderTest service) {
    this.service = service;

    UUID show = service.trr.show("The Real Housewives of Salt Lake City");
    UUID fine = person(show, "Fine Person");
    UUID echoing500 = person(show, "Echoing Error");
    UUID garbage = person(show, "Garbage Body");
    UUID unauthorized = person(show, "Unauthorized");
    UUID fallbackFails = person(show, "Fallback Fails");
    UUID slow = person(show, "Slow Upstream");
    // Upstream answers that quote our token back: none of it may reach a response or a log.
    service.photos.script(echoing500, true, Reply.raw(500,
        new JsonObject().put("detail", "token " + TOKEN + " rejected; Authorization: Bearer " + TOKEN).encode()));
    service.photos.script(garbage, true, Reply.raw(200, "<html>Bearer " + TOKEN + "</html>"));
    service.photos.script(unauthorized, true, Reply.status(401));
    service.photos.script(fallbackFails, true, Reply.json(new JsonArray()));
    service.photos.script(fallbackFails, false, Reply.raw(502, "{\"detail\": \"upstream saw " + TOKEN + "\"}"));
    service.photos.script(slow, true, Reply.delayed(Reply.json(new JsonArray()), 2_000));
    service.linkedShow("rhoslc", show);

    badAndGoodAuth();
    // Validation and routing errors.
    keep(service.post("/shows", new JsonObject().put("show_id", "x").put("title", "t").put("trr_show_id", "nope")));
    keep(service.post("/shows", new JsonObject().put("show_id", "bad id!").put("title", "t")));
    keep(service.postRaw("/shows", "{\"title\": "));
    keep(service.postRaw("/shows/rhoslc/sync_facebank_seeds", "{\"max_images_per_person\": \"5\"}"));
    keep(service.postRaw("/shows/rhoslc/cast", "{\"name\": \"n\", \"role\": \"star\"}"));
    keep(service.get("/people/not-a-uuid/facebank"));
    keep(service.admin(HttpMethod.DELETE, "/shows").send().await());
    keep(service.request(HttpMethod.GET, "/nowhere").send().await());
    keep(service.postRaw("/shows", "x".repeat(70 * 1024)));

    // A sync where most people fail upstream.
    HttpResponse<Buffer> partial = keep(service.sync("rhoslc", null));
    assertThat(partial.statusCode()).as(partial.bodyAsString()).isEqualTo(200);
    assertThat(partial.bodyAsJsonObject().getString("status")).isEqualTo("partial");
    assertThat(partial.bodyAsJsonObject().getInteger("import_errors")).as(partial.bodyAsString()).isEqualTo(5);
    assertThat(service.photos.callsFor(fine)).extracting(Call::authorization).containsOnly("Bearer " + TOKEN);
    keep(service.sync("unknown", null));

    // The TRR query fails (this TRR_DB_URL carries the fixture's password).
    service.trr.db().execute("DROP VIEW core.v_show_cast");
    HttpResponse<Buffer> failed = keep(service.sync("rhoslc", null));
    assertThat(failed.statusCode()).as(failed.bodyAsString()).isEqualTo(502);

    openRoutes();
    keep(service.get("/shows/rhoslc/cast"));
    keep(service.get("/people/" + fine + "/facebank"));

    assertLogsWereCaptured();
    assertNoSecretAnywhere(List.of(SECRET, TOKEN, service.db.password(), service.trr.db().password()));
  }

  @ParameterizedTest(name = "TRR_DB_URL {0}")
  @ValueSource(strings = {"postgresql://trr_reader:%s@127.0.0.1:%d/trr",
      "postgresql://127.0.0.1:%2$d/trr?user=trr_reader&password=%1$s"})
  void unreachableTrrDatabaseWithAPasswordLeaksNothing(String urlPattern, Services services) {
    String trrUrl = String.format(urlPattern, TRR_PASSWORD, closedPort());
    assertThat(trrUrl).contains(TRR_PASSWORD);
    LogCapture.clear();
    service = services.start(new JsonObject().put(AppConfig.TRR_DB_URL, trrUrl));
    UUID show = UUID.randomUUID();
    service.linkedShow("rhoslc", show);

    badAndGoodAuth();
    HttpResponse<Buffer> failed = keep(service.sync("rhoslc", null));
    assertThat(failed.statusCode()).as(failed.bodyAsString()).isEqualTo(502);
    assertThat(failed.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("trr_db_unavailable");
    HttpResponse<Buffer> ready = keep(service.request(HttpMethod.GET, "/ready").send().await());
    assertThat(ready.statusCode()).isEqualTo(503);
    openRoutes();

    assertLogsWereCaptured();
    assertNoSecretAnywhere(List.of(SECRET, TOKEN, TRR_PASSWORD, service.db.password()));
  }

  /**
   * What Main logs at start-up ("Starting facebank-sync with {config}"). ServiceUnderTest starts
   * FacebankApp directly, so the line is checked through the same toString() here.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"postgresql://trr_reader:%s@trr.example:5432/trr",
      "postgresql://trr.example:5432/trr?user=trr_reader&password=%s",
      "postgresql://trr.example:5432/trr?sslmode=require&password=%s"})
  void theConfigurationLineLoggedAtStartUpHasNoSecrets(String urlPattern) {
    String url = String.format(urlPattern, TRR_PASSWORD);
    String dbUrl = String.format(urlPattern.replace("trr", "fb"), DB_PASSWORD);
    AppConfig config = new AppConfig(new JsonObject()
        .put(AppConfig.DB_URL, dbUrl)
        .put(AppConfig.TRR_DB_URL, url)
        .put(AppConfig.TRR_API_URL, "http://trr-backend.example")
        .put(AppConfig.SERVICE_TOKEN, TOKEN)
        .put(AppConfig.ADMIN_SECRET, SECRET));

    String line = config.toString();

    assertThat(line).contains("trr.example");
    assertThat(line).contains("fb.example");
    for (String secret : List.of(SECRET, TOKEN, TRR_PASSWORD, DB_PASSWORD)) {
      assertThat(line).as("the start-up configuration line").doesNotContain(secret);
    }
  }

  // ---- request sets ---------------------------------------------------------------------------

  private void badAndGoodAuth() {
    for (String path : List.of("/shows", "/shows/rhoslc", "/people/" + UUID.randomUUID() + "/facebank")) {
      keep(service.request(HttpMethod.GET, path).send().await());
      for (String wrong : List.of("nope", SECRET.substring(0, SECRET.length() - 1), SECRET + "x", " " + SECRET + "!",
          SECRET.toUpperCase(Locale.ROOT), TOKEN)) {
        keep(service.request(HttpMethod.GET, path).putHeader(HEADER, wrong).send().await());
      }
      keep(service.get(path));
    }
    keep(service.request(HttpMethod.POST, "/shows/rhoslc/sync_facebank_seeds").putHeader(HEADER, SECRET + "0")
        .send().await());
    keep(service.request(HttpMethod.GET, "/shows").bearerTokenAuthentication(SECRET).send().await());
  }

  private void openRoutes() {
    for (String path : List.of("/health", "/ready", "/metrics")) {
      keep(service.request(HttpMethod.GET, path).send().await());
      keep(service.request(HttpMethod.GET, path).putHeader(HEADER, SECRET + "x").send().await());
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private UUID person(UUID show, String name) {
    UUID person = service.trr.person(name, null);
    service.trr.credit(show, person, "Self");
    service.trr.seedPhoto(person, "https://cdn.example/" + person + "/seed.jpg", 1);
    return person;
  }

  /** Keeps everything a caller could see of the response. */
  private HttpResponse<Buffer> keep(HttpResponse<Buffer> response) {
    responses.add(SecretScan.seen(response));
    return response;
  }

  private static void assertLogsWereCaptured() {
    assertThat(LogCapture.lines()).as("start-up is in the captured lines")
        .anySatisfy(line -> assertThat(line).contains("facebank-sync listening on"));
    assertThat(LogCapture.lines()).anySatisfy(line -> assertThat(line).contains("Sync failed"));
  }

  private void assertNoSecretAnywhere(List<String> secrets) {
    assertThat(responses).hasSizeGreaterThan(20);
    SecretScan.assertNoSecret("responses", responses, secrets);
    SecretScan.assertNoSecret("log lines", LogCapture.lines(), secrets);
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
