package com.screenalytics.facebank.demo;

import com.screenalytics.facebank.app.FacebankApp;
import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.demo.DemoCatalogue.LocalMember;
import com.screenalytics.facebank.demo.DemoCatalogue.Person;
import com.screenalytics.facebank.demo.DemoCatalogue.Show;
import com.screenalytics.facebank.demo.DemoCatalogue.Stats;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code java -jar facebank-sync.jar demo}: the whole sync on one machine with nothing set up.
 * Starts, all on 127.0.0.1, an embedded PostgreSQL holding the SCREENALYTICS database and a demo
 * TRR database (the real TRR schema, {@link DemoCatalogue}), a photos API serving generated
 * portraits ({@link DemoPhotosServer}), and the service itself with a random admin secret and
 * service token. Links the local shows through the service's own HTTP API, runs one sync of
 * {@link DemoCatalogue#DEMO_SHOW} through the real HTTP endpoint, prints what happened and the
 * curl line of the next sync, and keeps serving. Data stays under DATA_DIR/demo, so the next
 * run finds it: its sync imports 0 new images.
 */
public final class DemoMode {

  /** The photos server's port (0: any free port). */
  public static final String PHOTOS_PORT = "DEMO_PHOTOS_PORT";
  static final int DEFAULT_PHOTOS_PORT = 8081;
  /** The demo's subdirectory of DATA_DIR: the service's own embedded data never mixes with it. */
  static final String DEMO_DIR = "demo";
  static final String ADMIN_HEADER = "X-Screenalytics-Admin-Secret";
  /** The console operator the demo signs in as (a new password every run). */
  static final String OPERATOR = "demo";

  private DemoMode() {
  }

  /** A running demo: what it started, and the answer of its sync. Closing stops it all. */
  static final class Running implements AutoCloseable {

    private final String adminSecret;
    private DemoDatabases databases;
    private Vertx vertx;
    private DemoPhotosServer photos;
    private FacebankApp app;
    private WebClient client;
    private JsonObject firstSync;
    private String operatorPassword;
    private String consoleLink;

    private Running(String adminSecret) {
      this.adminSecret = adminSecret;
    }

    String serviceUrl() {
      return "http://127.0.0.1:" + app.httpPort();
    }

    String adminSecret() {
      return adminSecret;
    }

    String photosBaseUrl() {
      return photos.baseUrl();
    }

    String localDbUrl() {
      return databases.localUrl();
    }

    String trrDbUrl() {
      return databases.trrUrl();
    }

    /** The body of the sync the demo ran at start. */
    JsonObject firstSync() {
      return firstSync;
    }

    String operatorPassword() {
      return operatorPassword;
    }

    /** The one-time sign-in link the demo printed. */
    String consoleLink() {
      return consoleLink;
    }

    /** Stops everything that was started, last started first; carries on past failures. */
    @Override
    public void close() {
      if (app != null) {
        quietly(() -> app.close().await());
      }
      if (client != null) {
        quietly(client::close);
      }
      if (photos != null) {
        quietly(() -> photos.close().await());
      }
      if (vertx != null) {
        quietly(() -> vertx.close().await());
      }
      if (databases != null) {
        databases.close();
      }
    }

    private static void quietly(Runnable step) {
      try {
        step.run();
      } catch (RuntimeException e) {
        System.err.println("demo shutdown: " + e.getMessage());
      }
    }
  }

  /** The command: starts the demo and leaves it serving until Ctrl-C; exits 1 when it cannot start. */
  public static void run(AppConfig config, PrintStream out) {
    Running demo;
    try {
      demo = start(config, out);
    } catch (RuntimeException e) {
      System.err.println("facebank-sync demo cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      out.println("Stopping the demo.");
      demo.close();
    }, "facebank-demo-shutdown"));
  }

  /** Starts the demo and runs its sync, printing as it goes. {@code config}: DATA_DIR, HTTP_PORT, DEMO_PHOTOS_PORT, stages. */
  static Running start(AppConfig config, PrintStream out) {
    Path demoDir = config.dataDir().resolve(DEMO_DIR).toAbsolutePath().normalize();
    int photosPort = photosPort(config);
    String token = randomSecret();
    Running demo = new Running(randomSecret());
    try {
      out.println("facebank-sync demo");
      demo.databases = DemoDatabases.start(demoDir);
      demo.vertx = Vertx.vertx();
      demo.photos = DemoPhotosServer.start(demo.vertx, demo.databases.trrUrl(), token, photosPort).await();
      Stats stats = demo.databases.installCatalogue(demo.photos.baseUrl());
      out.printf("  PostgreSQL  embedded, data in %s (SCREENALYTICS: database %s; demo TRR: database %s)%n",
          demoDir.resolve("postgres"), DemoDatabases.LOCAL_DATABASE, DemoDatabases.TRR_DATABASE);
      out.printf("  TRR         %d shows, %d people, %d photos (%s)%n", stats.shows(), stats.people(), stats.photos(),
          demo.databases.trrCreated() ? "created from the real TRR schema" : "kept from an earlier run");
      out.printf("  photos API  %s%s (bearer token of this run), portraits under %s%s%n", demo.photos.baseUrl(),
          PhotosApi.PATH.replace(":person_id", "{person_id}"), demo.photos.baseUrl(), DemoPhotosServer.MEDIA_PREFIX);

      demo.app = startService(config, demo, token);
      demo.client = WebClient.create(demo.vertx);
      linkShows(demo);
      out.printf("  service     %s, local shows %s linked to the TRR shows%n%n", demo.serviceUrl(),
          DemoCatalogue.SHOWS.stream().map(Show::showId).collect(Collectors.joining(", ")));

      String path = syncPath(DemoCatalogue.DEMO_SHOW);
      long started = System.nanoTime();
      HttpResponse<Buffer> answer = admin(demo, HttpMethod.POST, path).send().await();
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      if (answer.statusCode() != 200) {
        throw new IllegalStateException("the demo sync answered HTTP " + answer.statusCode() + ": " + answer.bodyAsString());
      }
      demo.firstSync = answer.bodyAsJsonObject();
      out.println("Sync of " + DemoCatalogue.DEMO_SHOW.showId() + " (" + DemoCatalogue.DEMO_SHOW.title() + "):");
      DemoSummary.lines("POST " + path, answer.statusCode(), demo.firstSync, took).forEach(out::println);
      printConsole(demo, out);
      printNextSteps(demo, out);
      out.flush();
      return demo;
    } catch (RuntimeException e) {
      demo.close();
      throw e;
    }
  }

  /**
   * The console's URL and how to sign in: operator {@link #OPERATOR} with a new random password,
   * or a one-time link. Both made through the admin API, as an operator's script would.
   */
  private static void printConsole(Running demo, PrintStream out) {
    demo.operatorPassword = randomSecret();
    expect(admin(demo, HttpMethod.POST, "/operators").sendJson(new JsonObject().put("name", OPERATOR)
        .put("password", demo.operatorPassword)).await(), 200, 201);
    demo.consoleLink = expect(admin(demo, HttpMethod.POST, "/console/sign-in-links")
        .sendJson(new JsonObject().put("name", OPERATOR)).await(), 201).bodyAsJsonObject().getString("url");
    out.println();
    out.println("The console: " + demo.serviceUrl() + "/");
    out.println("  sign in as operator " + OPERATOR + ", password " + demo.operatorPassword + " (new every run)");
    out.println("  or open this one-time link (signs in once, within 10 minutes): " + demo.consoleLink);
    out.println("  more operators: curl -s -X POST " + demo.serviceUrl() + "/operators -H '" + ADMIN_HEADER + ": "
        + demo.adminSecret() + "' -d '{\"name\": \"NAME\", \"password\": \"at least 10 characters\"}'");
  }

  /** The exact curl line of the next sync, where to look next, and that the demo keeps serving. */
  private static void printNextSteps(Running demo, PrintStream out) {
    String header = " -H '" + ADMIN_HEADER + ": " + demo.adminSecret() + "'";
    out.println();
    out.println("Run the next sync (this run's admin secret; the data is kept, so it imports 0 new images):");
    out.println("  curl -s -X POST " + demo.serviceUrl() + syncPath(DemoCatalogue.DEMO_SHOW) + header);
    out.println("More to look at:");
    Person shown = DemoCatalogue.DEMO_SHOW.credits().get(0).person();
    out.println("  " + shown.name() + "'s face bank: curl -s " + demo.serviceUrl() + "/people/" + shown.id() + "/facebank"
        + header);
    out.println("  " + shown.name() + "'s first photo: " + demo.photosBaseUrl() + "/" + DemoCatalogue.hostedKey(shown, 1));
    out.println("  the other shows: " + DemoCatalogue.SUMMIT_LODGE.showId() + ", and "
        + DemoCatalogue.ISLAND_CROSSING.showId() + " (two local members share an alias on purpose: partial)");
    out.println("Serving until Ctrl-C.");
  }

  /** The service on the demo's databases and photos API; only the HTTP port and stages come from the config. */
  private static FacebankApp startService(AppConfig config, Running demo, String token) {
    AppConfig service = DemoFaces.embedModel(config, config.dataDir().resolve(DEMO_DIR)).with(new JsonObject()
        .put(AppConfig.HTTP_HOST, "127.0.0.1")
        .put(AppConfig.DB_URL, demo.databases.localUrl())
        .put(AppConfig.TRR_DB_URL, demo.databases.trrUrl())
        .put(AppConfig.TRR_API_URL, demo.photos.baseUrl())
        .put(AppConfig.SERVICE_TOKEN, token)
        .put(AppConfig.ADMIN_SECRET, demo.adminSecret())
        // The mirror stage, when switched on, fetches from the demo photos server on 127.0.0.1 and
        // keeps the originals beside the demo's database.
        .put(AppConfig.FETCH_ALLOW_HOSTS, "127.0.0.1")
        .put(AppConfig.BLOB_DIR, config.dataDir().resolve(DEMO_DIR).resolve("blobs").toAbsolutePath().toString())
        .putNull(AppConfig.BLOB_URL));
    return FacebankApp.start(service)
        .recover(e -> Future.failedFuture(e instanceof BindException
            ? new IllegalStateException("the service cannot listen on 127.0.0.1:" + service.httpPort() + " ("
                + e.getMessage() + "); set " + AppConfig.HTTP_PORT + " to a free port, or 0 for any", e)
            : e))
        .await();
  }

  /**
   * Creates or updates the local shows, linked to the TRR shows, and adds the local cast members
   * that exist before any sync, unless a member of that name is already there. Through the
   * service's own admin API, as an operator would.
   */
  private static void linkShows(Running demo) {
    for (Show show : DemoCatalogue.SHOWS) {
      expect(admin(demo, HttpMethod.POST, "/shows").sendJson(new JsonObject().put("show_id", show.showId())
          .put("title", show.title()).put("trr_show_id", show.id().toString())).await(), 200, 201);
      HttpResponse<Buffer> cast = expect(admin(demo, HttpMethod.GET, "/shows/" + show.showId() + "/cast").send().await(), 200);
      Set<String> present = cast.bodyAsJsonArray().stream()
          .map(member -> ((JsonObject) member).getString("name")).collect(Collectors.toSet());
      for (LocalMember member : show.localCast()) {
        if (!present.contains(member.name())) {
          expect(admin(demo, HttpMethod.POST, "/shows/" + show.showId() + "/cast").sendJson(member.toJson()).await(), 201);
        }
      }
    }
  }

  static String syncPath(Show show) {
    return "/shows/" + show.showId() + "/sync_facebank_seeds";
  }

  private static HttpRequest<Buffer> admin(Running demo, HttpMethod method, String path) {
    return demo.client.request(method, demo.app.httpPort(), "127.0.0.1", path).putHeader(ADMIN_HEADER, demo.adminSecret());
  }

  private static HttpResponse<Buffer> expect(HttpResponse<Buffer> response, int... statuses) {
    for (int status : statuses) {
      if (response.statusCode() == status) {
        return response;
      }
    }
    throw new IllegalStateException("the service answered HTTP " + response.statusCode() + ": " + response.bodyAsString());
  }

  private static int photosPort(AppConfig config) {
    Object value = config.raw().getValue(PHOTOS_PORT);
    if (value == null || value.toString().isBlank()) {
      return DEFAULT_PHOTOS_PORT;
    }
    try {
      return Integer.parseInt(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PHOTOS_PORT + " must be an integer, not '" + value + "'");
    }
  }

  private static String randomSecret() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
