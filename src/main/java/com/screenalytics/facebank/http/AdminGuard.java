package com.screenalytics.facebank.http;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.http.console.ConsoleSessions;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Guards every admin route: no secret configured → 503 (checked first); then the header, when
 * present, decides (wrong → 403). Without the header, a console session signed in as an operator
 * passes too (when this guard takes sessions), and its state-changing requests must carry the
 * CSRF token; neither → 403. Both sides of the secret are hashed before a constant-time
 * comparison, so neither the content nor the length of the secret shows in the timing.
 * Who passed is kept for the handler: {@link #actor}.
 */
final class AdminGuard implements Handler<RoutingContext> {

  static final String HEADER = "X-Screenalytics-Admin-Secret";
  private static final String ACTOR = "facebank.actor";

  private final byte[] secretDigest;
  private final ConsoleSessions sessions;

  /** {@code sessions}: null for a route that takes the header only. */
  AdminGuard(Optional<String> secret, ConsoleSessions sessions) {
    this.secretDigest = secret.map(AdminGuard::sha256).orElse(null);
    this.sessions = sessions;
  }

  /** Who passed the guard: "api" (the admin header) or the signed-in operator's name. */
  static String actor(RoutingContext ctx) {
    return ctx.get(ACTOR, Addresses.TRIGGERED_BY_API);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (secretDigest == null) {
      Responses.error(ctx, ErrorCode.ADMIN_SECRET_NOT_CONFIGURED, ErrorCode.ADMIN_SECRET_NOT_CONFIGURED.description());
      return;
    }
    String given = ctx.request().getHeader(HEADER);
    if (given != null || sessions == null) {
      if (given == null || !MessageDigest.isEqual(secretDigest, sha256(given))) {
        Responses.error(ctx, ErrorCode.FORBIDDEN, ErrorCode.FORBIDDEN.description());
        return;
      }
      ctx.put(ACTOR, Addresses.TRIGGERED_BY_API);
      ctx.next();
      return;
    }
    // Looking the operator up is asynchronous: hold the body until a handler after us reads it.
    boolean pause = !ctx.request().isEnded();
    if (pause) {
      ctx.request().pause();
    }
    sessions.operator(ctx).onComplete(found -> {
      if (pause) {
        ctx.request().resume();
      }
      if (found.failed()) {
        ctx.fail(found.cause());
      } else if (found.result().isEmpty()) {
        Responses.error(ctx, ErrorCode.FORBIDDEN, ErrorCode.FORBIDDEN.description());
      } else {
        ctx.put(ACTOR, found.result().get());
        sessions.checkCsrf(ctx);
      }
    });
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
