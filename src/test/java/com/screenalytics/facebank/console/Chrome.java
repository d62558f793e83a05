package com.screenalytics.facebank.console;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.devtools.v156.network.Network;
import org.openqa.selenium.devtools.v156.network.model.RequestId;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver, found by path, so Selenium
 * Manager never runs and nothing is downloaded), with a fresh profile, and a record of everything
 * the browser received: every response's headers and body and every server-sent event, read
 * through the DevTools protocol, for the tests to search.
 */
final class Chrome implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
  private static final Duration WAIT = Duration.ofSeconds(30);

  final ChromeDriver driver;
  private final DevTools devTools;
  private final Path profile;
  private final Queue<RequestId> finished = new ConcurrentLinkedQueue<>();
  private final Queue<String> received = new ConcurrentLinkedQueue<>();
  private final List<String> bodies = new ArrayList<>();
  private final Map<String, String> eventStreams = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, String> sentLastEventIds = new ConcurrentHashMap<>();

  /**
   * Skips the calling test, saying so in one line, when the browser is not installed; under
   * CI=true nothing is skipped: a missing browser fails the run.
   */
  static void assumeInstalled() {
    if (Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER)) {
      return;
    }
    String missing = "Debian's chromium and chromium-driver (" + CHROMIUM + ", " + DRIVER + ") are not installed";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("CI=true and " + missing + ": .ci/run installs them (apt-get install -y chromium chromium-driver)");
    }
    Assumptions.abort("Browser tests skipped: " + missing + "; apt-get install -y chromium chromium-driver runs them");
  }

  Chrome(int width, int height) {
    try {
      profile = Files.createTempDirectory("console-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--disable-gpu", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort()
        .build();
    driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(width, height));
    devTools = driver.getDevTools();
    devTools.createSession();
    devTools.send(Network.enable(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty()));
    devTools.addListener(Network.responseReceived(), response -> received.add(response.getResponse().getUrl() + " "
        + response.getResponse().getStatus() + " " + response.getResponse().getHeaders().toJson()));
    devTools.addListener(Network.responseReceivedExtraInfo(), extra -> received.add(extra.getHeaders().toJson()
        .toString()));
    devTools.addListener(Network.eventSourceMessageReceived(), event -> received.add(event.getEventName() + " "
        + event.getData()));
    devTools.addListener(Network.loadingFinished(), done -> finished.add(done.getRequestId()));
    // The headers a request really carried (Last-Event-ID included) come with the "extra info" event.
    devTools.addListener(Network.requestWillBeSent(), sent -> {
      if (sent.getRequest().getUrl().endsWith("/events")) {
        eventStreams.put(sent.getRequestId().toString(), "");
      }
    });
    devTools.addListener(Network.requestWillBeSentExtraInfo(), extra -> {
      Object lastEventId = extra.getHeaders().toJson().entrySet().stream()
          .filter(header -> header.getKey().equalsIgnoreCase("Last-Event-ID")).map(Map.Entry::getValue)
          .findFirst().orElse(null);
      if (lastEventId != null) {
        sentLastEventIds.put(extra.getRequestId().toString(), lastEventId.toString());
      }
    });
  }

  /** The Last-Event-ID each request for an event stream carried ("" for none), in the order sent. */
  List<String> eventStreamRequests() {
    synchronized (eventStreams) {
      return eventStreams.keySet().stream().map(id -> sentLastEventIds.getOrDefault(id, "")).toList();
    }
  }


  /**
   * Everything the browser has received so far: headers, bodies (read now, for the requests that
   * have finished since the last call), events, the cookies it holds and the page as it stands.
   */
  List<String> seen() {
    RequestId id;
    while ((id = finished.poll()) != null) {
      try {
        bodies.add(devTools.send(Network.getResponseBody(id)).getBody());
      } catch (RuntimeException e) {
        // an event stream, or a body the browser already dropped: its events are recorded anyway
      }
    }
    List<String> all = new ArrayList<>(received);
    all.addAll(bodies);
    for (Cookie cookie : driver.manage().getCookies()) {
      all.add(cookie.getName() + "=" + cookie.getValue());
    }
    all.add(driver.getPageSource());
    return all;
  }

  void open(String url) {
    driver.get(url);
  }

  <T> T waitFor(Function<WebDriver, T> condition) {
    // Pages re-render as data arrives: an element found a moment ago may be gone; look again.
    return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition);
  }

  WebElement waitForElement(By by) {
    return waitFor(d -> {
      List<WebElement> found = d.findElements(by);
      return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
    });
  }

  /** Waits until the main heading reads {@code title}. */
  void waitForHeading(String title) {
    waitFor(d -> d.findElements(By.cssSelector("main h1")).stream().anyMatch(h -> h.getText().equals(title)));
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** Saves what the operator sees as target/console-screenshots/{name}.png; the whole page, however long. */
  Path screenshot(String name) {
    Dimension window = driver.manage().window().getSize();
    long height = (Long) script("return Math.ceil(document.documentElement.scrollHeight)");
    try {
      driver.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.max(window.getHeight(), height + 140)));
      File shot = driver.getScreenshotAs(OutputType.FILE);
      Files.createDirectories(SCREENSHOTS);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      driver.manage().window().setSize(window);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // a temp directory; the OS cleans it eventually
      }
    }
  }
}
