package com.screenalytics.facebank.bench;

import com.screenalytics.facebank.app.FacebankApp;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClient;

/** Reads the service's own /metrics, as Prometheus would. */
final class Metrics {

  private Metrics() {
  }

  /**
   * SQL requests the service has made so far (vertx_sql_processing_time_seconds_count): to our
   * database, plus the run's one TRR cast query.
   */
  static double sqlRequests(WebClient client, FacebankApp app) {
    String text = client.request(HttpMethod.GET, app.httpPort(), "127.0.0.1", "/metrics").send().await().bodyAsString();
    double total = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("vertx_sql_processing_time_seconds_count")) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }
}
