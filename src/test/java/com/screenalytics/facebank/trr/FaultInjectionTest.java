package com.screenalytics.facebank.trr;

import static com.screenalytics.facebank.testsupport.SyncResults.person;
import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.LogCapture;
import com.screenalytics.facebank.testsupport.PhotosServer.Call;
import com.screenalytics.facebank.testsupport.PhotosServer.Reply;
import com.screenalytics.facebank.testsupport.SecretScan;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceExtension.Services;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The photos API misbehaving, one way per person, against a real HTTP server scripted per person.
 * Each test asserts the person's outcome, the calls made (how many, in which order, seed or
 * fallback), the rows written, and that the run ended within a time budget derived from the
 * policy below. After each test, every response and log line is searched for the secrets.
 */
@ExtendWith(ServiceExtension.class)
class FaultInjectionTest {

  private static final String SHOW = "FAULTS";
  private static final String CDN = "https://cdn.example/faults/";

  private static final int TIMEOUT_MS = 300;
  private static final int BACKOFF_MS = 20;
  private static final int MAX_ATTEMPTS = 3;
  private static final int DEADLINE_MS = 5_000;
  /** Start-up of the sync, database work and a loaded CI machine: what the budget allows beyond the policy. */
  private static final long SLACK_MS = 2_500;
  /** Request timeout of the size-cap tests: long enough that reading 5 MiB never times out first. */
  private static final int SIZE_TEST_TIMEOUT_MS = 10_000;
  /** The worst one call can take: every attempt times out, after the longest backoffs. */
  private static final long CALL_BUDGET_MS = MAX_ATTEMPTS * TIMEOUT_MS + BACKOFF_MS * ((1L << (MAX_ATTEMPTS - 1)) - 1);

  private final List<String> responses = new ArrayList<>();
  private ServiceUnderTest service;
  private UUID trrShow;

  @AfterEach
  void tearDown() {
    SecretScan.closeAndScan(service, responses);
    assertThat(LogCapture.lines()).as("log lines were captured").isNotEmpty();
    assertThat(LogCapture.lines()).as("an upstream fault is not an error of this service")
        .noneMatch(line -> line.startsWith("ERROR"));
  }

  private void start(Services services, JsonObject overrides) {
    JsonObject policy = new JsonObject()
        .put(AppConfig.PHOTOS_TIMEOUT_MS, TIMEOUT_MS)
        .put(AppConfig.PHOTOS_BACKOFF_MS, BACKOFF_MS)
        .put(AppConfig.PHOTOS_MAX_ATTEMPTS, MAX_ATTEMPTS)
        .put(AppConfig.PHOTOS_PERSON_DEADLINE_MS, DEADLINE_MS)
        .put(AppConfig.SYNC_PERSON_CONCURRENCY, 8);
    service = services.start(policy.mergeIn(overrides));
    trrShow = service.trr.show("Faults: The Series");
    service.linkedShow(SHOW, trrShow);
  }

  private void start(Services services) {
    start(services, new JsonObject());
  }

  // ---- error statuses -------------------------------------------------------------------------

  @Test
  void statusesNotWorthRetryingFailThePersonAfterOneCall(Services services) {
    start(services);
    // An upstream that quotes our token back: it must not reach a response or a log.
    UUID error500 = unseeded("Error 500");
    service.photos.script(error500, true, Reply.raw(500,
        new JsonObject().put("detail", "token " + ServiceUnderTest.SERVICE_TOKEN + " broke us").encode()));
    UUID notFound = unseeded("Not Found 404");
    service.photos.script(notFound, true, Reply.status(404));
    UUID forbidden = unseeded("Forbidden 403");
    service.photos.script(forbidden, true, Reply.status(403));
    UUID healthy = seeded("Healthy Neighbour");

    JsonObject body = syncWithin(CALL_BUDGET_MS);

    assertFailed(body, error500, "seed_fetch_failed", "true");
    assertThat(error(body, error500)).contains("HTTP 500", "1 attempt").doesNotContain("broke us");
    assertFailed(body, notFound, "seed_fetch_failed", "true");
    assertFailed(body, forbidden, "photos_unauthorized", "true");
    assertImported(body, healthy, 1, "true");
    assertThat(body.getString("status")).isEqualTo("partial");
  }

