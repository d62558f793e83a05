package com.screenalytics.facebank.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.testsupport.LogCapture;
import com.screenalytics.facebank.testsupport.SecretScan;
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
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The console's server side over plain HTTP: operators (behind the admin header only, passwords
 * hashed and never answered), sessions (cookie attributes, a new id at each sign-in, sign-out,
 * ended by removal or a new password), CSRF, the sign-in limits, one-time links, approving and
 * rejecting rows, who triggered a run, and the headers every response carries.
 */
@ExtendWith(ServiceExtension.class)
class ConsoleApiTest {

  private static final String PASSWORD = "Bob-Pw-Console-8841";
  private static final Pattern SESSION = Pattern.compile("facebank_session=([^;]*)");
  private static final Pattern CSRF = Pattern.compile("facebank_csrf=([^;]*)");

  private final List<String> seen = new ArrayList<>();
  private WebClient other;

  @AfterEach
  void tearDown() {
    if (other != null) {
      other.close();
    }
  }

  /** A signed-in browser, as far as the server can tell: its session cookie and CSRF token. */
  record Browser(String session, String csrf) {
    String cookies() {
      return "facebank_session=" + session + (csrf == null ? "" : "; facebank_csrf=" + csrf);
    }
  }

  @Test
  void operatorsAreCreatedBehindTheHeaderOnlyAndTheirPasswordsNeverComeBack(ServiceUnderTest service) {
    HttpResponse<Buffer> created = keep(service.post("/operators", operator("Bob", PASSWORD)));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().fieldNames()).containsExactlyInAnyOrder("name", "created", "created_at");
    assertThat(created.bodyAsJsonObject().getString("name")).as("names are lower-cased").isEqualTo("bob");
    String hash = (String) service.db.query("SELECT password_hash FROM operator WHERE name = 'bob'").get(0)
        .get("password_hash");
    assertThat(hash).startsWith("$pbkdf2$it=210000$").doesNotContain(PASSWORD);

