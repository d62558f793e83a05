package com.screenalytics.facebank.testsupport;

import com.screenalytics.facebank.app.FacebankApp;
import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.TestDatabases.TestDb;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One real facebank-sync instance wired to fresh fixtures: its own SCREENALYTICS database, a
 * TRR metadata database built from the real TRR schema, and a recording photos server, on a
 * Vert.x of its own for the test's side (photos server, HTTP client). Tests drive it over HTTP
 * (or its event bus) and look at rows, calls and answers. Tests get one from
 * {@link ServiceExtension}, which closes it after the test.
 */
public final class ServiceUnderTest {

  public static final String ADMIN_SECRET = "adm-Secret-4417";
  public static final String SERVICE_TOKEN = "svc-Token-9023";
  public static final String ADMIN_HEADER = "X-Screenalytics-Admin-Secret";

  public final Vertx vertx;
  public final TestDb db;
  public final TrrFixture trr;
  public final PhotosServer photos;
  public final WebClient client;
  private FacebankApp app;
  private RunEventsWatcher events;
  private final List<FacebankApp> others = new ArrayList<>();
  private boolean closed;

  private ServiceUnderTest(Vertx vertx, TestDb db, TrrFixture trr, PhotosServer photos) {
    this.vertx = vertx;
    this.db = db;
    this.trr = trr;
    this.photos = photos;
    this.client = WebClient.create(vertx);
  }

  /**
   * Fixtures plus a running service with the test configuration, some keys replaced (a null value
   * removes a key). Package-private: tests get theirs from {@link ServiceExtension}.
   */
  static ServiceUnderTest start(JsonObject overrides) {
    Vertx vertx = Vertx.vertx();
    TestDb db = TestDatabases.create("fb");
    TrrFixture trr = TrrFixture.create(TestDatabases.create("trr"));
    PhotosServer photos = PhotosServer.start(vertx, trr.db(), SERVICE_TOKEN).await();
    ServiceUnderTest service = new ServiceUnderTest(vertx, db, trr, photos);
    service.app = FacebankApp.start(service.config(overrides)).await();
    service.events = RunEventsWatcher.listen(service.app.vertx());
    return service;
  }

  /** The configuration a test instance runs with. */
  public AppConfig config(JsonObject overrides) {
    JsonObject json = new JsonObject()
        .put(AppConfig.HTTP_HOST, "127.0.0.1")
        .put(AppConfig.HTTP_PORT, 0)
        .put(AppConfig.DB_URL, db.url())
        .put(AppConfig.TRR_DB_URL, trr.db().url())
        .put(AppConfig.TRR_API_URL, photos.baseUrl())
        .put(AppConfig.SERVICE_TOKEN, SERVICE_TOKEN)
        .put(AppConfig.ADMIN_SECRET, ADMIN_SECRET)
        .put(AppConfig.SYNC_PERSON_CONCURRENCY, 4)
        // Retries as in production, waits kept short so a failing upstream does not slow the suite.
        .put(AppConfig.PHOTOS_BACKOFF_MS, 20)
        .put(AppConfig.PHOTOS_RETRY_AFTER_CAP_MS, 200);
    overrides.forEach(entry -> {
      if (entry.getValue() == null) {
        json.remove(entry.getKey());
      } else {
        json.put(entry.getKey(), entry.getValue());
      }
    });
    return new AppConfig(json);
  }

  /** The running instance's facebank.sync.events, every one since it started. */
  public RunEventsWatcher events() {
    return events;
  }

  /** Replaces the running instance with one on the same databases and a new configuration. */
  public void restart(JsonObject overrides) {
    stopListening();
    app.close().await();
    app = FacebankApp.start(config(overrides)).await();
    events = RunEventsWatcher.listen(app.vertx());
  }

  /** A second instance sharing this one's databases (for cross-process behaviour); closed with this one. */
  public FacebankApp startAnother(JsonObject overrides) {
    FacebankApp other = FacebankApp.start(config(overrides)).await();
    others.add(other);
    return other;
  }