  @Test
  void a502ThenSuccessIsRetriedAsTheSameSeedCallAndImported(Services services) {
    start(services);
    UUID flaky = unseeded("Flaky Gateway");
    service.photos.script(flaky, true, Reply.status(502));
    service.photos.script(flaky, true, Reply.status(502));
    service.photos.script(flaky, true, Reply.json(rows(CDN + "flaky/1.jpg", CDN + "flaky/2.jpg")));

    JsonObject body = syncWithin(CALL_BUDGET_MS);

    JsonObject result = assertImported(body, flaky, 2, "true", "true", "true");
    assertThat(result.getString("photo_source")).as("a retried seed call is still the seed call").isEqualTo("seed");
    assertThat(keys(flaky)).containsExactlyInAnyOrder(CDN + "flaky/1.jpg", CDN + "flaky/2.jpg");
    List<Long> gaps = gapsMs(service.photos.callsFor(flaky));
    assertThat(gaps.get(0)).as("first backoff: at least half of PHOTOS_BACKOFF_MS").isGreaterThanOrEqualTo(BACKOFF_MS / 2);
    assertThat(gaps.get(1)).as("second backoff: at least half of twice PHOTOS_BACKOFF_MS").isGreaterThanOrEqualTo(BACKOFF_MS);
  }

  @Test
  void persistentRetryableFailuresUseEveryAttemptThenFail(Services services) {
    start(services);
    UUID unavailable = unseeded("Unavailable 503");
    service.photos.script(unavailable, true, Reply.status(503));
    UUID gatewayTimeout = unseeded("Gateway Timeout 504");
    service.photos.script(gatewayTimeout, true, Reply.status(504));
    UUID throttled = unseeded("Throttled 429");
    service.photos.script(throttled, true, Reply.status(429));

    JsonObject body = syncWithin(CALL_BUDGET_MS);

    assertFailed(body, unavailable, "seed_fetch_failed", "true", "true", "true");
    assertThat(error(body, unavailable)).contains("HTTP 503", "3 attempts");
    assertFailed(body, gatewayTimeout, "seed_fetch_failed", "true", "true", "true");
    assertFailed(body, throttled, "photos_rate_limited", "true", "true", "true");
    assertThat(body.getString("status")).isEqualTo("error");
  }

  @Test
  void retryAfterIsHonouredUpToItsCap(Services services) {
    long cap = 1_500;
    start(services, new JsonObject().put(AppConfig.PHOTOS_RETRY_AFTER_CAP_MS, cap));
    UUID politelyThrottled = unseeded("Retry After One Second");
    service.photos.script(politelyThrottled, true, Reply.status(429).withHeader("Retry-After", "1"));
    service.photos.script(politelyThrottled, true, Reply.json(rows(CDN + "polite/1.jpg")));
    UUID greedy = unseeded("Retry After An Hour");
    service.photos.script(greedy, true, Reply.status(503).withHeader("Retry-After", "3600"));
    service.photos.script(greedy, true, Reply.json(rows(CDN + "greedy/1.jpg")));

    JsonObject body = syncWithin(cap);

    assertImported(body, politelyThrottled, 1, "true", "true");
    assertThat(gapsMs(service.photos.callsFor(politelyThrottled)).get(0))
        .as("waited the 1 s Retry-After asked for, not the 20 ms backoff").isBetween(1_000L, cap);
    assertImported(body, greedy, 1, "true", "true");
    assertThat(gapsMs(service.photos.callsFor(greedy)).get(0))
        .as("an hour's Retry-After is cut to PHOTOS_RETRY_AFTER_CAP_MS").isBetween(cap, cap + SLACK_MS);
  }

  // ---- time ------------------------------------------------------------------------------------

  @Test
  void aHangPastTheTimeoutIsRetriedThenIsPhotosTimeout(Services services) {
    start(services);
    UUID hanging = unseeded("Hanging Upstream");
    service.photos.script(hanging, true, Reply.delayed(Reply.json(rows(CDN + "late/1.jpg")), 30_000));
    UUID healthy = seeded("Prompt Neighbour");

    long started = System.nanoTime();
    JsonObject body = syncWithin(CALL_BUDGET_MS);

    assertThat(elapsedMs(started)).as("three attempts, each given PHOTOS_TIMEOUT_MS").isGreaterThanOrEqualTo(3L * TIMEOUT_MS);
    assertFailed(body, hanging, "photos_timeout", "true", "true", "true");
    assertThat(error(body, hanging)).contains("seed_only=true", TIMEOUT_MS + " ms", "3 attempts");
    assertImported(body, healthy, 1, "true");
  }

