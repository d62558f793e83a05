package com.screenalytics.facebank.http.console;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.db.OperatorRepository;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.CSRFHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.sstore.ClusteredSessionStore;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The console's sessions: an operator signs in once and the browser then holds only an
 * HttpOnly, SameSite=Strict session cookie (Secure when CONSOLE_PUBLIC_URL is https), never the
 * admin secret. A session ends after CONSOLE_SESSION_IDLE_MIN without a request, at sign-out, and
 * as soon as its operator is removed or their password changes (checked on every request).
 *
 * <p>Requests made with the cookie go through Vert.x Web's CSRFHandler: a safe request receives
 * the token in the readable {@value #CSRF_COOKIE} cookie, a state-changing one must send it back in
 * the {@value #CSRF_HEADER} header (double submit, checked against the session too).
 */
public final class ConsoleSessions {

  public static final String COOKIE = "facebank_session";
  public static final String CSRF_COOKIE = "facebank_csrf";
  public static final String CSRF_HEADER = "X-CSRF-Token";

  private static final String OPERATOR = "operator";
  private static final String CREDENTIAL = "credential";
  private static final String STORE_NAME = "facebank.console.sessions";
  private static final String CSRF_CHECKED = "facebank.csrf-checked";
  private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

  private final SessionStore store;
  private final SessionHandler sessions;
  private final CSRFHandler csrf;
  private final OperatorRepository operators;

  private ConsoleSessions(SessionStore store, SessionHandler sessions, CSRFHandler csrf, OperatorRepository operators) {
    this.store = store;
    this.sessions = sessions;
    this.csrf = csrf;
    this.operators = operators;
  }

  public static ConsoleSessions create(Vertx vertx, AppConfig config, OperatorRepository operators) {
    long idleMs = config.consoleSessionIdleMinutes() * 60_000L;
    boolean secure = config.consolePublicUrl().map(url -> url.regionMatches(true, 0, "https:", 0, 6)).orElse(false);
    SessionStore store = store(vertx);
    SessionHandler sessions = SessionHandler.create(store)
        .setSessionCookieName(COOKIE)
        .setSessionCookiePath("/")
        .setCookieHttpOnlyFlag(true)
        .setCookieSameSite(CookieSameSite.STRICT)
        .setCookieSecureFlag(secure)
        .setSessionTimeout(idleMs)
        // Only a session something was put in is stored and gets a cookie: curl with the header gets none.
        .setLazySession(true);
    CSRFHandler csrf = CSRFHandler.create(vertx, csrfSigningKey(config))
        .setCookieName(CSRF_COOKIE)
        .setCookiePath("/")
        .setHeaderName(CSRF_HEADER)
        .setCookieSecure(secure)
        .setTimeout(idleMs);
    return new ConsoleSessions(store, sessions, csrf, operators);
  }

  /**
   * The one place the session store is chosen: this process's memory, or, clustered, the
   * cluster's (Vert.x Web's ClusteredSessionStore over Hazelcast), so an operator signed in on
   * one node is signed in on every node.
   */
  static SessionStore store(Vertx vertx) {
    return vertx.isClustered() ? ClusteredSessionStore.create(vertx, STORE_NAME)
        : LocalSessionStore.create(vertx, STORE_NAME);
  }

  /** Loads the request's session from its cookie; mount it before anything that reads the operator. */
  public Handler<RoutingContext> handler() {
    return sessions;
  }

  /**
   * The operator the request's session is signed in as, when their account still exists with the
   * password they signed in with; a session that no longer holds is ended. Empty when none.
   */
  public Future<Optional<String>> operator(RoutingContext ctx) {
    Session session = ctx.session();
    String name = session == null ? null : session.get(OPERATOR);
    if (name == null) {
      return Future.succeededFuture(Optional.empty());
    }
    String credential = session.get(CREDENTIAL);
    return operators.credential(name).map(current -> {
      if (current.isPresent() && current.get().equals(credential)) {
        return Optional.of(name);
      }
      session.destroy();
      return Optional.empty();
    });
  }

  /**
   * Lets a request authenticated by its session cookie on: a safe one receives a CSRF token, a
   * state-changing one must carry it in {@value #CSRF_HEADER} (else a 403 csrf_token_invalid).
   * Calls {@code ctx.next()} when it passes.
   */
  public void checkCsrf(RoutingContext ctx) {
    ctx.put(CSRF_CHECKED, true);
    if (!SAFE.contains(ctx.request().method())) {
      String token = ctx.request().getHeader(CSRF_HEADER);
      if (token == null || token.isBlank()) {
        ctx.fail(new FacebankException(ErrorCode.CSRF_TOKEN_INVALID, ErrorCode.CSRF_TOKEN_INVALID.description()));
        return;
      }
      // The handler rotates the token on success; keep the new one in the session even when the
      // answer is an error (a 409, say), which the session handler would not store.
      ctx.addHeadersEndHandler(ignored -> {
        if (ctx.response().getStatusCode() >= 400 && ctx.session() != null && !ctx.session().isDestroyed()) {
          sessions.flush(ctx, true);
        }
      });
    }
    csrf.handle(ctx);
  }

  /** Failure handler: the CSRF handler's own refusals (a bare 403) as a JSON csrf_token_invalid. */
  public void csrfFailure(RoutingContext ctx) {
    if (Boolean.TRUE.equals(ctx.get(CSRF_CHECKED)) && ctx.statusCode() == 403
        && !(ctx.failure() instanceof FacebankException)) {
      ConsoleJson.error(ctx, ErrorCode.CSRF_TOKEN_INVALID, ErrorCode.CSRF_TOKEN_INVALID.description());
    } else {
      ctx.next();
    }
  }

  /** Signs the session in as {@code name}, under a new session id (no fixation of an old one). */
  void signIn(RoutingContext ctx, String name, String credential) {
    Session session = ctx.session();
    session.regenerateId();
    session.put(OPERATOR, name);
    session.put(CREDENTIAL, credential);
  }

  void signOut(RoutingContext ctx) {
    if (ctx.session() != null) {
      ctx.session().destroy();
    }
  }

  public Future<Void> close() {
    store.close();
    return Future.succeededFuture();
  }

  /**
   * CSRF tokens are signed with a key derived from the admin secret, so every instance sharing
   * that secret accepts the others' tokens; the key cannot be turned back into the secret. Without
   * a secret the guarded routes answer 503 anyway, and any key will do.
   */
  private static String csrfSigningKey(AppConfig config) {
    String secret = config.adminSecret().orElse(UUID.randomUUID().toString());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal("facebank-console-csrf".getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
