package com.screenalytics.facebank.http;

import com.screenalytics.facebank.contract.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Guards every admin route: no secret configured → 503 (checked first); header missing or wrong
 * → 403. Both sides are hashed before a constant-time comparison, so neither the content nor the
 * length of the secret shows in the timing.
 */
final class AdminGuard implements Handler<RoutingContext> {

  static final String HEADER = "X-Screenalytics-Admin-Secret";

  private final byte[] secretDigest;

  AdminGuard(Optional<String> secret) {
    this.secretDigest = secret.map(AdminGuard::sha256).orElse(null);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (secretDigest == null) {
      Responses.error(ctx, ErrorCode.ADMIN_SECRET_NOT_CONFIGURED, ErrorCode.ADMIN_SECRET_NOT_CONFIGURED.description());
      return;
    }
    String given = ctx.request().getHeader(HEADER);
    if (given == null || !MessageDigest.isEqual(secretDigest, sha256(given))) {
      Responses.error(ctx, ErrorCode.FORBIDDEN, ErrorCode.FORBIDDEN.description());
      return;
    }
    ctx.next();
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