  @Test
  void thePersonDeadlineBoundsAllCallsOfAPerson(Services services) {
    long deadline = 800;
    start(services, new JsonObject().put(AppConfig.PHOTOS_TIMEOUT_MS, 10_000).put(AppConfig.PHOTOS_PERSON_DEADLINE_MS,
        deadline));
    UUID hangingSeed = unseeded("Hanging Seed Call");
    service.photos.script(hangingSeed, true, Reply.delayed(Reply.json(rows(CDN + "never/1.jpg")), 30_000));
    UUID hangingFallback = unseeded("Hanging Fallback Call");
    service.photos.script(hangingFallback, true, Reply.delayed(Reply.json(new JsonArray()), 300));
    service.photos.script(hangingFallback, false, Reply.delayed(Reply.json(rows(CDN + "never/2.jpg")), 30_000));

    long started = System.nanoTime();
    JsonObject body = syncWithin(deadline);

    assertThat(elapsedMs(started)).isGreaterThanOrEqualTo(deadline);
    assertFailed(body, hangingSeed, "photos_timeout", "true");
    assertThat(error(body, hangingSeed)).contains("seed_only=true", "PHOTOS_PERSON_DEADLINE_MS");
    assertFailed(body, hangingFallback, "photos_timeout", "true", "false");
    assertThat(error(body, hangingFallback)).contains("fallback", "PHOTOS_PERSON_DEADLINE_MS");
  }

  // ---- bodies ----------------------------------------------------------------------------------

  @Test
  void anUnusableBodyFailsTheCallWithoutRetryOrFallback(Services services) {
    start(services);
    UUID html = unseeded("Html Body");
    service.photos.script(html, true, Reply.raw(200, "<html>Bearer " + ServiceUnderTest.SERVICE_TOKEN + "</html>"));
    UUID envelope = unseeded("Envelope Body");
    service.photos.script(envelope, true, Reply.raw(200, "{\"items\": [{\"served_url\": \"" + CDN + "e.jpg\"}]}"));
    UUID badFallback = unseeded("Bad Fallback Body");
    service.photos.script(badFallback, true, Reply.json(new JsonArray()));
    service.photos.script(badFallback, false, Reply.raw(200, "[{\"served_url\": "));

    JsonObject body = syncWithin(CALL_BUDGET_MS);

    assertFailed(body, html, "seed_fetch_failed", "true");
    assertThat(error(body, html)).contains("not JSON");
    assertFailed(body, envelope, "seed_fetch_failed", "true");
    assertThat(error(body, envelope)).contains("not an array");
    assertFailed(body, badFallback, "fallback_fetch_failed", "true", "false");
  }

  @Test
  void aSixMebibyteBodyFailsTheCallWhetherOrNotItDeclaresItsLength(Services services) {
    // The size cap, not the 300 ms timeout, must end these calls, even on a loaded machine.
    start(services, new JsonObject().put(AppConfig.PHOTOS_TIMEOUT_MS, SIZE_TEST_TIMEOUT_MS));
    String sixMiB = jsonArrayOfSize(6 * 1024 * 1024);
    UUID declared = unseeded("Declared Six MiB");
    service.photos.script(declared, true, Reply.raw(200, sixMiB));
    UUID streamed = unseeded("Streamed Six MiB");
    service.photos.script(streamed, true, Reply.raw(200, sixMiB).chunkedBody());

    JsonObject body = syncWithin(SIZE_TEST_TIMEOUT_MS);

    for (UUID person : List.of(declared, streamed)) {
      assertFailed(body, person, "seed_fetch_failed", "true");
      assertThat(error(body, person)).contains("larger than 5242880 bytes", "PHOTOS_MAX_RESPONSE_BYTES");
    }
  }

  @Test
  void theSizeCapIsExact(Services services) {
    int cap = 4_096;
    start(services, new JsonObject().put(AppConfig.PHOTOS_MAX_RESPONSE_BYTES, cap)
        .put(AppConfig.PHOTOS_TIMEOUT_MS, SIZE_TEST_TIMEOUT_MS));
    UUID atTheCap = unseeded("Exactly At The Cap");
    service.photos.script(atTheCap, true, Reply.raw(200, padded(rows(CDN + "cap/at.jpg"), cap)));
    UUID overTheCap = unseeded("One Byte Over");
    service.photos.script(overTheCap, true, Reply.raw(200, padded(rows(CDN + "cap/over.jpg"), cap + 1)).chunkedBody());

    JsonObject body = syncWithin(SIZE_TEST_TIMEOUT_MS);

    assertImported(body, atTheCap, 1, "true");
    assertFailed(body, overTheCap, "seed_fetch_failed", "true");
  }

