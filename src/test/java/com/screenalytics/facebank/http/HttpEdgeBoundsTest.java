package com.screenalytics.facebank.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.PhotosServer.Gate;
import com.screenalytics.facebank.testsupport.ServiceConfig;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP edge's bounds, with short timeouts and a low connection cap: a connection that sends
 * nothing or trickles its headers is closed after HTTP_HEADER_TIMEOUT_S; an idle keep-alive one
 * after HTTP_IDLE_TIMEOUT_S, while a request waited for is never cut; a stalled body gets 408; at
 * the cap the connection idle the longest makes room, and only when all are busy is a new one shut
 * out. A flood of idle connections leaves /health and a sync answering. Loopback only, bounded.
 */
@ExtendWith(ServiceExtension.class)
@ServiceConfig(key = AppConfig.HTTP_HEADER_TIMEOUT_S, value = "1")
@ServiceConfig(key = AppConfig.HTTP_IDLE_TIMEOUT_S, value = "2")
@ServiceConfig(key = AppConfig.HTTP_BODY_TIMEOUT_S, value = "1")
@ServiceConfig(key = AppConfig.HTTP_MAX_CONNECTIONS, value = "40")
class HttpEdgeBoundsTest {

  private static final int FLOOD = 1_000;

  @Test
  void aConnectionThatSendsNothingOrTricklesItsHeadersIsClosedAfterTheHeaderTimeout(ServiceUnderTest service)
      throws Exception {
    try (Socket silent = open(service); Socket trickle = open(service)) {
      long start = System.nanoTime();
      trickle.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readToClose(silent)).as("nothing answered, just closed").isEmpty();
      assertThat(readToClose(trickle)).isEmpty();
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(elapsedMs).as("closed after HTTP_HEADER_TIMEOUT_S (1 s), well before the idle timeout")
          .isBetween(900L, 1_990L + 3_000L);
    }
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeoutWhileASyncWaitedForIsNotCut(ServiceUnderTest service)
      throws Exception {
    List<UUID> people = service.seededShow("EDGE_IDLE", 1);
    Gate gate = service.photos.gate(people.get(0));
    Future<HttpResponse<Buffer>> waited = service.admin(HttpMethod.POST, "/shows/EDGE_IDLE/sync_facebank_seeds").send();
    gate.arrived().await();

    try (Socket keepAlive = open(service)) {
      keepAlive.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = keepAlive.getInputStream();
      String head = readResponse(in);
      assertThat(head).startsWith("HTTP/1.1 200");
      long answeredAt = System.nanoTime();
      assertThat(readToClose(keepAlive)).isEmpty();
      long idleMs = (System.nanoTime() - answeredAt) / 1_000_000;
      assertThat(idleMs).as("closed after HTTP_IDLE_TIMEOUT_S (2 s), not the header timeout").isBetween(1_900L, 8_000L);
    }
    // The sync has now waited longer than the idle timeout without a byte on its connection.
    gate.open();
    HttpResponse<Buffer> answer = waited.await();
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    assertThat(answer.bodyAsJsonObject().getString("status")).isEqualTo("ok");
  }

