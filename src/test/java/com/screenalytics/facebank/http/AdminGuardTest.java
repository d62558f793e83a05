package com.screenalytics.facebank.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.ServiceConfig;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin guard (DESIGN 3.1): no secret configured → 503 before anything else; a missing or
 * wrong X-Screenalytics-Admin-Secret → 403; the right one passes; /health, /ready and /metrics
 * are open.
 */
@ExtendWith(ServiceExtension.class)
class AdminGuardTest {

  private static final String SECRET = ServiceUnderTest.ADMIN_SECRET;
  private static final String HEADER = ServiceUnderTest.ADMIN_HEADER;

  private ServiceUnderTest service;

  @Test
  @ServiceConfig(key = AppConfig.ADMIN_SECRET, unset = true)
  void unsetSecretAnswers503OnEveryAdminRouteEvenWithAHeader(ServiceUnderTest service) {
    this.service = service;
    UUID trrPerson = linkedShowWithOnePerson();

    assertAdminRoutesAnswer503();

    assertThat(service.db.count("SELECT count(*) FROM sync_run")).as("no run is started").isZero();
    assertThat(service.photos.callsFor(trrPerson)).as("no photos call").isEmpty();
  }

  @Test
  @ServiceConfig(key = AppConfig.ADMIN_SECRET, value = "  ")
  void blankSecretCountsAsUnset(ServiceUnderTest service) {
    this.service = service;
    UUID trrPerson = linkedShowWithOnePerson();

    assertAdminRoutesAnswer503();
    // A blank header must not "match" a blank secret.
    HttpResponse<Buffer> blankHeader = service.request(HttpMethod.GET, "/shows").putHeader(HEADER, "  ").send().await();
    assertError(blankHeader, 503, "admin_secret_not_configured");
    HttpResponse<Buffer> emptyHeader = service.request(HttpMethod.GET, "/shows").putHeader(HEADER, "").send().await();
    assertError(emptyHeader, 503, "admin_secret_not_configured");

    assertThat(service.db.count("SELECT count(*) FROM sync_run")).isZero();
    assertThat(service.photos.callsFor(trrPerson)).isEmpty();
  }

  @Test
  @ServiceConfig(key = AppConfig.ADMIN_SECRET, unset = true)
  void openRoutesNeedNoSecretEvenWhenNoneIsConfigured(ServiceUnderTest service) {
    this.service = service;

    assertThat(service.request(HttpMethod.GET, "/health").send().await().statusCode()).isEqualTo(200);
    assertThat(service.request(HttpMethod.GET, "/ready").send().await().statusCode()).isEqualTo(200);
    assertThat(service.request(HttpMethod.GET, "/metrics").send().await().statusCode()).isEqualTo(200);
  }

  @Test
  void missingOrWrongHeaderIs403AndTheRightOneIs200(ServiceUnderTest service) {
    this.service = service;
    UUID trrPerson = linkedShowWithOnePerson();
    String personPath = "/people/" + trrPerson + "/facebank";

    String sameLengthWrongCase = SECRET.toLowerCase(Locale.ROOT);
    assertThat(sameLengthWrongCase).hasSameSizeAs(SECRET).isNotEqualTo(SECRET);
    List<String> wrongValues = List.of(
        sameLengthWrongCase,
        "x",                                          // different length
        SECRET.substring(0, SECRET.length() - 1),     // a prefix
        SECRET + "5",                                 // the secret plus more
        "");

    for (String[] route : adminRoutes(personPath)) {
      HttpMethod method = HttpMethod.valueOf(route[0]);
      String path = route[1];
      assertError(send(service.request(method, path)), 403, "forbidden");
      for (String wrong : wrongValues) {
        HttpResponse<Buffer> response = send(service.request(method, path).putHeader(HEADER, wrong));
        assertThat(response.statusCode()).as("%s %s with header '%s'", method, path, wrong).isEqualTo(403);
        assertThat(errorCode(response)).isEqualTo("forbidden");
      }
    }
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).as("a refused sync runs nothing").isZero();
    assertThat(service.photos.callsFor(trrPerson)).as("a refused sync calls nothing").isEmpty();

    // The right secret passes the guard on each route.
    assertThat(send(service.admin(HttpMethod.GET, "/shows")).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> sync = send(service.admin(HttpMethod.POST, "/shows/rhoslc/sync_facebank_seeds"));
    assertThat(sync.statusCode()).as(sync.bodyAsString()).isEqualTo(200);
    assertThat(sync.bodyAsJsonObject().getString("status")).isEqualTo("ok");
    assertThat(service.photos.callsFor(trrPerson)).isNotEmpty();
    HttpResponse<Buffer> person = send(service.admin(HttpMethod.GET, personPath));
    assertThat(person.statusCode()).as(person.bodyAsString()).isEqualTo(200);
  }

  @Test
  void openRoutesNeedNoHeader(ServiceUnderTest service) {
    this.service = service;

    HttpResponse<Buffer> health = service.request(HttpMethod.GET, "/health").send().await();
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("UP");
    HttpResponse<Buffer> ready = service.request(HttpMethod.GET, "/ready").send().await();
    assertThat(ready.statusCode()).isEqualTo(200);
    HttpResponse<Buffer> metrics = service.request(HttpMethod.GET, "/metrics").send().await();
    assertThat(metrics.statusCode()).isEqualTo(200);
    // A wrong header on an open route changes nothing.
    assertThat(service.request(HttpMethod.GET, "/health").putHeader(HEADER, "wrong").send().await().statusCode())
        .isEqualTo(200);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private UUID linkedShowWithOnePerson() {
    UUID show = service.trr.show("The Real Housewives of Salt Lake City");
    UUID person = service.trr.person("Lisa Barlow", "nm0000001");
    service.trr.credit(show, person, "Self");
    service.trr.seedPhoto(person, "https://cdn.example/lisa/seed-1.jpg", 1);
    // Written straight to the database: the API may be closed in this test.
    service.db.execute("INSERT INTO show (show_id, title, trr_show_id) VALUES ('RHOSLC', 'RHOSLC', '" + show + "')");
    return person;
  }

  private void assertAdminRoutesAnswer503() {
    for (String[] route : adminRoutes("/people/" + UUID.randomUUID() + "/facebank")) {
      HttpMethod method = HttpMethod.valueOf(route[0]);
      assertError(send(service.request(method, route[1])), 503, "admin_secret_not_configured");
      assertError(send(service.request(method, route[1]).putHeader(HEADER, SECRET)), 503,
          "admin_secret_not_configured");
      assertError(send(service.request(method, route[1]).putHeader(HEADER, "anything")), 503,
          "admin_secret_not_configured");
    }
  }

  private static List<String[]> adminRoutes(String personPath) {
    return List.of(
        new String[] {"GET", "/shows"},
        new String[] {"POST", "/shows/rhoslc/sync_facebank_seeds"},
        new String[] {"GET", personPath});
  }

  private static HttpResponse<Buffer> send(HttpRequest<Buffer> request) {
    return request.send().await();
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    assertThat(errorCode(response)).isEqualTo(code);
    assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("error");
  }

  private static String errorCode(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }
}