  // ---- rows ------------------------------------------------------------------------------------

  @Test
  void rowsWithWrongFieldTypesAreSkippedWithAReasonAndTheRestKept(Services services) {
    start(services);
    UUID person = unseeded("Messy Rows");
    String good = CDN + "messy/good.jpg";
    String full = CDN + "messy/full.jpg";
    UUID asset = UUID.randomUUID();
    service.photos.script(person, true, Reply.json(new JsonArray()
        .add(new JsonObject().put("served_url", good))
        .add(new JsonObject().put("served_url", 42))
        .add(new JsonObject().put("served_url", CDN + "messy/w.jpg").put("width", "wide"))
        .add(new JsonObject().put("served_url", CDN + "messy/h.jpg").put("height", 12.5))
        .add(new JsonObject().put("served_url", CDN + "messy/m.jpg").put("media_asset_id", "not-a-uuid"))
        .add(new JsonObject().put("served_url", CDN + "messy/k.jpg").put("kind", 7))
        .add(new JsonObject().put("served_url", CDN + "messy/s.jpg").put("source_url", new JsonObject()))
        .add("just a string")
        .addNull()
        .add(new JsonObject().put("served_url", CDN + "messy/n.jpg").put("width", -1))
        .add(new JsonObject().put("served_url", full).put("media_asset_id", asset.toString()).put("kind", "headshot")
            .put("width", 800).put("height", 1200).put("source_url", "https://source.example/full.jpg"))));

    JsonObject body = syncWithin(CALL_BUDGET_MS);

    JsonObject result = assertImported(body, person, 2, "true");
    assertThat(result.getInteger("fetched")).isEqualTo(11);
    assertThat(skipped(result)).containsExactly(
        "1 wrong_field_type served_url is not a string",
        "2 wrong_field_type width is not a whole number of 0 or more",
        "3 wrong_field_type height is not a whole number of 0 or more",
        "4 wrong_field_type media_asset_id is not a UUID",
        "5 wrong_field_type kind is not a string",
        "6 wrong_field_type source_url is not a string",
        "7 not_an_object a JSON string",
        "8 not_an_object null",
        "9 wrong_field_type width is not a whole number of 0 or more");
    assertThat(keys(person)).containsExactlyInAnyOrder(good, full);
    assertThat(service.db.query("SELECT media_asset_id, kind, width, height FROM face_bank_images"
        + " WHERE s3_original_key = ?", full)).singleElement().satisfies(row -> {
          assertThat(row.get("media_asset_id")).isEqualTo(asset);
          assertThat(row.get("kind")).isEqualTo("headshot");
          assertThat(row.get("width")).isEqualTo(800);
        });
  }

  @Test
  void servedUrlsThatAreNotAbsoluteHttpUrlsAreSkippedWithAReason(Services services) {
    start(services);
    UUID person = unseeded("Hostile Urls");
    String longest = "https://cdn.example/" + "a".repeat(2048 - "https://cdn.example/".length());
    String tooLong = longest + "a";
    List<String> bad = List.of("file:///etc/passwd", "javascript:alert(1)", "/media/relative.jpg", "relative.jpg",
        "ftp://cdn.example/x.jpg", "data:image/png;base64,AAAA", "https://", "http:///no-host.jpg",
        "https://cdn.example/has space.jpg", tooLong);
    List<String> fine = List.of(CDN + "fine.jpg", "HTTP://CDN.EXAMPLE/UPPER-SCHEME.JPG", longest);
    JsonArray answer = new JsonArray();
    bad.forEach(url -> answer.add(new JsonObject().put("served_url", url)));
    fine.forEach(url -> answer.add(new JsonObject().put("served_url", url)));
    service.photos.script(person, true, Reply.json(answer));

    JsonObject body = syncWithin(CALL_BUDGET_MS);

    JsonObject result = assertImported(body, person, 3, "true");
    List<JsonObject> skipped = result.getJsonArray("skipped_rows").stream().map(JsonObject.class::cast).toList();
    assertThat(skipped).extracting(row -> row.getInteger("index")).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(skipped).extracting(row -> row.getString("reason")).containsOnly("bad_served_url");
    assertThat(skipped.get(0).getString("detail")).isEqualTo("not an http or https URL: file:///etc/passwd");
    assertThat(skipped.get(2).getString("detail")).isEqualTo("not an absolute URL: /media/relative.jpg");
    assertThat(skipped.get(7).getString("detail")).isEqualTo("no host: http:///no-host.jpg");
    assertThat(skipped.get(9).getString("detail")).startsWith("longer than 2048 characters")
        .as("a refused URL is quoted shortened").hasSizeLessThan(200);
    assertThat(keys(person)).containsExactlyInAnyOrderElementsOf(fine);
  }

