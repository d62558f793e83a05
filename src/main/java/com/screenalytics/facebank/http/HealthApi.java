package com.screenalytics.facebank.http;

import com.screenalytics.facebank.cluster.ClusterNode;
import com.screenalytics.facebank.db.Sql;
import com.screenalytics.facebank.trr.TrrDatabase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** /health (the process answers) and /ready (both databases answer; clustered, the nodes seen). */
final class HealthApi {

  private static final long CHECK_TIMEOUT_MS = 3_000;

  private final Pool db;
  private final Optional<TrrDatabase> trr;
  private final Optional<ClusterNode> cluster;

  HealthApi(Pool db, Optional<TrrDatabase> trr, Optional<ClusterNode> cluster) {
    this.db = db;
    this.trr = trr;
    this.cluster = cluster;
  }

  void health(RoutingContext ctx) {
    Responses.json(ctx, 200, new JsonObject().put("status", "UP"));
  }

  void ready(RoutingContext ctx) {
    Future<JsonObject> local = check(db.query(Sql.PING).execute().mapEmpty());
    Future<JsonObject> upstream = trr.map(t -> check(t.ping()))
        .orElse(Future.succeededFuture(new JsonObject().put("status", "DOWN").put("reason", "TRR_DB_URL is not set")));
    Future.join(local, upstream).onComplete(ignored -> {
      JsonObject checks = new JsonObject().put("database", local.result()).put("trr_database", upstream.result());
      // Clustered: the nodes this one sees (informational: a lone node still serves).
      cluster.ifPresent(node -> checks.put("cluster", new JsonObject().put("status", "UP").put("node", node.name())
          .put("nodes", new JsonArray(node.nodes())).put("members", node.members())));
      boolean up = "UP".equals(local.result().getString("status")) && "UP".equals(upstream.result().getString("status"));
      Responses.json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks));
    });
  }

  private static Future<JsonObject> check(Future<Void> probe) {
    return probe.timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map(ok -> new JsonObject().put("status", "UP"))
        .otherwise(e -> new JsonObject().put("status", "DOWN").put("reason", String.valueOf(e.getMessage())));
  }
}