  @Test
  void aBodyThatStallsIsAnswered408AndItsConnectionClosed(ServiceUnderTest service) throws Exception {
    try (Socket stalled = open(service)) {
      stalled.getOutputStream().write(("POST /shows HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + ServiceUnderTest.ADMIN_HEADER + ": " + ServiceUnderTest.ADMIN_SECRET + "\r\nContent-Length: 60\r\n\r\n{")
          .getBytes(StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      String answer = readToClose(stalled);
      assertThat(answer).startsWith("HTTP/1.1 408").contains("request_timeout");
      assertThat((System.nanoTime() - start) / 1_000_000).as("after HTTP_BODY_TIMEOUT_S (1 s)").isGreaterThan(900L);
    }
    assertThat(service.db.count("SELECT count(*) FROM show")).isZero();
  }

  @Test
  @ServiceConfig(key = AppConfig.HTTP_HEADER_TIMEOUT_S, value = "30")
  @ServiceConfig(key = AppConfig.HTTP_MAX_CONNECTIONS, value = "3")
  void atTheCapANewConnectionIsShutOutOnlyWhenEveryConnectionIsBusy(ServiceUnderTest service) throws Exception {
    // Three syncs waited for, each held at the photos server: three busy connections, the cap.
    List<Gate> gates = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> waiting = new ArrayList<>();
    WebClient client = WebClient.create(service.vertx, new WebClientOptions().setKeepAlive(false));
    try {
      for (int i = 1; i <= 3; i++) {
        String show = "EDGE_BUSY_" + i;
        Gate gate = service.photos.gate(service.seededShow(show, 1).get(0));
        gates.add(gate);
        waiting.add(client.post(service.port(), "127.0.0.1", "/shows/" + show + "/sync_facebank_seeds")
            .putHeader(ServiceUnderTest.ADMIN_HEADER, ServiceUnderTest.ADMIN_SECRET).send());
        gate.arrived().await();
      }
      long start = System.nanoTime();
      try (Socket late = open(service)) {
        assertThat(readToClose(late)).as("shut out at once: every connection is busy").isEmpty();
      }
      assertThat((System.nanoTime() - start) / 1_000_000).as("not by a timeout (header: 30 s)").isLessThan(15_000L);
      gates.forEach(Gate::open);
      for (Future<HttpResponse<Buffer>> answer : waiting) {
        assertThat(answer.await().statusCode()).as("the busy ones were never cut").isEqualTo(200);
      }
    } finally {
      client.close();
    }
  }

  @Test
  @ServiceConfig(key = AppConfig.HTTP_HEADER_TIMEOUT_S, value = "60")
  @ServiceConfig(key = AppConfig.HTTP_IDLE_TIMEOUT_S, value = "60")
  void aFloodOfIdleConnectionsLeavesHealthAndASyncAnswering(ServiceUnderTest service) {
    List<UUID> people = service.seededShow("EDGE_FLOOD", 2);
    NetClient net = service.vertx.createNetClient();
    WebClient fresh = WebClient.create(service.vertx, new WebClientOptions().setKeepAlive(false));
    AtomicInteger closedByServer = new AtomicInteger();
    Promise<Void> shedEnough = Promise.promise();
    int cap = 40;
    List<NetSocket> flood = new ArrayList<>();
    List<Long> healthMs = new ArrayList<>();
    try {
      for (int i = 1; i <= FLOOD; i++) {
        NetSocket socket = net.connect(service.port(), "127.0.0.1").await();
        socket.closeHandler(closed -> {
          if (closedByServer.incrementAndGet() >= FLOOD - cap) {
            shedEnough.tryComplete();
          }
        });
        flood.add(socket);
        if (i % 100 == 0) {
          long start = System.nanoTime();
          HttpResponse<Buffer> health = fresh.get(service.port(), "127.0.0.1", "/health").send()
              .timeout(10, TimeUnit.SECONDS).await();
          healthMs.add((System.nanoTime() - start) / 1_000_000);
          assertThat(health.statusCode()).isEqualTo(200);
        }
      }
      shedEnough.future().timeout(30, TimeUnit.SECONDS).await();
      HttpResponse<Buffer> sync = service.admin(HttpMethod.POST, "/shows/EDGE_FLOOD/sync_facebank_seeds").send()
          .timeout(30, TimeUnit.SECONDS).await();
      assertThat(sync.statusCode()).as(sync.bodyAsString()).isEqualTo(200);
      assertThat(sync.bodyAsJsonObject().getInteger("imported_facebank_images")).isEqualTo(people.size());
      System.out.println("HttpEdgeBoundsTest flood: " + FLOOD + " idle connections, cap " + cap + ", /health ms "
          + healthMs + ", closed by the server " + closedByServer.get());
      assertThat(healthMs).as("/health during the flood, ms").allMatch(ms -> ms < 2_000);
      assertThat(closedByServer.get()).as("at most the cap stays open").isGreaterThanOrEqualTo(FLOOD - cap);
    } finally {
      flood.forEach(NetSocket::close);
      fresh.close();
      net.close();
    }
  }

  private static Socket open(ServiceUnderTest service) throws IOException {
    Socket socket = new Socket("127.0.0.1", service.port());
    socket.setSoTimeout(20_000);
    return socket;
  }

  /** Everything the server sends until it closes the connection (a timeout fails the test). */
  private static String readToClose(Socket socket) throws IOException {
    return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
  }

  /** One response with a Content-Length body; the connection stays open. */
  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(length);
    return text;
  }
}