  // ---- access and connections ----------------------------------------------------------------

  @Test
  void aWrongServiceTokenIs401AndPhotosUnauthorizedWithoutRetry(Services services) {
    String wrongToken = "wrong-Token-0000";
    start(services, new JsonObject().put(AppConfig.SERVICE_TOKEN, wrongToken));
    UUID first = seeded("First Refused");
    UUID second = seeded("Second Refused");

    JsonObject body = syncWithin(CALL_BUDGET_MS);

    for (UUID person : List.of(first, second)) {
      assertFailed(body, person, "photos_unauthorized", "true");
      assertThat(error(body, person)).contains("HTTP 401").doesNotContain(wrongToken);
      assertThat(service.photos.callsFor(person)).extracting(Call::authorization).containsExactly("Bearer " + wrongToken);
    }
    assertThat(body.getJsonObject("error").getString("code")).isEqualTo("all_people_failed");
  }

  @Test
  void aRefusedConnectionIsRetriedThenFails(Services services) {
    start(services, new JsonObject().put(AppConfig.TRR_API_URL, "http://127.0.0.1:" + closedPort()));
    UUID person = seeded("Nobody Listening");

    JsonObject body = syncWithin(CALL_BUDGET_MS);

    JsonObject result = person(body, person);
    assertThat(result.getJsonObject("error").getString("code")).isEqualTo("seed_fetch_failed");
    assertThat(error(body, person)).contains("connection failure", "3 attempts");
    assertThat(keys(person)).isEmpty();
  }

  // ---- load on TRR -----------------------------------------------------------------------------

  @Test
  void theInFlightCapHoldsAcrossPeople(Services services) {
    start(services, new JsonObject().put(AppConfig.PHOTOS_MAX_IN_FLIGHT, 2).put(AppConfig.PHOTOS_TIMEOUT_MS, 5_000));
    List<UUID> people = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      people.add(seeded("Crowd " + i));
    }
    long delay = 150;
    service.photos.delayAll(delay);

    long started = System.nanoTime();
    JsonObject body = syncWithin(8 / 2 * delay);

