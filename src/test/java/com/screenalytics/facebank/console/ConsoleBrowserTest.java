package com.screenalytics.facebank.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.LogCapture;
import com.screenalytics.facebank.testsupport.PhotosServer.Gate;
import com.screenalytics.facebank.testsupport.SecretScan;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceExtension.Services;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import com.screenalytics.facebank.testsupport.TrrFixture.PhotoSpec;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * An operator's walk through the console in a real headless Chromium: signing in (a wrong
 * password first), the shows, SYNC with the progress live to 100 % and every person listed, the
 * history, a person's thumbnails, approving a photo, the cast, signing out, and a one-time link
 * that works once. On the way: a POST with the cookie and without the CSRF token is refused, and
 * nothing the browser received (pages, scripts, responses, events, cookies) holds a secret.
 * Each page is saved as a screenshot under target/console-screenshots/.
 */
@ExtendWith(ServiceExtension.class)
// A real browser walking a dozen pages, with several PBKDF2 sign-ins, on a shared 2-core machine.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConsoleBrowserTest {

  static final String OPERATOR = "alice";
  static final String PASSWORD = "Alice-Console-Pw-5531";
  static final String SHOW = "CONSOLE";

  private MediaServer media;
  private CuttableProxy proxy;
  private ServiceUnderTest service;
  private Chrome chrome;
  private List<UUID> people;
  private final List<String> seen = new ArrayList<>();

  @BeforeEach
  void setUp(Services services) {
    Chrome.assumeInstalled();
    media = MediaServer.start();
    // The person held upstream must not time out while the test looks at the run in the middle.
    service = services.start(new JsonObject().put(AppConfig.CONSOLE_IMAGE_HOSTS, media.origin())
        .put(AppConfig.PHOTOS_TIMEOUT_MS, 120_000).put(AppConfig.PHOTOS_PERSON_DEADLINE_MS, 120_000));
    UUID show = service.trr.show("Console Show");
    people = List.of(
        service.trr.selfCredited(show, "Ada Seeded"),
        service.trr.selfCredited(show, "Bea Single"),
        service.trr.selfCredited(show, "Cleo Gallery"));
    service.trr.seedPhoto(people.get(0), media.url("ada-1"), 1);
    service.trr.seedPhoto(people.get(0), media.url("ada-2"), 2);
    service.trr.seedPhoto(people.get(1), media.url("bea-1"), 1);
    service.trr.photo(people.get(2), PhotoSpec.hosted(media.url("cleo-1")).withPosition(1));
    service.trr.photo(people.get(2), PhotoSpec.hosted(media.url("cleo-2")).withPosition(2));
    service.linkedShow(SHOW, show);
    HttpResponse<Buffer> created = service.post("/operators", new JsonObject().put("name", OPERATOR)
        .put("password", PASSWORD));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
  }

  @AfterEach
  void tearDown() {
    if (chrome != null) {
      chrome.close();
    }
    if (media != null) {
      media.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void anOperatorSignsInSyncsReviewsAndSignsOut() {
    chrome = new Chrome(1280, 900);
    proxy = CuttableProxy.start(service.vertx, service.port());
    String direct = "http://127.0.0.1:" + service.port();
    String base = proxy.origin();

    // Signing in, with the keyboard only: a wrong password first.
    chrome.open(base + "/");
    chrome.waitForHeading("Sign in");
    assertEveryControlIsLabelled();
    chrome.screenshot("01-sign-in");
    typeSignIn(OPERATOR, "not-the-password");
    assertThat(chrome.waitForElement(By.cssSelector("#sign-in .error")).getText())
        .isEqualTo("Wrong operator name or password.");
    assertThat(chrome.driver.manage().getCookieNamed("facebank_session")).as("no session for a wrong password").isNull();
    chrome.screenshot("02-wrong-password");
    typeSignIn(OPERATOR, PASSWORD);

    // The shows.
    chrome.waitForHeading("Shows");
    WebElement row = chrome.waitForElement(By.cssSelector("tr[data-show='" + SHOW + "']"));
    assertThat(row.getText()).contains(SHOW, SHOW + " title", "never synced");
    assertThat(chrome.driver.findElement(By.id("who")).getText()).isEqualTo("Signed in as alice");
    assertEveryControlIsLabelled();
    chrome.screenshot("03-shows");

    // SYNC, with one person held upstream so the run is seen in the middle, then to 100 %.
    Gate held = service.photos.gate(people.get(2));
    WebElement max = chrome.driver.findElement(By.id("max-" + SHOW));
    max.clear();
    max.sendKeys("2");
    chrome.driver.findElement(By.cssSelector("button[aria-label='SYNC " + SHOW + "']")).sendKeys(Keys.ENTER);
    chrome.waitForHeading("Run of " + SHOW);
    held.arrived().await();
    chrome.waitFor(d -> d.findElement(By.id("run-progress-text")).getText().startsWith("2 / 3 people (66 %)"));
    assertThat(chrome.driver.findElement(By.id("run-stages")).getText()).contains("import-photos (running)");
    assertThat(chrome.driver.findElements(By.cssSelector("#run-people tr"))).hasSize(2);
    assertThat(chrome.driver.findElement(By.id("cancel-run")).isDisplayed()).isTrue();
    chrome.screenshot("04-run-live");
    // The connection drops (the proxy cuts it) and comes back: EventSource reconnects
    // with the Last-Event-ID it saw, and the page carries on without listing anyone twice.
    assertThat(chrome.eventStreamRequests()).containsExactly("");
    proxy.cutAll();
    chrome.waitFor(d -> chrome.eventStreamRequests().size() >= 2
        && d.findElement(By.id("run-live")).getText().equals("Live"));
    assertThat(chrome.eventStreamRequests().get(1)).as("Last-Event-ID of the reconnect").matches("[1-9]\\d*");
    held.open();
    chrome.waitFor(d -> d.findElement(By.id("run-progress-text")).getText().equals("3 / 3 people (100 %)"));
    chrome.waitFor(d -> d.findElement(By.id("run-status")).getText().equals("ok"));
    List<WebElement> rows = chrome.driver.findElements(By.cssSelector("#run-people tr"));
    assertThat(rows).extracting(WebElement::getText).hasSize(3)
        .anySatisfy(text -> assertThat(text).contains("Ada Seeded", "seed", "ok"))
        .anySatisfy(text -> assertThat(text).contains("Bea Single", "seed", "ok"))
        .anySatisfy(text -> assertThat(text).contains("Cleo Gallery", "fallback", "ok"));
    assertThat(chrome.driver.findElement(By.id("run-counts")).getText())
        .isEqualTo("3 TRR cast (0 matched, 3 created), 5 images imported for 3 people, 0 duplicates skipped, 0 errors");
    assertThat(chrome.driver.findElement(By.id("run-triggered-by")).getText()).isEqualTo(OPERATOR);
    assertThat(chrome.driver.findElement(By.id("cancel-run")).isDisplayed()).as("no cancel once ended").isFalse();
    chrome.driver.findElement(By.id("errors-only")).click();
    assertThat(chrome.driver.findElements(By.cssSelector("#run-people tr")).stream().filter(WebElement::isDisplayed))
        .as("errors only: nobody failed").isEmpty();
    chrome.driver.findElement(By.id("errors-only")).click();
    chrome.screenshot("05-run-finished");
    List<Map<String, Object>> runs = service.db.query("SELECT run_id, triggered_by, trigger FROM sync_run");
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0)).containsEntry("triggered_by", OPERATOR).containsEntry("trigger", "http");
    String runId = runs.get(0).get("run_id").toString();

    // The history, newest first.
    chrome.driver.findElement(By.linkText(SHOW + " (history)")).click();
    chrome.waitForHeading("Runs of " + SHOW);
    WebElement historyRow = chrome.waitForElement(By.cssSelector("tr[data-run='" + runId + "']"));
    assertThat(historyRow.getText()).contains("ok", OPERATOR, "5");
    chrome.screenshot("06-history");

    // A person's thumbnails, loaded from the photo host the CSP allows.
    historyRow.findElement(By.linkText("Open")).click();
    chrome.waitForHeading("Run of " + SHOW);
    chrome.waitForElement(By.linkText("Ada Seeded")).click();
    chrome.waitForHeading("Ada Seeded");
    chrome.waitFor(d -> (Boolean) chrome.script("const imgs = [...document.querySelectorAll('#facebank img')];"
        + "return imgs.length === 2 && imgs.every(i => i.complete && i.naturalWidth > 0);"));
    assertThat(chrome.driver.findElements(By.cssSelector("#facebank .badge-pending"))).hasSize(2);
    chrome.screenshot("07-person");

    // Approving a photo records who and when.
    chrome.driver.findElement(By.cssSelector("button[aria-label='Approve photo 1 of Ada Seeded']")).click();
    chrome.waitFor(d -> d.findElements(By.cssSelector("#facebank .badge-approved")).size() == 1);
    assertThat(chrome.driver.findElement(By.cssSelector("#facebank li:first-child")).getText())
        .contains("Approved by alice");
    List<Map<String, Object>> approved = service.db.query(
        "SELECT approved_by, approved_at FROM face_bank_images WHERE approved");
    assertThat(approved).hasSize(1);
    assertThat(approved.get(0).get("approved_by")).isEqualTo(OPERATOR);
    assertThat(approved.get(0).get("approved_at")).isNotNull();
    chrome.screenshot("08-approved");

    // The cast, with how each member matched.
    chrome.open(base + "/#/shows/" + SHOW + "/cast");
    chrome.waitForHeading("Cast of " + SHOW);
    assertThat(chrome.driver.findElements(By.cssSelector("tr[data-cast]"))).hasSize(3)
        .allSatisfy(member -> assertThat(member.getText()).contains("created"));
    chrome.screenshot("09-cast");

    // A state-changing request made with the cookie but without the CSRF token is refused.
    @SuppressWarnings("unchecked")
    Map<String, Object> forged = (Map<String, Object>) chrome.driver.executeAsyncScript(
        "const done = arguments[0];"
            + "fetch('/shows/" + SHOW + "/sync_facebank_seeds?async=true', {method: 'POST'})"
            + ".then(r => r.json().then(b => done({status: r.status, code: b.error.code})));");
    assertThat(forged).containsEntry("status", 403L).containsEntry("code", "csrf_token_invalid");
    assertThat(service.db.count("SELECT count(*) FROM sync_run")).as("no run started").isEqualTo(1);
    String cookie = chrome.driver.manage().getCookieNamed("facebank_session").getValue();
    HttpResponse<Buffer> withCookieOnly = service.request(HttpMethod.POST, "/people/" + people.get(1)
        + "/facebank/" + imageOf(people.get(1)) + "/approve").putHeader("Cookie", "facebank_session=" + cookie).send().await();
    assertThat(withCookieOnly.statusCode()).isEqualTo(403);
    assertThat(withCookieOnly.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("csrf_token_invalid");
    assertThat(service.db.count("SELECT count(*) FROM face_bank_images WHERE approved")).isEqualTo(1);

    // A dry run (started by the admin API) is marked in the history; the real run is not.
    HttpResponse<Buffer> dry = service.post("/shows/" + SHOW + "/sync_facebank_seeds?dry_run=true", null);
    assertThat(dry.statusCode()).as(dry.bodyAsString()).isEqualTo(200);
    String dryRunId = dry.bodyAsJsonObject().getString("run_id");
    chrome.open(base + "/#/shows/" + SHOW + "/history");
    chrome.waitForHeading("Runs of " + SHOW);
    assertThat(chrome.waitForElement(By.cssSelector("tr[data-run='" + dryRunId + "']")).getText()).contains("ok dry run");
    assertThat(chrome.waitForElement(By.cssSelector("tr[data-run='" + runId + "']")).getText()).doesNotContain("dry run");
    chrome.screenshot("12-history-dry-run");

    // Signing out ends the session: its cookie opens nothing any more.
    chrome.driver.findElement(By.id("sign-out")).click();
    chrome.waitForHeading("Sign in");
    assertThat(chrome.driver.manage().getCookieNamed("facebank_session")).isNull();
    HttpResponse<Buffer> afterSignOut = service.request(HttpMethod.GET, "/shows")
        .putHeader("Cookie", "facebank_session=" + cookie).send().await();
    assertThat(afterSignOut.statusCode()).isEqualTo(403);
    collect();

    // A one-time link signs in once.
    HttpResponse<Buffer> link = service.post("/console/sign-in-links", new JsonObject().put("name", OPERATOR));
    assertThat(link.statusCode()).as(link.bodyAsString()).isEqualTo(201);
    String url = link.bodyAsJsonObject().getString("url");
    assertThat(url).as("the address the request came to").startsWith(direct + "/#/link/");
    chrome.open(url);
    chrome.waitForHeading("One-time sign-in");
    chrome.screenshot("10-one-time-link");
    chrome.driver.findElement(By.id("use-link")).click();
    chrome.waitForHeading("Shows");
    assertThat(chrome.driver.findElement(By.id("who")).getText()).isEqualTo("Signed in as alice");
    assertThat(chrome.driver.getCurrentUrl()).as("the used token leaves the address bar").endsWith("/#/shows");
    chrome.driver.findElement(By.id("sign-out")).click();
    chrome.waitForHeading("Sign in");
    chrome.open(url);
    chrome.waitForHeading("One-time sign-in");
    chrome.driver.findElement(By.id("use-link")).click();
    assertThat(chrome.waitForElement(By.cssSelector("main .error")).getText()).contains("cannot be used");
    assertThat(chrome.driver.manage().getCookieNamed("facebank_session")).isNull();
    chrome.screenshot("11-one-time-link-used");

    collect();
    assertThat(seen).as("what the browser received").isNotEmpty()
        .anySatisfy(text -> assertThat(text).contains("person_finished"));
    List<String> secrets = new ArrayList<>(SecretScan.SECRETS);
    secrets.add(PASSWORD);
    SecretScan.assertNoSecret("what the browser received", seen, secrets);
    SecretScan.assertNoSecret("log lines", LogCapture.lines(), secrets);
  }

  @Test
  void readableAt360PixelsWide() {
    service.syncOk(SHOW);
    chrome = new Chrome(360, 740);
    String base = "http://127.0.0.1:" + service.port();
    chrome.open(base + "/");
    chrome.waitForHeading("Sign in");
    typeSignIn(OPERATOR, PASSWORD);
    chrome.waitForHeading("Shows");
    assertFitsTheWidth();
    chrome.screenshot("narrow-01-shows");
    String runId = service.db.query("SELECT run_id FROM sync_run").get(0).get("run_id").toString();
    chrome.open(base + "/#/runs/" + runId);
    chrome.waitFor(d -> d.findElement(By.id("run-progress-text")).getText().equals("3 / 3 people (100 %)"));
    assertFitsTheWidth();
    chrome.screenshot("narrow-02-run");
    chrome.open(base + "/#/people/" + people.get(0));
    chrome.waitForHeading("Ada Seeded");
    assertFitsTheWidth();
    chrome.screenshot("narrow-03-person");

    // Two local members share the alias of one TRR person: the cast page says so, and the fix.
    UUID isle = service.trr.show("Isle Show");
    UUID coco = service.trr.person("Coco Delaine", "nm7700001");
    service.trr.credit(isle, coco, "Self");
    service.linkedShow("ISLE", isle);
    service.addCast("ISLE", new JsonObject().put("name", "Colette D.").put("aliases", List.of("Coco Delaine")));
    service.addCast("ISLE", new JsonObject().put("name", "Corinne Delaine").put("aliases", List.of("Coco Delaine")));
    assertThat(service.syncOk("ISLE").getString("status")).isEqualTo("error");
    chrome.open(base + "/#/shows/ISLE/cast");
    chrome.waitForHeading("Cast of ISLE");
    assertThat(chrome.waitForElement(By.id("fix-title")).getText()).isEqualTo("1 TRR person needs a fix");
    assertThat(chrome.driver.findElement(By.cssSelector(".warning li")).getText())
        .contains("Coco Delaine", coco.toString(), "matches 2 members by alias", "Colette D.", "Corinne Delaine",
            "Remove the alias \"Coco Delaine\"", "IMDb id nm7700001", "setting its trr_person_id");
    assertThat(chrome.driver.findElements(By.cssSelector("tr.ambiguous"))).hasSize(2);
    assertFitsTheWidth();
    chrome.screenshot("narrow-04-cast-ambiguous");
  }

  /** Tab to the name, type, Tab to the password, type, Enter: no mouse. */
  private void typeSignIn(String name, String password) {
    WebElement nameField = chrome.waitForElement(By.id("sign-in-name"));
    nameField.clear();
    chrome.driver.findElement(By.id("sign-in-password")).clear();
    nameField.click();
    new Actions(chrome.driver).sendKeys(name).sendKeys(Keys.TAB).sendKeys(password).sendKeys(Keys.ENTER).perform();
  }

  private void assertEveryControlIsLabelled() {
    assertThat((Boolean) chrome.script("return [...document.querySelectorAll('main input, main select')]"
        + ".every(i => i.labels && i.labels.length > 0 && i.labels[0].textContent.trim() !== '')")).isTrue();
    assertThat((Boolean) chrome.script("return [...document.querySelectorAll('button')]"
        + ".every(b => (b.getAttribute('aria-label') || b.textContent).trim() !== '')")).isTrue();
  }

  private void assertFitsTheWidth() {
    assertThat((Long) chrome.script("return document.documentElement.scrollWidth"))
        .as("no sideways scrolling").isLessThanOrEqualTo((Long) chrome.script("return window.innerWidth"));
  }

  private UUID imageOf(UUID person) {
    return (UUID) service.db.query("SELECT image_id FROM face_bank_images WHERE person_id = ? LIMIT 1", person)
        .get(0).get("image_id");
  }

  private void collect() {
    seen.addAll(chrome.seen());
  }
}
