package com.screenalytics.facebank.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.contract.ErrorReply;
import com.screenalytics.facebank.testsupport.EventStreamClient;
import com.screenalytics.facebank.testsupport.MainProcess;
import com.screenalytics.facebank.testsupport.PhotosServer;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import com.screenalytics.facebank.testsupport.TestDatabases;
import com.screenalytics.facebank.testsupport.TestDatabases.TestDb;
import com.screenalytics.facebank.testsupport.TrrFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two facebank nodes as separate processes on 127.0.0.1 (TCP-IP join), one database, and this
 * test's JVM as a third member of their cluster: a sibling with no facebank code running, only a
 * clustered event bus. Runs save their events once in ten minutes here (RUN_CHECKPOINT_MS), so
 * whatever crosses from one node to another within the tests' bounds crossed over the bus, not
 * through the database. Every wait is bounded; the calls a run makes are held by gates in the
 * stand-in photos server, never by a clock. The kill comes last: it leaves one node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {

  private static final Duration START = Duration.ofSeconds(150);
  private static final long WAIT_S = 60;
  private static final int RATE = 10;
  private static final int ORPHAN_S = 20;

  private record Node(MainProcess process, String name, int httpPort) {
  }

  private Vertx vertx;
  private WebClient client;
  private TestDb db;
  private TestDb trrDb;
  private TrrFixture trr;
  private PhotosServer photos;
  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, Node> byName = new HashMap<>();
  private Vertx sibling;
  private final List<String> output = new CopyOnWriteArrayList<>();

  @BeforeAll
  void startCluster() throws IOException {
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
    trrDb = TestDatabases.create("trr");
    trr = TrrFixture.create(trrDb);
    photos = PhotosServer.start(vertx, trrDb, ServiceUnderTest.SERVICE_TOKEN).await();
    db = TestDatabases.create("cluster");
    String cluster = "fbtest-" + UUID.randomUUID().toString().substring(0, 8);
    int[] ports = {freePort(), freePort()};
    String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
    // One after the other: the second joins the first's cluster before it says it listens.
    for (int port : ports) {
      Map<String, String> env = new HashMap<>();
      env.put(AppConfig.DB_URL, db.url());
      env.put(AppConfig.TRR_DB_URL, trrDb.url());
      env.put(AppConfig.TRR_API_URL, photos.baseUrl());
      env.put(AppConfig.SERVICE_TOKEN, ServiceUnderTest.SERVICE_TOKEN);
      env.put(AppConfig.ADMIN_SECRET, ServiceUnderTest.ADMIN_SECRET);
      env.put(AppConfig.HTTP_HOST, "127.0.0.1");
      env.put(AppConfig.HTTP_PORT, "0");
      env.put(AppConfig.SYNC_PERSON_CONCURRENCY, "1");
      env.put(AppConfig.SYNC_SHOWS_CONCURRENCY, "1");
      env.put(AppConfig.RUN_CHECKPOINT_MS, "600000");
      env.put(AppConfig.PHOTOS_TIMEOUT_MS, "120000");
      env.put(AppConfig.PHOTOS_PERSON_DEADLINE_MS, "120000");
      env.put(AppConfig.PHOTOS_RATE_LIMIT_PER_SEC, String.valueOf(RATE));
      env.put(AppConfig.CLUSTER_ENABLED, "true");
      env.put(AppConfig.CLUSTER_NAME, cluster);
      env.put(AppConfig.CLUSTER_HOST, "127.0.0.1");
      env.put(AppConfig.CLUSTER_PORT, String.valueOf(port));
      env.put(AppConfig.CLUSTER_MEMBERS, members);
      env.put(AppConfig.CLUSTER_RUN_ORPHAN_S, String.valueOf(ORPHAN_S));
      MainProcess process = MainProcess.startWithArgFile(env, List.of("-Xmx384m", "-XX:+UseSerialGC"));
      Node node = new Node(process, "127.0.0.1:" + port, process.awaitListening(START));
      nodes.add(node);
      byName.put(node.name(), node);
    }
    // This JVM joins as a plain member: Vert.x's event bus, none of the service's code.
    AppConfig siblingConfig = new AppConfig(new JsonObject().put(AppConfig.CLUSTER_NAME, cluster)
        .put(AppConfig.CLUSTER_HOST, "127.0.0.1").put(AppConfig.CLUSTER_PORT, freePort())
        .put(AppConfig.CLUSTER_MEMBERS, members));
    Config hazelcast = HazelcastSettings.generated(siblingConfig);
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1");
    sibling = Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered().toCompletionStage().toCompletableFuture().join();
    ErrorReply.register(sibling.eventBus());
  }

  @AfterAll
  void stopCluster() throws InterruptedException {
    try {
      if (sibling != null) {
        sibling.close().await();
      }
      for (Node node : nodes) {
        output.addAll(node.process().output());
        node.process().close();
      }
      // What the nodes wrote, for whoever reads a failure.
      java.nio.file.Files.write(java.nio.file.Path.of("target", "cluster-test-nodes.log"), output);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      client.close();
      photos.close().await();
      vertx.close().await();
      TestDatabases.drop(db);
      TestDatabases.drop(trrDb);
    }
  }

  @Test
  @Order(1)
  void aSiblingInAnotherProcessTriggersASyncAndHearsItsEvents() {
    seededShow("SIBLING", 2);
    List<JsonObject> heard = new CopyOnWriteArrayList<>();
    io.vertx.core.Promise<Void> finished = io.vertx.core.Promise.promise();
    MessageConsumer<JsonObject> events = sibling.eventBus().consumer(Addresses.SYNC_EVENTS, message -> {
      if ("SIBLING".equals(message.body().getString("show_id"))) {
        heard.add(message.body());
        if ("run_finished".equals(message.body().getString("type"))) {
          finished.tryComplete();
        }
      }
    });
    events.completion().await();

    JsonObject result = sibling.eventBus().<JsonObject>request(Addresses.SYNC, new JsonObject().put("show_id", "SIBLING"),
        new DeliveryOptions().setSendTimeout(WAIT_S * 1000)).await().body();
    bounded(finished.future());
    events.unregister().await();

    assertThat(result.getString("status")).as(result.encode()).isEqualTo("ok");
    assertThat(result.getLong("imported_facebank_images")).isEqualTo(2);
    assertThat(heard).extracting(event -> event.getString("run_id")).containsOnly(result.getString("run_id"));
    assertThat(heard).extracting(event -> event.getInteger("seq"))
        .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, heard.size()).boxed().toList());
    assertThat(heard.get(0).getString("type")).isEqualTo("run_started");
    assertThat(heard.get(0).getString("triggered_by")).isEqualTo(Addresses.TRIGGERED_BY_BUS);
    assertThat(byName).containsKey(anyRunNode(UUID.fromString(result.getString("run_id"))));

    // Every node reports the cluster: two facebank nodes, three members (this JVM is one).
    for (Node node : nodes) {
      JsonObject ready = call(node, HttpMethod.GET, "/ready", null).bodyAsJsonObject();
      JsonObject seen = ready.getJsonObject("checks").getJsonObject("cluster");
      assertThat(seen.getString("node")).isEqualTo(node.name());
      assertThat(seen.getJsonArray("nodes").getList()).containsExactlyInAnyOrderElementsOf(byName.keySet());
      assertThat(seen.getInteger("members")).isEqualTo(3);
      String metrics = call(node, HttpMethod.GET, "/metrics", null).bodyAsString();
      assertThat(metrics).contains("node=\"" + node.name() + "\"");
    }
  }

  @Test
  @Order(2)
  void anEventStreamOnOneNodeFollowsARunOnAnotherLive() {
    List<UUID> people = seededShow("LIVE", 3);
    PhotosServer.Gate gate = photos.gate(people.get(1));
    UUID runId = startAsync(nodes.get(0), "LIVE");
    bounded(gate.arrived());
    Node runner = byName.get(runNode(runId));
    Node follower = other(runner);

    EventStreamClient stream = bounded(EventStreamClient.connect(vertx, follower.httpPort(),
        "/sync_runs/" + runId + "/events", null));
    assertThat(stream.status()).isEqualTo(200);
    // The first person's event exists only in the runner's memory (nothing is saved yet): the
    // follower's node asked the runner.
    EventStreamClient.Frame first = bounded(stream.frame(frame -> "person_finished".equals(frame.event())));
    assertThat(first.data().getString("trr_person_id")).isEqualTo(people.get(0).toString());
    gate.open();
    List<EventStreamClient.Frame> frames = bounded(stream.ended());
    stream.close();
    assertThat(frames.get(frames.size() - 1).event()).isEqualTo("run_finished");
    assertThat(frames.get(frames.size() - 1).data().getString("status")).isEqualTo("ok");
    assertThat(frames).extracting(frame -> Integer.parseInt(frame.id()))
        .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, frames.size()).boxed().toList());
    assertThat(frames).filteredOn(frame -> "person_finished".equals(frame.event())).hasSize(3);
  }

  @Test
  @Order(3)
  void aCancelSentToOneNodeStopsARunOnAnotherAtOnce() {
    List<UUID> people = seededShow("CANCEL", 3);
    PhotosServer.Gate gate = photos.gate(people.get(1));
    UUID runId = startAsync(nodes.get(1), "CANCEL");
    bounded(gate.arrived());
    Node runner = byName.get(runNode(runId));
    io.vertx.core.Promise<JsonObject> heard = io.vertx.core.Promise.promise();
    MessageConsumer<JsonObject> runEvents = sibling.eventBus().consumer(Addresses.runEvents(runId), message -> {
      if ("cancel_requested".equals(message.body().getString("type"))) {
        heard.tryComplete(message.body());
      }
    });
    runEvents.completion().await();

    HttpResponse<Buffer> cancel = call(other(runner), HttpMethod.POST, "/sync_runs/" + runId + "/cancel", null);
    assertThat(cancel.statusCode()).as(cancel.bodyAsString()).isEqualTo(202);
    // The runner heard it at once (it would look in the database only ten minutes later).
    bounded(heard.future());
    runEvents.unregister().await();
    gate.open();

    JsonObject run = awaitRunEnded(runner, runId);
    assertThat(run.getString("status")).isEqualTo("cancelled");
    assertThat(photos.callsFor(people.get(2))).as("the person after the cancel never started").isEmpty();
  }

  @Test
  @Order(4)
  void twoNodesUnderOneRateLimitStayUnderItTogether() {
    List<UUID> people = new ArrayList<>(seededShow("RATEA", 15));
    people.addAll(seededShow("RATEB", 15));
    photos.clearCalls();
    JsonObject batch = startBatch(new JsonObject().put("show_ids", new JsonArray().add("RATEA").add("RATEB")));
    JsonObject done = awaitBatch(nodes.get(1), batch.getString("batch_id"));
    assertThat(done.getString("status")).as(done.encode()).isEqualTo("ok");
    Set<String> ran = shows(done).stream().map(show -> show.getString("node")).collect(Collectors.toSet());
    assertThat(ran).as("each node synced one show, at the same time").hasSize(2);

    Set<String> ours = people.stream().map(UUID::toString).collect(Collectors.toSet());
    List<Long> arrivals = photos.calls().stream().filter(call -> ours.contains(call.personId()))
        .map(PhotosServer.Call::receivedAtNanos).sorted().toList();
    assertThat(arrivals).hasSize(30);
    double seconds = (arrivals.get(arrivals.size() - 1) - arrivals.get(0)) / 1e9;
    double rate = (arrivals.size() - 1) / seconds;
    assertThat(rate).as("requests per second of both nodes together").isLessThanOrEqualTo(1.1 * RATE);
    // And no burst: within any two seconds, at most 2·1.1·r.
    for (int i = 0; i < arrivals.size(); i++) {
      long from = arrivals.get(i);
      long inWindow = arrivals.stream().filter(at -> at >= from && at < from + TimeUnit.SECONDS.toNanos(2)).count();
      assertThat(inWindow).isLessThanOrEqualTo((long) Math.floor(2 * 1.1 * RATE));
    }
  }

  @Test
  @Order(5)
  void aBatchSyncsEveryLinkedShowExactlyOnceAcrossTheNodes() {
    for (int i = 1; i <= 5; i++) {
      seededShow("BATCH" + i, 2);
    }
    List<UUID> held = seededShow("HELD", 2);
    PhotosServer.Gate gate = photos.gate(held.get(0));
    UUID heldRun = startAsync(nodes.get(0), "HELD");
    bounded(gate.arrived());
    List<String> linked = db.query("SELECT show_id FROM show WHERE trr_show_id IS NOT NULL ORDER BY show_id").stream()
        .map(row -> (String) row.get("show_id")).toList();
    Object before = db.query("SELECT now() AS now").get(0).get("now");

    JsonObject batch = startBatch(new JsonObject());
    assertThat(batch.getJsonArray("shows").getList()).containsExactlyElementsOf(linked);
    EventStreamClient stream = bounded(EventStreamClient.connect(vertx, nodes.get(1).httpPort(),
        "/sync_batches/" + batch.getString("batch_id") + "/events", null));
    JsonObject done = awaitBatch(nodes.get(0), batch.getString("batch_id"));
    List<EventStreamClient.Frame> frames = bounded(stream.ended());
    stream.close();
    gate.open();

    assertThat(done.getString("status")).as("a show already running makes it partial").isEqualTo("partial");
    List<JsonObject> shows = shows(done);
    assertThat(shows).extracting(show -> show.getString("show_id")).containsExactlyElementsOf(linked);
    JsonObject heldShow = shows.stream().filter(show -> show.getString("show_id").equals("HELD")).findFirst().orElseThrow();
    assertThat(heldShow.getString("status")).isEqualTo("already_running");
    assertThat(heldShow.getString("run_id")).isEqualTo(heldRun.toString());
    List<JsonObject> synced = shows.stream().filter(show -> !show.getString("show_id").equals("HELD")).toList();
    assertThat(synced).extracting(show -> show.getString("status")).containsOnly("ok");
    assertThat(synced).extracting(show -> show.getString("run_id")).doesNotHaveDuplicates().doesNotContainNull();
    assertThat(synced).extracting(show -> show.getString("node")).containsOnly(byName.keySet().toArray(String[]::new));
    assertThat(synced.stream().map(show -> show.getString("node")).collect(Collectors.toSet()))
        .as("both nodes took shows").hasSize(2);
    // Exactly once: one run per show since the batch started, and each where the batch says.
    List<Map<String, Object>> runs = db.query("SELECT show_id, node, run_id FROM sync_run WHERE trigger = 'batch' "
        + "AND started_at >= ?", before);
    assertThat(runs).extracting(row -> row.get("show_id")).containsExactlyInAnyOrderElementsOf(
        synced.stream().map(show -> show.getString("show_id")).toList());
    for (JsonObject show : synced) {
      Map<String, Object> run = runs.stream().filter(row -> row.get("run_id").toString().equals(show.getString("run_id")))
          .findFirst().orElseThrow();
      assertThat(run.get("node")).isEqualTo(show.getString("node"));
    }
    // At most SYNC_SHOWS_CONCURRENCY (1) shows at once per node: no two of a node's shows overlap.
    assertThat(db.count("SELECT count(*) FROM sync_batch_show a JOIN sync_batch_show b ON a.batch_id = b.batch_id "
        + "AND a.node = b.node AND a.show_id < b.show_id WHERE a.batch_id = ?::uuid AND a.run_id IS NOT NULL "
        + "AND b.run_id IS NOT NULL AND a.started_at < b.finished_at AND b.started_at < a.finished_at",
        batch.getString("batch_id"))).isZero();
    assertThat(frames.get(0).event()).isEqualTo("batch");
    assertThat(frames.get(frames.size() - 1).event()).isEqualTo("batch_finished");
    assertThat(frames).filteredOn(frame -> "show_finished".equals(frame.event())).hasSize(linked.size());
    awaitRunEnded(nodes.get(0), heldRun);
  }

  @Test
  @Order(7)
  void anOperatorSignedInOnOneNodeIsSignedInOnEvery() {
    HttpResponse<Buffer> created = call(nodes.get(0), HttpMethod.POST, "/operators",
        new JsonObject().put("name", "ops").put("password", "Cluster-Pw-12345"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> signedIn = bounded(client.request(HttpMethod.POST, nodes.get(0).httpPort(), "127.0.0.1",
        "/console/sign-in").sendJson(new JsonObject().put("name", "ops").put("password", "Cluster-Pw-12345")));
    assertThat(signedIn.statusCode()).as(signedIn.bodyAsString()).isEqualTo(200);
    String session = signedIn.cookies().stream().filter(cookie -> cookie.startsWith("facebank_session="))
        .map(cookie -> cookie.substring("facebank_session=".length(), cookie.indexOf(';'))).findFirst().orElseThrow();

    // The other node knows the session (Vert.x Web's ClusteredSessionStore), with no admin header.
    HttpResponse<Buffer> shows = bounded(client.request(HttpMethod.GET, nodes.get(1).httpPort(), "127.0.0.1", "/shows")
        .putHeader("Cookie", "facebank_session=" + session).send());
    assertThat(shows.statusCode()).as(shows.bodyAsString()).isEqualTo(200);
    HttpResponse<Buffer> stranger = bounded(client.request(HttpMethod.GET, nodes.get(1).httpPort(), "127.0.0.1", "/shows")
        .putHeader("Cookie", "facebank_session=" + "x".repeat(session.length())).send());
    assertThat(stranger.statusCode()).isEqualTo(403);
  }

  @Test
  @Order(10)
  void aNodeKilledMidRunHasItsRunMarkedInterruptedBySurvivorAndTheShowSyncsAgain() throws Exception {
    List<UUID> people = seededShow("KILLED", 4);
    PhotosServer.Gate gate = photos.gate(people.get(1));
    UUID runId = startAsync(nodes.get(0), "KILLED");
    bounded(gate.arrived());
    Node runner = byName.get(runNode(runId));
    Node survivor = other(runner);
    var swept = survivor.process().line(Pattern.compile("Run " + runId + " of KILLED was running on node "
        + Pattern.quote(runner.name()) + ", which left the cluster; marked interrupted"));
    // A follower on the survivor, live (its replay came from the runner's memory).
    EventStreamClient follower = bounded(EventStreamClient.connect(vertx, survivor.httpPort(),
        "/sync_runs/" + runId + "/events", null));
    bounded(follower.frame(frame -> "person_finished".equals(frame.event())));

    runner.process().kill();
    output.addAll(runner.process().output());
    nodes.remove(runner);
    // Within the bound (CLUSTER_RUN_ORPHAN_S), without a restart.
    swept.get(ORPHAN_S, TimeUnit.SECONDS);
    // The follower is told: its stream ends with the run as recorded, interrupted.
    List<EventStreamClient.Frame> followed = bounded(follower.ended());
    follower.close();
    EventStreamClient.Frame last = followed.get(followed.size() - 1);
    assertThat(last.event()).isEqualTo("run_finished");
    assertThat(last.data().getString("status")).isEqualTo("interrupted");
    assertThat(Integer.parseInt(last.id())).isEqualTo(followed.size());

    List<Map<String, Object>> row = db.query("SELECT status, counts FROM sync_run WHERE run_id = ?::uuid", runId.toString());
    assertThat(row.get(0).get("status")).isEqualTo("interrupted");
    JsonObject counts = new JsonObject(row.get(0).get("counts").toString());
    assertThat(counts.getLong("imported_facebank_images")).as("true to the rows written: the first person's")
        .isEqualTo(db.count("SELECT count(*) FROM face_bank_images WHERE run_id = ?::uuid", runId.toString()))
        .isEqualTo(1);
    gate.open();
    HttpResponse<Buffer> again = call(survivor, HttpMethod.POST, "/shows/KILLED/sync_facebank_seeds", null);
    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("status")).isEqualTo("ok");
    assertThat(again.bodyAsJsonObject().getLong("imported_facebank_images")).isEqualTo(3);
    assertThat(runNode(UUID.fromString(again.bodyAsJsonObject().getString("run_id")))).isNull();
    assertThat(db.query("SELECT node FROM sync_run WHERE run_id = ?::uuid", again.bodyAsJsonObject().getString("run_id"))
        .get(0).get("node")).isEqualTo(survivor.name());

    // Whatever the nodes logged, the dead one included, holds no secret.
    List<String> logged = new ArrayList<>(output);
    logged.addAll(survivor.process().output());
    assertThat(String.join("\n", logged)).doesNotContain(ServiceUnderTest.ADMIN_SECRET, ServiceUnderTest.SERVICE_TOKEN,
        TestDatabases.DB_PASSWORD);
  }

  // ---- helpers -----------------------------------------------------------------------------

  private List<UUID> seededShow(String showId, int people) {
    UUID show = trr.show(showId + " show");
    List<UUID> ids = new ArrayList<>();
    for (int i = 1; i <= people; i++) {
      UUID person = trr.selfCredited(show, showId + " Person " + i);
      trr.seedPhoto(person, "https://cdn.example/" + showId + "/" + i + ".jpg", 1);
      ids.add(person);
    }
    HttpResponse<Buffer> created = call(nodes.get(0), HttpMethod.POST, "/shows", new JsonObject().put("show_id", showId)
        .put("title", showId).put("trr_show_id", show.toString()));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return ids;
  }

  private UUID startAsync(Node node, String showId) {
    HttpResponse<Buffer> started = call(node, HttpMethod.POST, "/shows/" + showId + "/sync_facebank_seeds?async=true", null);
    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(202);
    return UUID.fromString(started.bodyAsJsonObject().getString("run_id"));
  }

  private JsonObject startBatch(JsonObject body) {
    HttpResponse<Buffer> started = call(nodes.get(0), HttpMethod.POST, "/sync_facebank_seeds", body);
    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(202);
    assertThat(started.getHeader("Location")).isEqualTo(started.bodyAsJsonObject().getString("status_url"));
    return started.bodyAsJsonObject();
  }

  /** Follows the batch's events to their end, then reads the batch. */
  private JsonObject awaitBatch(Node node, String batchId) {
    EventStreamClient stream = bounded(EventStreamClient.connect(vertx, node.httpPort(),
        "/sync_batches/" + batchId + "/events", null));
    bounded(stream.ended());
    stream.close();
    HttpResponse<Buffer> batch = call(node, HttpMethod.GET, "/sync_batches/" + batchId, null);
    assertThat(batch.statusCode()).isEqualTo(200);
    return batch.bodyAsJsonObject();
  }

  /** Follows the run's events to their end, then reads the run. */
  private JsonObject awaitRunEnded(Node node, UUID runId) {
    EventStreamClient stream = bounded(EventStreamClient.connect(vertx, node.httpPort(),
        "/sync_runs/" + runId + "/events", null));
    bounded(stream.ended());
    stream.close();
    return call(node, HttpMethod.GET, "/sync_runs/" + runId, null).bodyAsJsonObject();
  }

  private static List<JsonObject> shows(JsonObject batch) {
    return batch.getJsonArray("shows").stream().map(JsonObject.class::cast).toList();
  }

  private String runNode(UUID runId) {
    List<Map<String, Object>> rows = db.query("SELECT node FROM sync_run WHERE run_id = ?::uuid AND status = 'running'",
        runId.toString());
    return rows.isEmpty() ? null : (String) rows.get(0).get("node");
  }

  private String anyRunNode(UUID runId) {
    return (String) db.query("SELECT node FROM sync_run WHERE run_id = ?::uuid", runId.toString()).get(0).get("node");
  }

  private Node other(Node node) {
    return nodes.stream().filter(candidate -> candidate != node).findFirst().orElseThrow();
  }

  private HttpResponse<Buffer> call(Node node, HttpMethod method, String path, JsonObject body) {
    HttpRequest<Buffer> request = client.request(method, node.httpPort(), "127.0.0.1", path)
        .putHeader(ServiceUnderTest.ADMIN_HEADER, ServiceUnderTest.ADMIN_SECRET)
        .timeout(TimeUnit.SECONDS.toMillis(WAIT_S));
    return bounded(body == null ? request.send() : request.sendJson(body));
  }

  private static <T> T bounded(Future<T> future) {
    return future.timeout(WAIT_S, TimeUnit.SECONDS).await();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
