package com.screenalytics.facebank.http.console;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.operators.OperatorNames;
import com.screenalytics.facebank.sync.SyncClient;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;

/**
 * The admin routes that mint credentials, behind the admin header only (a stolen console session
 * must not make more): POST /operators (create an operator or change their password),
 * DELETE /operators/{name}, POST /console/sign-in-links (a one-time sign-in URL).
 */
final class OperatorsApi {

  private final Vertx vertx;
  private final AppConfig config;

  OperatorsApi(Vertx vertx, AppConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  /** {"name", "password"} → 201 {"name", "created": true, "created_at"}, or 200 with created false. */
  void save(RoutingContext ctx) {
    JsonObject body = ConsoleJson.body(ctx);
    JsonObject request = new JsonObject()
        .put("name", OperatorNames.normalize(body.getValue("name")))
        .put("password", OperatorNames.password(body.getValue("password")));
    SyncClient.ask(vertx, Addresses.OPERATOR_SAVE, request, new DeliveryOptions(), saved -> saved.getBoolean("created")
            ? 201 : 200)
        .onSuccess(answer -> ConsoleJson.send(ctx, answer.httpStatus(), answer.body()))
        .onFailure(ctx::fail);
  }

  void remove(RoutingContext ctx) {
    JsonObject request = new JsonObject().put("name", OperatorNames.normalize(ctx.pathParam("name")));
    SyncClient.ask(vertx, Addresses.OPERATOR_REMOVE, request, new DeliveryOptions(), removed -> 200)
        .onSuccess(answer -> ConsoleJson.send(ctx, answer.httpStatus(), answer.body()))
        .onFailure(ctx::fail);
  }

  /** {"name"?} → 201 {"name", "url", "expires_at"}; no name: the only operator. */
  void signInLink(RoutingContext ctx) {
    Object name = ConsoleJson.body(ctx).getValue("name");
    JsonObject request = new JsonObject().put("name", name == null ? null : OperatorNames.normalize(name));
    SyncClient.ask(vertx, Addresses.OPERATOR_LINK, request, new DeliveryOptions(), link -> 201)
        .onSuccess(answer -> ConsoleJson.send(ctx, answer.httpStatus(), answer.httpStatus() != 201 ? answer.body()
            : link(answer.body(), config.consolePublicUrl().orElseGet(() -> origin(ctx)))))
        .onFailure(ctx::fail);
  }

  /** The answer of a link request: the URL instead of the bare token. */
  static JsonObject link(JsonObject created, String base) {
    return new JsonObject().put("name", created.getString("name"))
        .put("url", ConsoleUrls.signInLink(base, created.getString("token")))
        .put("expires_at", created.getString("expires_at"));
  }

  /** The scheme and authority this request reached us at. */
  private static String origin(RoutingContext ctx) {
    URI uri = URI.create(ctx.request().absoluteURI());
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }
}
