package com.screenalytics.facebank.bench;

import com.screenalytics.facebank.app.FacebankApp;
import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.testsupport.PhotosServer;
import com.screenalytics.facebank.testsupport.ServiceUnderTest;
import com.screenalytics.facebank.testsupport.TestDatabases.TestDb;
import com.screenalytics.facebank.testsupport.TrrFixture;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/** What every benchmark asks of the service and of this JVM. */
final class Bench {

  private Bench() {
  }

  /**
   * The service's config for a benchmark run: on a port of its own, {@code local} as its database,
   * the TRR fixture and the photos stand-in as its upstream, {@code concurrency} people in flight.
   */
  static JsonObject serviceConfig(TestDb local, TrrFixture trr, PhotosServer photos, String token, int concurrency) {
    return new JsonObject()
        .put(AppConfig.HTTP_HOST, "127.0.0.1").put(AppConfig.HTTP_PORT, 0)
        .put(AppConfig.DB_URL, local.url())
        .put(AppConfig.TRR_DB_URL, trr.db().url())
        .put(AppConfig.TRR_API_URL, photos.baseUrl())
        .put(AppConfig.SERVICE_TOKEN, token)
        .put(AppConfig.ADMIN_SECRET, ServiceUnderTest.ADMIN_SECRET)
        .put(AppConfig.SYNC_PERSON_CONCURRENCY, concurrency);
  }

  /** An admin POST to the service ({@code body} null: none); anything but a 2xx stops the benchmark. */
  static HttpResponse<Buffer> post(WebClient client, FacebankApp app, String path, JsonObject body) {
    var request = client.request(HttpMethod.POST, app.httpPort(), "127.0.0.1", path)
        .putHeader(ServiceUnderTest.ADMIN_HEADER, ServiceUnderTest.ADMIN_SECRET)
        .timeout(3_600_000);
    HttpResponse<Buffer> response = (body == null ? request.send() : request.sendJson(body)).await();
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response;
  }

  /** CPU time so far of this whole JVM: the service, the stand-ins, the client. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** CPU time so far of the compute pool's threads (facebank-compute-*): the stages' decoding, hashing, inference. */
  static long computeCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("facebank-compute")) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }
}
