package com.screenalytics.facebank.trr;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.db.PgUrls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The TRR metadata database, read-only. The pool connects lazily, so an unreachable TRR never
 * stops start-up; it surfaces as a 502 of the sync and on /ready. Every session is opened
 * read-only with a statement timeout, so this service cannot write to TRR even by mistake.
 */
public final class TrrDatabase {

  private final Pool pool;

  private TrrDatabase(Pool pool) {
    this.pool = pool;
  }

  public static TrrDatabase create(Vertx vertx, String url, AppConfig config) {
    PgConnectOptions options = PgUrls.options(url)
        .setProperties(Map.of(
            "application_name", "facebank-sync",
            "default_transaction_read_only", "on",
            "statement_timeout", Integer.toString(config.trrStatementTimeoutMs())));
    Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(config.trrDbPoolSize()).setName("trr-db"))
        .with(new NetClientOptions().setConnectTimeout(5_000))
        .connectingTo(options)
        .using(vertx)
        .build();
    return new TrrDatabase(pool);
  }

  /** The Self cast of a TRR show, one entry per person; failures become trr_db_unavailable. */
  public Future<List<TrrPerson>> showCast(UUID trrShowId) {
    return pool.preparedQuery(TrrSql.TRR_SHOW_CAST).execute(Tuple.of(trrShowId))
        .<List<TrrPerson>>map(rows -> {
          List<TrrPerson> cast = new ArrayList<>(rows.size());
          for (Row row : rows) {
            cast.add(new TrrPerson(row.getUUID("person_id"), row.getString("full_name"), row.getString("imdb_id")));
          }
          return cast;
        })
        .recover(e -> Future.failedFuture(new FacebankException(ErrorCode.TRR_DB_UNAVAILABLE,
            "TRR database query failed: " + e.getMessage(), e)));
  }

  public Future<Void> ping() {
    return pool.query(TrrSql.PING).execute().mapEmpty();
  }

  public Future<Void> close() {
    return pool.close();
  }
}
