package com.screenalytics.facebank.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The console's operators and their one-time sign-in links. Passwords arrive here already
 * hashed, and are never read back: checking one is SqlAuthentication's job (operators package).
 * An operator's credential is the time their password last changed: a session remembers it, and
 * a removed operator or a changed password ends the session.
 */
public final class OperatorRepository {

  /** What saving an operator did. */
  public record Saved(String name, boolean created, OffsetDateTime createdAt, String credential) {
  }

  /** An operator signed in by a link, and their credential. */
  public record SignedIn(String name, String credential) {
  }

  private final Pool pool;

  public OperatorRepository(Pool pool) {
    this.pool = pool;
  }

  /** Creates the operator, or replaces their password hash. */
  public Future<Saved> save(String name, String passwordHash) {
    return pool.preparedQuery(Sql.OPERATOR_UPSERT).execute(Tuple.of(name, passwordHash)).map(rows -> {
      Row row = rows.iterator().next();
      return new Saved(row.getString("name"), row.getBoolean("created"), row.getOffsetDateTime("created_at"),
          credential(row));
    });
  }

  /** Removes the operator (and their links); false when there was none. */
  public Future<Boolean> remove(String name) {
    return pool.preparedQuery(Sql.OPERATOR_DELETE).execute(Tuple.of(name)).map(rows -> rows.rowCount() > 0);
  }

  /** The operator's current credential; empty when there is no such operator. */
  public Future<Optional<String>> credential(String name) {
    return pool.preparedQuery(Sql.OPERATOR_CREDENTIAL).execute(Tuple.of(name))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(credential(rows.iterator().next())));
  }

  /** Every operator's name, in order. */
  public Future<List<String>> names() {
    return pool.query(Sql.OPERATOR_NAMES).execute().map(rows -> {
      List<String> names = new ArrayList<>();
      rows.forEach(row -> names.add(row.getString("name")));
      return names;
    });
  }

  /** Records a link (by its token's SHA-256) for the operator; empty when there is no such operator. */
  public Future<Optional<OffsetDateTime>> createLink(byte[] tokenSha256, String name, Duration valid) {
    return pool.preparedQuery(Sql.SIGN_IN_LINK_INSERT)
        .execute(Tuple.of(Buffer.buffer(tokenSha256), name, (double) valid.toSeconds()))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(rows.iterator().next().getOffsetDateTime("expires_at")));
  }

  /** Uses a link once; empty when it is unknown, used, or expired. */
  public Future<Optional<SignedIn>> useLink(byte[] tokenSha256) {
    return pool.preparedQuery(Sql.SIGN_IN_LINK_USE).execute(Tuple.of(Buffer.buffer(tokenSha256))).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new SignedIn(row.getString("operator"), credential(row)));
    });
  }

  private static String credential(Row row) {
    return row.getOffsetDateTime("password_changed_at").toString();
  }
}