    assertThat(service.photos.maxInFlight()).as("8 people in flight, 2 requests at most").isEqualTo(2);
    assertThat(elapsedMs(started)).as("8 calls of %s ms, 2 at a time", delay).isGreaterThanOrEqualTo(4 * delay);
    people.forEach(person -> assertImported(body, person, 1, "true"));
  }

  @Test
  void theRateLimitSpacesRequestStarts(Services services) {
    int perSecond = 10;
    start(services, new JsonObject().put(AppConfig.PHOTOS_RATE_LIMIT_PER_SEC, perSecond));
    List<UUID> people = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      people.add(seeded("Paced " + i));
    }

    JsonObject body = syncWithin(6 * 1000 / perSecond);

    List<Call> calls = new ArrayList<>(service.photos.calls());
    calls.sort((a, b) -> Long.compare(a.receivedAtNanos(), b.receivedAtNanos()));
    // Starts are 100 ms apart, but a busy machine delays an arrival (a 150 ms gap, then a 50 ms one):
    // judge what a rate limit promises, not each gap. Any 250 ms window holds at most 3 arrivals
    // (2.5 allowed, plus one at its edge; a limiter releasing pairs puts 4 there), and the six span
    // at least four intervals.
    assertThat(calls).hasSize(6);
    for (Call first : calls) {
      long windowEnd = first.receivedAtNanos() + TimeUnit.MILLISECONDS.toNanos(250);
      assertThat(calls.stream().filter(c -> c.receivedAtNanos() >= first.receivedAtNanos()
          && c.receivedAtNanos() < windowEnd).count()).as("arrivals within 250 ms, gaps %s", gapsMs(calls))
          .isLessThanOrEqualTo(3);
    }
    assertThat(gapsMs(calls).stream().mapToLong(Long::longValue).sum()).as("span of the six arrivals")
        .isGreaterThanOrEqualTo(4 * 1000 / perSecond);
    people.forEach(person -> assertImported(body, person, 1, "true"));
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** A Self-credited person with a gallery photo a fallback call would find (and must not, when strict). */
  private UUID unseeded(String name) {
    UUID person = service.trr.selfCredited(trrShow, name);
    service.trr.galleryPhoto(person, CDN + person + "/gallery.jpg", 1);
    return person;
  }

  /** A Self-credited person with one seed photo, answered from the fixture database. */
  private UUID seeded(String name) {
    UUID person = service.trr.selfCredited(trrShow, name);
    service.trr.seedPhoto(person, CDN + person + "/seed.jpg", 1);
    return person;
  }

  /** Runs the sync (200 expected) and checks it ended within {@code policyMs} plus {@link #SLACK_MS}. */
  private JsonObject syncWithin(long policyMs) {
    long started = System.nanoTime();
    HttpResponse<Buffer> response = service.sync(SHOW, null);
    long elapsed = elapsedMs(started);
    responses.add(SecretScan.seen(response));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(elapsed).as("the run's time budget").isLessThan(policyMs + SLACK_MS);
    return response.bodyAsJsonObject();
  }

  private JsonObject assertFailed(JsonObject body, UUID person, String code, String... seedOnlyCalls) {
    JsonObject result = person(body, person);
    assertThat(result.getString("status")).as(result.encode()).isEqualTo("error");
    assertThat(result.getJsonObject("error").getString("code")).as(result.encode()).isEqualTo(code);
    assertThat(result.getInteger("imported_images")).isZero();
    assertThat(service.photos.callsFor(person)).as("calls for %s", result.getString("name"))
        .extracting(Call::seedOnly).containsExactly(seedOnlyCalls);
    assertThat(keys(person)).as("no image of a failed person").isEmpty();
    assertThat(service.db.count("SELECT count(*) FROM cast_member WHERE trr_person_id = ?", person))
        .as("the person is still linked: resolve holds whatever the photos API does").isEqualTo(1);
    return result;
  }

  private JsonObject assertImported(JsonObject body, UUID person, int images, String... seedOnlyCalls) {
    JsonObject result = person(body, person);
    assertThat(result.getString("status")).as(result.encode()).isEqualTo("ok");
    assertThat(result.getInteger("imported_images")).as(result.encode()).isEqualTo(images);
    assertThat(service.photos.callsFor(person)).as("calls for %s", result.getString("name"))
        .extracting(Call::seedOnly).containsExactly(seedOnlyCalls);
    assertThat(keys(person)).hasSize(images);
    return result;
  }

  private static String error(JsonObject body, UUID person) {
    return person(body, person).getJsonObject("error").getString("message");
  }

  private static List<String> skipped(JsonObject person) {
    return person.getJsonArray("skipped_rows").stream().map(JsonObject.class::cast)
        .map(row -> row.getInteger("index") + " " + row.getString("reason") + " " + row.getString("detail"))
        .toList();
  }

  private List<String> keys(UUID person) {
    return service.db.query("SELECT s3_original_key FROM face_bank_images WHERE person_id = ?", person).stream()
        .map(row -> (String) row.get("s3_original_key")).toList();
  }

  private static JsonArray rows(String... urls) {
    JsonArray rows = new JsonArray();
    for (String url : urls) {
      rows.add(new JsonObject().put("served_url", url));
    }
    return rows;
  }

  /** The rows as a JSON array of exactly {@code size} bytes (padding is white space, which JSON allows). */
  private static String padded(JsonArray rows, int size) {
    String json = rows.encode();
    assertThat(json.length()).isLessThan(size);
    return json.substring(0, json.length() - 1) + " ".repeat(size - json.length()) + "]";
  }

  /** A valid JSON array of photo rows, a little over {@code bytes} long. */
  private static String jsonArrayOfSize(int bytes) {
    StringBuilder json = new StringBuilder("[");
    String padding = "x".repeat(1_000);
    for (int i = 0; json.length() <= bytes; i++) {
      json.append(i == 0 ? "" : ",").append("{\"served_url\": \"").append(CDN).append("big/").append(i)
          .append(".jpg\", \"pad\": \"").append(padding).append("\"}");
    }
    return json.append(']').toString();
  }

  /** Milliseconds between consecutive calls, in arrival order. */
  private static List<Long> gapsMs(List<Call> calls) {
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < calls.size(); i++) {
      gaps.add(TimeUnit.NANOSECONDS.toMillis(calls.get(i).receivedAtNanos() - calls.get(i - 1).receivedAtNanos()));
    }
    return gaps;
  }

  private static long elapsedMs(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
