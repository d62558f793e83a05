package com.screenalytics.facebank.http.console;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.sync.SyncClient;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.net.URI;
import java.time.Clock;
import java.util.Locale;

/**
 * The admin console at {@code /}: its page and assets (plain HTML, CSS and JavaScript modules from
 * the jar's {@code console/} folder, no build step), signing in and out, and the operator routes.
 * Everything the pages show or change goes through the same admin API the operators' curl uses.
 *
 * <ul>
 *   <li>{@code GET /} the console; {@code GET /console/assets/*} its scripts and styles;
 *   <li>{@code GET /console/session}: who is signed in (401 not_signed_in), and a CSRF token cookie;
 *   <li>{@code POST /console/sign-in} {"name", "password"}; {@code POST /console/sign-in/link}
 *       {"token"}; {@code POST /console/sign-out};
 *   <li>behind the admin header only: {@code POST /operators}, {@code DELETE /operators/{name}},
 *       {@code POST /console/sign-in-links}.
 * </ul>
 */
public final class ConsoleRoutes {

  private static final String WEBROOT = "console";

  private final Vertx vertx;
  private final AppConfig config;
  private final ConsoleSessions sessions;
  private final SignInLimiter limiter = new SignInLimiter(Clock.systemUTC());

  private ConsoleRoutes(Vertx vertx, AppConfig config, ConsoleSessions sessions) {
    this.vertx = vertx;
    this.config = config;
    this.sessions = sessions;
  }

  /**
   * Mounts the console on {@code router}. {@code headerGuard} guards the routes that take the admin
   * header only; {@code body} reads a request body. Mount before the router's last failure handler.
   */
  public static void mount(Router router, Vertx vertx, AppConfig config, ConsoleSessions sessions,
                           Handler<RoutingContext> headerGuard, Handler<RoutingContext> body) {
    ConsoleRoutes console = new ConsoleRoutes(vertx, config, sessions);
    OperatorsApi operators = new OperatorsApi(vertx, config);

    router.get("/").handler(ctx -> ctx.response().putHeader("Cache-Control", "no-cache")
        .sendFile(WEBROOT + "/index.html"));
    router.get("/console/assets/*").handler(StaticHandler.create(WEBROOT + "/assets")
        .setCachingEnabled(false).setDirectoryListing(false).setIncludeHidden(false));

    router.get("/console/session").handler(sessions.handler()).handler(console::requireOperator)
        .handler(console::whoAmI);
    router.post("/console/sign-in").handler(sessions.handler()).handler(console::sameOrigin).handler(body)
        .handler(console::signIn);
    router.post("/console/sign-in/link").handler(sessions.handler()).handler(console::sameOrigin).handler(body)
        .handler(console::signInWithLink);
    router.post("/console/sign-out").handler(sessions.handler()).handler(console::sameOrigin)
        .handler(console::signOut).handler(console::endSession);

    router.post("/console/sign-in-links").handler(headerGuard).handler(body).handler(operators::signInLink);
    router.post("/operators").handler(headerGuard).handler(body).handler(operators::save);
    router.delete("/operators/:name").handler(headerGuard).handler(operators::remove);

    router.route().failureHandler(sessions::csrfFailure);
  }

  /** Passes a request whose session is signed in (CSRF checked); 401 not_signed_in otherwise. */
  private void requireOperator(RoutingContext ctx) {
    sessions.operator(ctx).onSuccess(operator -> {
      if (operator.isEmpty()) {
        ConsoleJson.error(ctx, ErrorCode.NOT_SIGNED_IN, ErrorCode.NOT_SIGNED_IN.description());
      } else {
        ctx.put("operator", operator.get());
        sessions.checkCsrf(ctx);
      }
    }).onFailure(ctx::fail);
  }

  private void whoAmI(RoutingContext ctx) {
    ConsoleJson.send(ctx, 200, new JsonObject().put("operator", ctx.<String>get("operator"))
        .put("idle_timeout_minutes", config.consoleSessionIdleMinutes()));
  }

  /**
   * A browser sends Origin with every POST: one from another site (a form posted from elsewhere,
   * signing the victim in as the attacker) is refused. Callers without Origin (curl) pass.
   */
  private void sameOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin == null || sameAuthority(origin, ctx.request().getHeader("Host"))
        || config.consolePublicUrl().map(url -> sameAuthority(origin, URI.create(url).getRawAuthority())).orElse(false)) {
      ctx.next();
    } else {
      ctx.fail(new FacebankException(ErrorCode.CROSS_ORIGIN, ErrorCode.CROSS_ORIGIN.description()));
    }
  }

  private static boolean sameAuthority(String origin, String authority) {
    try {
      String given = URI.create(origin).getRawAuthority();
      return given != null && authority != null && given.equalsIgnoreCase(authority);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** {"name", "password"} → 200 {"operator"} and a fresh session cookie; 401; 429 after 5 failures a minute. */
  private void signIn(RoutingContext ctx) {
    JsonObject body = ConsoleJson.body(ctx);
    String name = body.getValue("name") instanceof String text ? text.trim().toLowerCase(Locale.ROOT) : "";
    JsonObject request = new JsonObject().put("name", name).put("password", body.getValue("password"));
    attempt(ctx, name, Addresses.OPERATOR_AUTHENTICATE, request);
  }

  /** {"token"} of a one-time link → as a sign-in, once. */
  private void signInWithLink(RoutingContext ctx) {
    attempt(ctx, null, Addresses.OPERATOR_USE_LINK, new JsonObject().put("token", ConsoleJson.body(ctx).getValue("token")));
  }

  private void attempt(RoutingContext ctx, String name, String address, JsonObject request) {
    String client = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    long waitSeconds = limiter.attempt(client, name);
    if (waitSeconds > 0) {
      ctx.response().putHeader("Retry-After", String.valueOf(waitSeconds));
      ConsoleJson.error(ctx, ErrorCode.TOO_MANY_SIGN_INS, ErrorCode.TOO_MANY_SIGN_INS.description());
      return;
    }
    SyncClient.ask(vertx, address, request, new DeliveryOptions(), signedIn -> 200).onSuccess(answer -> {
      if (answer.httpStatus() != 200) {
        ConsoleJson.send(ctx, answer.httpStatus(), answer.body());
        return;
      }
      String operator = answer.body().getString("name");
      limiter.succeeded(client, name);
      sessions.signIn(ctx, operator, answer.body().getString("credential"));
      ConsoleJson.send(ctx, 200, new JsonObject().put("operator", operator));
    }).onFailure(ctx::fail);
  }

  /** Ends the session (a state change, so with the CSRF token when signed in); 204 either way. */
  private void signOut(RoutingContext ctx) {
    sessions.operator(ctx).onSuccess(operator -> {
      if (operator.isEmpty()) {
        ctx.response().setStatusCode(204).end();
        return;
      }
      sessions.checkCsrf(ctx);
    }).onFailure(ctx::fail);
  }

  private void endSession(RoutingContext ctx) {
    sessions.signOut(ctx);
    ctx.response().setStatusCode(204).end();
  }
}