  public FacebankApp app() {
    return app;
  }

  public int port() {
    return app.httpPort();
  }

  /** Closes the instance, any other started with {@link #startAnother}, and the fixtures' servers; once. */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stopListening();
      for (FacebankApp other : others) {
        other.close().await();
      }
      if (app != null) {
        app.close().await();
      }
    } finally {
      client.close();
      try {
        photos.close().await();
      } finally {
        vertx.close().await();
        TestDatabases.drop(db);
        TestDatabases.drop(trr.db());
      }
    }
  }

  private void stopListening() {
    if (events != null) {
      events.close().await();
      events = null;
    }
  }

  // ---- HTTP helpers -------------------------------------------------------------------------

  public HttpRequest<Buffer> request(HttpMethod method, String path) {
    return client.request(method, port(), "127.0.0.1", path);
  }

  /** A request carrying the right admin secret. */
  public HttpRequest<Buffer> admin(HttpMethod method, String path) {
    return request(method, path).putHeader(ADMIN_HEADER, ADMIN_SECRET);
  }

  /** A request carrying the right admin secret, to another instance (see {@link #startAnother}). */
  public HttpRequest<Buffer> admin(FacebankApp instance, HttpMethod method, String path) {
    return client.request(method, instance.httpPort(), "127.0.0.1", path).putHeader(ADMIN_HEADER, ADMIN_SECRET);
  }

  public HttpResponse<Buffer> get(String path) {
    return admin(HttpMethod.GET, path).send().await();
  }

  public HttpResponse<Buffer> post(String path, Object jsonBody) {
    HttpRequest<Buffer> request = admin(HttpMethod.POST, path);
    return (jsonBody == null ? request.send() : request.sendJson(jsonBody)).await();
  }

  public HttpResponse<Buffer> postRaw(String path, String rawBody) {
    return admin(HttpMethod.POST, path).putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(rawBody)).await();
  }

  /** Creates a local show linked to a TRR show. */
  public JsonObject linkedShow(String showId, UUID trrShowId) {
    HttpResponse<Buffer> response = post("/shows", new JsonObject().put("show_id", showId).put("title", showId + " title")
        .put("trr_show_id", trrShowId.toString()));
    if (response.statusCode() != 201 && response.statusCode() != 200) {
      throw new IllegalStateException("creating show " + showId + " answered " + response.statusCode() + ": "
          + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  public JsonObject addCast(String showId, JsonObject member) {
    HttpResponse<Buffer> response = post("/shows/" + showId + "/cast", member);
    if (response.statusCode() != 201) {
      throw new IllegalStateException("adding cast answered " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  /**
   * A TRR show of {@code people} Self-credited people, each with one seed photo, linked to the
   * local show {@code showId}; answers the TRR person ids in billing (= sync) order.
   */
  public List<UUID> seededShow(String showId, int people) {
    UUID show = trr.show(showId + " show");
    List<UUID> ids = new ArrayList<>();
    for (int i = 1; i <= people; i++) {
      UUID person = trr.selfCredited(show, showId + " Person " + i);
      trr.seedPhoto(person, "https://cdn.example/" + showId + "/" + i + ".jpg", 1);
      ids.add(person);
    }
    linkedShow(showId, show);
    return ids;
  }

  /** Starts a sync in the background (?async=true); answers the 202 body. */
  public JsonObject syncAsync(String showId) {
    HttpResponse<Buffer> response = admin(HttpMethod.POST, "/shows/" + showId + "/sync_facebank_seeds?async=true")
        .send().await();
    if (response.statusCode() != 202) {
      throw new IllegalStateException("async sync answered " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  /** Runs a sync over HTTP and returns the raw answer. */
  public HttpResponse<Buffer> sync(String showId, JsonObject body) {
    return post("/shows/" + showId + "/sync_facebank_seeds", body);
  }

  /** Runs a sync that must answer 200, and returns its body. */
  public JsonObject syncOk(String showId) {
    HttpResponse<Buffer> response = sync(showId, null);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("sync answered " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

}
