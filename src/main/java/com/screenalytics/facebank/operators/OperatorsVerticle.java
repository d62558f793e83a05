package com.screenalytics.facebank.operators;

import static com.screenalytics.facebank.contract.BusAnswers.answerHere;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.db.OperatorRepository;
import com.screenalytics.facebank.db.Sql;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.UsernamePasswordCredentials;
import io.vertx.ext.auth.hashing.HashingStrategy;
import io.vertx.ext.auth.sqlclient.SqlAuthentication;
import io.vertx.ext.auth.sqlclient.SqlAuthenticationOptions;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' accounts, on the {@code facebank.operators.*} addresses of {@link Addresses}:
 * save (create, or change the password), remove, authenticate, and one-time sign-in links.
 * Deployed as a worker ({@link #THREADING}): PBKDF2 is deliberately slow, and SqlAuthentication
 * verifies a password on the thread its query answers on, so that thread must not be an event loop.
 * Its consumers are local: the bodies carry passwords, which never cross a cluster.
 *
 * <p>Passwords are hashed with PBKDF2 (HMAC-SHA512, {@link #ITERATIONS} iterations, 16 random bytes
 * of salt) through Vert.x auth's HashingStrategy, and checked with SqlAuthentication. They are never
 * logged, stored in clear, or answered.
 */
public final class OperatorsVerticle extends VerticleBase {

  public static final ThreadingModel THREADING = ThreadingModel.WORKER;

  /** OWASP's figure for PBKDF2-HMAC-SHA512; kept in each hash, so raising it later keeps old hashes valid. */
  static final int ITERATIONS = 210_000;
  static final String ALGORITHM = "pbkdf2";

  /** A one-time sign-in link is valid this long. */
  public static final Duration LINK_VALIDITY = Duration.ofMinutes(10);

  private static final Logger LOG = LoggerFactory.getLogger(OperatorsVerticle.class);

  private final Pool pool;
  private final SecureRandom random = new SecureRandom();
  private final HashingStrategy hashing = HashingStrategy.load();
  private OperatorRepository operators;
  private SqlAuthentication authentication;

  public OperatorsVerticle(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    operators = new OperatorRepository(pool);
    return Future.all(List.of(
        answerHere(vertx, Addresses.OPERATOR_SAVE, this::save),
        answerHere(vertx, Addresses.OPERATOR_REMOVE, this::remove),
        answerHere(vertx, Addresses.OPERATOR_AUTHENTICATE, this::authenticate),
        answerHere(vertx, Addresses.OPERATOR_LINK, this::link),
        answerHere(vertx, Addresses.OPERATOR_USE_LINK, this::useLink)));
  }

  private Future<JsonObject> save(JsonObject body) {
    String name = OperatorNames.normalize(body.getValue("name"));
    return operators.save(name, hash(OperatorNames.password(body.getValue("password")))).map(saved -> {
      LOG.info("Operator {} {}", saved.name(), saved.created() ? "created" : "has a new password");
      return new JsonObject().put("name", saved.name()).put("created", saved.created())
          .put("created_at", saved.createdAt().toString());
    });
  }

  private Future<JsonObject> remove(JsonObject body) {
    String name = OperatorNames.normalize(body.getValue("name"));
    return operators.remove(name).map(removed -> {
      if (!removed) {
        throw new FacebankException(ErrorCode.OPERATOR_NOT_FOUND, "no operator " + name);
      }
      LOG.info("Operator {} removed", name);
      return new JsonObject().put("name", name).put("removed", true);
    });
  }

  /** {"name", "credential"} of the operator, or a 401 invalid_credentials, whichever part was wrong. */
  private Future<JsonObject> authenticate(JsonObject body) {
    if (!(body.getValue("name") instanceof String rawName) || !(body.getValue("password") instanceof String password)) {
      throw new FacebankException(ErrorCode.INVALID_CREDENTIALS, ErrorCode.INVALID_CREDENTIALS.description());
    }
    String name = rawName.trim().toLowerCase(Locale.ROOT);
    return authentication().authenticate(new UsernamePasswordCredentials(name, password))
        .recover(e -> Future.failedFuture(new FacebankException(ErrorCode.INVALID_CREDENTIALS,
            ErrorCode.INVALID_CREDENTIALS.description())))
        .compose(user -> operators.credential(name))
        .map(credential -> new JsonObject().put("name", name).put("credential", credential.orElseThrow(() ->
            new FacebankException(ErrorCode.INVALID_CREDENTIALS, ErrorCode.INVALID_CREDENTIALS.description()))));
  }

  /**
   * Made at the first sign-in, not at start-up (every start, the sync command's included, would pay
   * for a hash). Names that do not exist are checked against the hash of a random password, so a
   * wrong name costs the same PBKDF2 work as a wrong password and does not show in the timing.
   */
  private SqlAuthentication authentication() {
    if (authentication == null) {
      authentication = SqlAuthentication.create(pool, new SqlAuthenticationOptions()
          .setAuthenticationQuery(Sql.operatorAuthentication(hash(randomToken()))));
    }
    return authentication;
  }

  /**
   * A one-time sign-in token for {"name"} (or, with no name, for the only operator): answered once,
   * only its SHA-256 is kept.
   */
  private Future<JsonObject> link(JsonObject body) {
    Future<String> name = body.getValue("name") == null
        ? operators.names().map(all -> {
          if (all.size() != 1) {
            throw new FacebankException(ErrorCode.OPERATOR_NAME_REQUIRED, ErrorCode.OPERATOR_NAME_REQUIRED.description());
          }
          return all.get(0);
        })
        : Future.succeededFuture(OperatorNames.normalize(body.getValue("name")));
    String token = randomToken();
    return name.compose(operator -> operators.createLink(sha256(token), operator, LINK_VALIDITY).map(expires -> {
      if (expires.isEmpty()) {
        throw new FacebankException(ErrorCode.OPERATOR_NOT_FOUND, "no operator " + operator);
      }
      LOG.info("One-time sign-in link created for operator {}, valid until {}", operator, expires.get());
      return new JsonObject().put("name", operator).put("token", token).put("expires_at", expires.get().toString());
    }));
  }

  /** {"name", "credential"} of the link's operator, once; a 401 sign_in_link_invalid after that. */
  private Future<JsonObject> useLink(JsonObject body) {
    if (!(body.getValue("token") instanceof String token) || token.isBlank()) {
      throw new FacebankException(ErrorCode.SIGN_IN_LINK_INVALID, ErrorCode.SIGN_IN_LINK_INVALID.description());
    }
    return operators.useLink(sha256(token.trim())).map(used -> {
      OperatorRepository.SignedIn signedIn = used.orElseThrow(() ->
          new FacebankException(ErrorCode.SIGN_IN_LINK_INVALID, ErrorCode.SIGN_IN_LINK_INVALID.description()));
      return new JsonObject().put("name", signedIn.name()).put("credential", signedIn.credential());
    });
  }

  /** The PHC-style string HashingStrategy verifies: $pbkdf2$it=…$salt$hash. */
  private String hash(String password) {
    return hashing.hash(ALGORITHM, Map.of("it", String.valueOf(ITERATIONS)), salt(), password);
  }

  private String salt() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private String randomToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