    HttpResponse<Buffer> again = keep(service.post("/operators", operator("bob", "Another-Pw-77120")));
    assertThat(again.statusCode()).as("a new password for an existing operator").isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getBoolean("created")).isFalse();

    assertError(keep(service.post("/operators", operator("api", PASSWORD))), 422, "invalid_field");
    assertError(keep(service.post("/operators", operator("has space", PASSWORD))), 422, "invalid_field");
    assertError(keep(service.post("/operators", operator("carol", "short"))), 422, "invalid_field");
    assertError(keep(service.request(HttpMethod.POST, "/operators").sendJson(operator("eve", PASSWORD)).await()), 403,
        "forbidden");

    Browser bob = signIn(service, "bob", "Another-Pw-77120");
    assertError(keep(withCookies(service.request(HttpMethod.POST, "/operators"), bob)
        .sendJson(operator("mallory", PASSWORD)).await()), 403, "forbidden");
    assertError(keep(withCookies(service.request(HttpMethod.POST, "/console/sign-in-links"), bob)
        .sendJson(new JsonObject().put("name", "bob")).await()), 403, "forbidden");
    assertThat(service.db.count("SELECT count(*) FROM operator")).as("a session mints no account").isEqualTo(1);

    HttpResponse<Buffer> removed = keep(service.admin(HttpMethod.DELETE, "/operators/bob").send().await());
    assertThat(removed.statusCode()).isEqualTo(200);
    assertError(keep(service.admin(HttpMethod.DELETE, "/operators/bob").send().await()), 404, "operator_not_found");
    assertError(keep(withCookies(service.request(HttpMethod.GET, "/shows"), bob).send().await()), 403, "forbidden");

    List<String> secrets = new ArrayList<>(SecretScan.SECRETS);
    secrets.addAll(List.of(PASSWORD, "Another-Pw-77120", hash));
    SecretScan.assertNoSecret("responses", seen, secrets);
    SecretScan.assertNoSecret("log lines", LogCapture.lines(), secrets);
  }

  @Test
  void signingInSetsAStrictHttpOnlyCookieUnderANewIdAndSigningOutEndsIt(ServiceUnderTest service) {
    service.post("/operators", operator("bob", PASSWORD));
    HttpResponse<Buffer> wrong = signInRaw(service, "bob", "wrong-password-123", null);
    assertError(wrong, 401, "invalid_credentials");
    assertThat(wrong.cookies()).as("no cookie for a failed sign-in").isEmpty();
    assertError(signInRaw(service, "nobody", PASSWORD, null), 401, "invalid_credentials");

    HttpResponse<Buffer> ok = signInRaw(service, "bob", PASSWORD, null);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.bodyAsJsonObject()).isEqualTo(new JsonObject().put("operator", "bob"));
    String cookie = ok.cookies().get(0);
    assertThat(cookie).startsWith("facebank_session=").contains("; Path=/", "; HTTPOnly", "; SameSite=Strict")
        .doesNotContain("Secure");
    String first = value(SESSION, cookie);
    HttpResponse<Buffer> resigned = signInRaw(service, "bob", PASSWORD, first);
    String second = value(SESSION, resigned.cookies().get(0));
    assertThat(second).as("a new session id at each sign-in").isNotEqualTo(first);
    assertError(withCookies(service.request(HttpMethod.GET, "/shows"), new Browser(first, null)).send().await(), 403,
        "forbidden");

    Browser bob = withCsrf(service, second);
    assertThat(withCookies(service.request(HttpMethod.GET, "/shows"), bob).send().await().statusCode()).isEqualTo(200);
    HttpResponse<Buffer> noToken = withCookies(service.request(HttpMethod.POST, "/console/sign-out"), bob).send().await();
    assertError(noToken, 403, "csrf_token_invalid");
    HttpResponse<Buffer> out = csrf(withCookies(service.request(HttpMethod.POST, "/console/sign-out"), bob), bob)
        .send().await();
    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(out.cookies()).anySatisfy(expired -> assertThat(expired).startsWith("facebank_session=;")
        .contains("Max-Age=0"));
    assertError(withCookies(service.request(HttpMethod.GET, "/console/session"), bob).send().await(), 401,
        "not_signed_in");
    assertError(withCookies(service.request(HttpMethod.GET, "/shows"), bob).send().await(), 403, "forbidden");
  }

  @Test
  @SuppressWarnings("unused")
  void aNewPasswordEndsTheSessionsSignedInWithTheOldOne(ServiceUnderTest service) {
    service.post("/operators", operator("bob", PASSWORD));
    Browser bob = signIn(service, "bob", PASSWORD);
    service.post("/operators", operator("bob", "Fresh-Password-3310"));
    assertError(withCookies(service.request(HttpMethod.GET, "/shows"), bob).send().await(), 403, "forbidden");
    assertError(signInRaw(service, "bob", PASSWORD, null), 401, "invalid_credentials");
    assertThat(signInRaw(service, "bob", "Fresh-Password-3310", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aCrossSiteSignInIsRefused(ServiceUnderTest service) {
    service.post("/operators", operator("bob", PASSWORD));
    HttpResponse<Buffer> forged = service.request(HttpMethod.POST, "/console/sign-in")
        .putHeader("Origin", "https://evil.example").sendJson(operator("bob", PASSWORD)).await();
    assertError(forged, 403, "cross_origin");
    assertThat(forged.cookies()).isEmpty();
    HttpResponse<Buffer> sameSite = service.request(HttpMethod.POST, "/console/sign-in")
        .putHeader("Origin", "http://127.0.0.1:" + service.port()).sendJson(operator("bob", PASSWORD)).await();
    assertThat(sameSite.statusCode()).isEqualTo(200);
  }

  @Test
  void fiveFailedSignInsInAMinuteLimitTheAddressAndTheName(ServiceUnderTest service) {
    service.post("/operators", operator("bob", PASSWORD));
    service.post("/operators", operator("carol", PASSWORD));
    for (int i = 0; i < 5; i++) {
      assertError(signInRaw(service, "bob", "wrong-password-" + i, null), 401, "invalid_credentials");
    }
    HttpResponse<Buffer> limited = signInRaw(service, "bob", PASSWORD, null);
    assertError(limited, 429, "too_many_sign_ins");
    assertThat(Integer.parseInt(limited.getHeader("Retry-After"))).isBetween(1, 60);
    assertError(signInRaw(service, "carol", PASSWORD, null), 429, "too_many_sign_ins");

    // From another address (127.0.0.2 is loopback too): bob is still limited, carol is not.
    other = WebClient.create(service.vertx, new WebClientOptions().setLocalAddress("127.0.0.2"));
    HttpResponse<Buffer> bobElsewhere = other.post(service.port(), "127.0.0.1", "/console/sign-in")
        .sendJson(operator("bob", PASSWORD)).await();
    assertError(bobElsewhere, 429, "too_many_sign_ins");
    HttpResponse<Buffer> carolElsewhere = other.post(service.port(), "127.0.0.1", "/console/sign-in")
        .sendJson(operator("carol", PASSWORD)).await();
    assertThat(carolElsewhere.statusCode()).isEqualTo(200);
  }

  @Test
  void aSignInLinkWorksOnceWithinItsTimeAndIsKeptOnlyAsAHash(ServiceUnderTest service) {
    service.post("/operators", operator("bob", PASSWORD));
    HttpResponse<Buffer> created = keep(service.post("/console/sign-in-links", new JsonObject()));
    assertThat(created.statusCode()).as("no name: the only operator").isEqualTo(201);
    JsonObject link = created.bodyAsJsonObject();
    assertThat(link.getString("name")).isEqualTo("bob");
    String token = link.getString("url").substring(link.getString("url").indexOf("#/link/") + 7);
    assertThat(link.getString("url")).isEqualTo("http://127.0.0.1:" + service.port() + "/#/link/" + token);
    Map<String, Object> stored = service.db.query("SELECT encode(token_sha256, 'hex') AS h, "
        + "extract(epoch FROM expires_at - created_at)::int AS valid_seconds FROM console_sign_in_link").get(0);
    assertThat(stored.toString()).doesNotContain(token);
    assertThat(stored).containsEntry("valid_seconds", 600);

    HttpResponse<Buffer> used = service.request(HttpMethod.POST, "/console/sign-in/link")
        .sendJson(new JsonObject().put("token", token)).await();
    assertThat(used.statusCode()).isEqualTo(200);
    assertThat(used.bodyAsJsonObject().getString("operator")).isEqualTo("bob");
    Browser bob = new Browser(value(SESSION, used.cookies().get(0)), null);
    assertThat(withCookies(service.request(HttpMethod.GET, "/shows"), bob).send().await().statusCode()).isEqualTo(200);
    assertError(service.request(HttpMethod.POST, "/console/sign-in/link").sendJson(new JsonObject().put("token", token))
        .await(), 401, "sign_in_link_invalid");

    String late = tokenOf(service.post("/console/sign-in-links", new JsonObject().put("name", "bob")));
    service.db.execute("UPDATE console_sign_in_link SET expires_at = now() - interval '1 second' WHERE used_at IS NULL");
    assertError(service.request(HttpMethod.POST, "/console/sign-in/link").sendJson(new JsonObject().put("token", late))
        .await(), 401, "sign_in_link_invalid");

    assertError(service.post("/console/sign-in-links", new JsonObject().put("name", "nobody")), 404, "operator_not_found");
    service.post("/operators", operator("carol", PASSWORD));
    assertError(service.post("/console/sign-in-links", new JsonObject()), 400, "operator_name_required");
    SecretScan.assertNoSecret("responses", seen, SecretScan.SECRETS);
  }

  @Test
  void rowsAreApprovedOrRejectedByWhoeverPassedTheGuardAndNeverDeleted(ServiceUnderTest service) {
    List<UUID> people = service.seededShow("REVIEW", 1);
    service.syncOk("review");
    UUID person = people.get(0);
    UUID image = (UUID) service.db.query("SELECT image_id FROM face_bank_images").get(0).get("image_id");
    String path = "/people/" + person + "/facebank/" + image;

    JsonObject approved = service.post(path + "/approve", null).bodyAsJsonObject();
    assertThat(approved.getBoolean("approved")).isTrue();
    assertThat(approved.getString("approved_by")).isEqualTo(Addresses.TRIGGERED_BY_API);
    assertThat(approved.getString("approved_at")).isNotNull();
    assertThat(approved.getBoolean("rejected")).isFalse();

    service.post("/operators", operator("bob", PASSWORD));
    Browser bob = signIn(service, "bob", PASSWORD);
    assertError(withCookies(service.request(HttpMethod.POST, path + "/reject"), bob).send().await(), 403,
        "csrf_token_invalid");
    HttpResponse<Buffer> rejected = csrf(withCookies(service.request(HttpMethod.POST, path + "/reject"), bob), bob)
        .send().await();
    assertThat(rejected.statusCode()).as(rejected.bodyAsString()).isEqualTo(200);
    assertThat(rejected.bodyAsJsonObject().getBoolean("rejected")).isTrue();
    assertThat(rejected.bodyAsJsonObject().getString("rejected_by")).isEqualTo("bob");
    assertThat(rejected.bodyAsJsonObject().getBoolean("approved")).isFalse();
    assertThat(rejected.bodyAsJsonObject().getString("approved_by")).isNull();
    Map<String, Object> row = service.db.query("SELECT approved, rejected, rejected_by FROM face_bank_images").get(0);
    assertThat(row).containsEntry("approved", false).containsEntry("rejected", true).containsEntry("rejected_by", "bob");
    assertThat(service.get("/people/" + person + "/facebank").bodyAsJsonObject().getJsonArray("images"))
        .as("a rejected row stays").hasSize(1);

    assertError(service.post("/people/" + person + "/facebank/" + UUID.randomUUID() + "/approve", null), 404,
        "image_not_found");
    assertError(service.post("/people/" + person + "/facebank/nope/approve", null), 400, "invalid_id");
    assertError(service.request(HttpMethod.POST, path + "/approve").send().await(), 403, "forbidden");
  }

  @Test
  void aRunRecordsWhoTriggeredIt(ServiceUnderTest service) {
    service.seededShow("WHO", 1);
    String byHeader = service.syncOk("who").getString("run_id");
    service.post("/operators", operator("bob", PASSWORD));
    Browser bob = signIn(service, "bob", PASSWORD);
    HttpResponse<Buffer> byConsole = csrf(withCookies(service.request(HttpMethod.POST, "/shows/WHO/sync_facebank_seeds"),
        bob), bob).send().await();
    assertThat(byConsole.statusCode()).as(byConsole.bodyAsString()).isEqualTo(200);
    JsonObject byBus = service.app().vertx().eventBus().<JsonObject>request(Addresses.SYNC,
        new JsonObject().put("show_id", "WHO")).await().body();

    assertThat(service.get("/sync_runs/" + byHeader).bodyAsJsonObject().getString("triggered_by")).isEqualTo("api");
    assertThat(service.get("/sync_runs/" + byConsole.bodyAsJsonObject().getString("run_id")).bodyAsJsonObject()
        .getString("triggered_by")).isEqualTo("bob");
    assertThat(service.get("/sync_runs/" + byBus.getString("run_id")).bodyAsJsonObject().getString("triggered_by"))
        .isEqualTo("bus");
    assertThat(service.get("/shows/WHO/sync_runs").bodyAsJsonObject().getJsonArray("runs").stream()
        .map(run -> ((JsonObject) run).getString("triggered_by"))).containsExactly("bus", "bob", "api");
  }

  @Test
  void everyResponseCarriesTheSecurityHeadersAndTheConsoleComesFromTheJar(ServiceUnderTest service) {
    String photos = service.photos.baseUrl();
    for (HttpResponse<Buffer> response : List.of(
        service.request(HttpMethod.GET, "/").send().await(),
        service.request(HttpMethod.GET, "/console/assets/js/main.js").send().await(),
        service.get("/shows"),
        service.request(HttpMethod.GET, "/nowhere").send().await(),
        service.request(HttpMethod.GET, "/health").send().await())) {
      assertThat(response.getHeader("Content-Security-Policy"))
          .isEqualTo("default-src 'self'; img-src 'self' " + photos + "; object-src 'none'; base-uri 'none'; "
              + "form-action 'self'; frame-ancestors 'none'");
      assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
      assertThat(response.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
      assertThat(response.cookies()).as("no cookie without a sign-in").isEmpty();
    }
    HttpResponse<Buffer> page = service.request(HttpMethod.GET, "/").send().await();
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.bodyAsString()).contains("<script type=\"module\" src=\"/console/assets/js/main.js\"></script>")
        .doesNotContain(ServiceUnderTest.ADMIN_SECRET);
    HttpResponse<Buffer> script = service.request(HttpMethod.GET, "/console/assets/js/pages/run.js").send().await();
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.getHeader("Content-Type")).contains("javascript");
    assertThat(script.bodyAsString()).contains("new EventSource(");
  }

  @Test
  void thePhotoHostsAreConfigurableAndAMalformedOneStopsStartUp(Services services) {
    ServiceUnderTest service = services.start(new JsonObject()
        .put(AppConfig.CONSOLE_IMAGE_HOSTS, "https://photos.example, https://*.cdn.example:8443"));
    assertThat(service.request(HttpMethod.GET, "/").send().await().getHeader("Content-Security-Policy"))
        .contains("img-src 'self' https://photos.example https://*.cdn.example:8443;");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> services.start(new JsonObject()
            .put(AppConfig.CONSOLE_IMAGE_HOSTS, "https://ok.example; script-src *")))
        .hasMessageContaining("CONSOLE_IMAGE_HOSTS");
  }

  @Test
  void aPublicHttpsUrlMakesTheCookieSecureAndIsTheBaseOfLinks(Services services) {
    ServiceUnderTest service = services.start(new JsonObject()
        .put(AppConfig.CONSOLE_PUBLIC_URL, "https://facebank.example/"));
    service.post("/operators", operator("bob", PASSWORD));
    HttpResponse<Buffer> ok = signInRaw(service, "bob", PASSWORD, null);
    assertThat(ok.cookies().get(0)).contains("; Secure");
    assertThat(service.post("/console/sign-in-links", new JsonObject()).bodyAsJsonObject().getString("url"))
        .startsWith("https://facebank.example/#/link/");
    HttpResponse<Buffer> behindProxy = service.request(HttpMethod.POST, "/console/sign-in")
        .putHeader("Origin", "https://facebank.example").sendJson(operator("bob", PASSWORD)).await();
    assertThat(behindProxy.statusCode()).as("the public origin signs in").isEqualTo(200);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static JsonObject operator(String name, String password) {
    return new JsonObject().put("name", name).put("password", password);
  }

  private HttpResponse<Buffer> signInRaw(ServiceUnderTest service, String name, String password, String session) {
    HttpRequest<Buffer> request = service.request(HttpMethod.POST, "/console/sign-in");
    if (session != null) {
      request.putHeader("Cookie", "facebank_session=" + session);
    }
    return keep(request.sendJson(operator(name, password)).await());
  }

  private Browser signIn(ServiceUnderTest service, String name, String password) {
    HttpResponse<Buffer> ok = signInRaw(service, name, password, null);
    assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(200);
    return withCsrf(service, value(SESSION, ok.cookies().get(0)));
  }

  /** What the console's page does after signing in: GET /console/session hands out the CSRF token. */
  private Browser withCsrf(ServiceUnderTest service, String session) {
    HttpResponse<Buffer> who = keep(service.request(HttpMethod.GET, "/console/session")
        .putHeader("Cookie", "facebank_session=" + session).send().await());
    assertThat(who.statusCode()).as(who.bodyAsString()).isEqualTo(200);
    String csrf = who.cookies().stream().filter(c -> c.startsWith("facebank_csrf=")).findFirst().orElseThrow();
    assertThat(csrf).doesNotContain("HTTPOnly").contains("SameSite=Strict");
    return new Browser(session, value(CSRF, csrf));
  }

  private static HttpRequest<Buffer> withCookies(HttpRequest<Buffer> request, Browser browser) {
    return request.putHeader("Cookie", browser.cookies());
  }

  private static HttpRequest<Buffer> csrf(HttpRequest<Buffer> request, Browser browser) {
    return request.putHeader("X-CSRF-Token", browser.csrf());
  }

  private static String value(Pattern pattern, String cookie) {
    Matcher matcher = pattern.matcher(cookie);
    assertThat(matcher.find()).as(cookie).isTrue();
    return matcher.group(1);
  }

  private static String tokenOf(HttpResponse<Buffer> created) {
    String url = created.bodyAsJsonObject().getString("url");
    return url.substring(url.indexOf("#/link/") + 7);
  }

  private HttpResponse<Buffer> keep(HttpResponse<Buffer> response) {
    seen.add(SecretScan.seen(response));
    return response;
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo(code);
  }
}
