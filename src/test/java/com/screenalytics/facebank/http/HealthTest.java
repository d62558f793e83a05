package com.screenalytics.facebank.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.ServiceExtension;
import com.screenalytics.facebank.testsupport.ServiceExtension.Services;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** /health, /ready (both databases) and /metrics (Prometheus), all without the admin header. */
@ExtendWith(ServiceExtension.class)
class HealthTest {

  private ServiceUnderTest service;

  @Test
  void healthIsUp(ServiceUnderTest service) {
    this.service = service;
    HttpResponse<Buffer> response = open("/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("UP");
  }

  @Test
  void readyWhenBothDatabasesAnswer(ServiceUnderTest service) {
    this.service = service;
    HttpResponse<Buffer> response = open("/ready");

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("UP");
    assertThat(body.getJsonObject("checks").getJsonObject("database").getString("status")).isEqualTo("UP");
    assertThat(body.getJsonObject("checks").getJsonObject("trr_database").getString("status")).isEqualTo("UP");
  }

  @Test
  void notReadyWhenTheTrrDatabaseIsUnreachable(Services services) {
    service = services.start(new JsonObject()
        .put(AppConfig.TRR_DB_URL, "postgresql://trr_reader:trr-pw@127.0.0.1:" + closedPort() + "/trr"));
    HttpResponse<Buffer> response = open("/ready");

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(503);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("DOWN");
    assertThat(body.getJsonObject("checks").getJsonObject("database").getString("status")).isEqualTo("UP");
    assertThat(body.getJsonObject("checks").getJsonObject("trr_database").getString("status")).isEqualTo("DOWN");
    assertThat(open("/health").statusCode()).as("alive all the same").isEqualTo(200);
  }

  @Test
  void metricsAnswerPrometheusTextWithSyncAndHttpServerMetrics(ServiceUnderTest service) {
    this.service = service;
    String before = open("/metrics").bodyAsString();
    assertThat(before).as("no run yet").doesNotContain("facebank_sync_run_seconds");

    UUID show = service.trr.show("The Real Housewives of Salt Lake City");
    UUID person = service.trr.person("Lisa Barlow", "nm0000001");
    service.trr.credit(show, person, "Self");
    service.trr.seedPhoto(person, "https://cdn.example/lisa/seed-1.jpg", 1);
    service.linkedShow("rhoslc", show);
    service.syncOk("rhoslc");

    HttpResponse<Buffer> response = open("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
    String text = response.bodyAsString();
    assertThat(text).contains("# TYPE ");
    assertThat(text).containsPattern("(?m)^facebank_sync_run_seconds_count\\{[^}]*status=\"ok\"[^}]*\\} 1(\\.0)?$");
    assertThat(text).containsPattern("(?m)^vertx_http_server_\\w+");
  }

  private HttpResponse<Buffer> open(String path) {
    return service.request(HttpMethod.GET, path).send().await();
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
