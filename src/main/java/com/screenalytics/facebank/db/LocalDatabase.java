package com.screenalytics.facebank.db;

import com.screenalytics.facebank.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SCREENALYTICS database: the one at DB_URL, or an embedded PostgreSQL whose data lives under
 * DATA_DIR and survives restarts. Opening it migrates the schema with Flyway; any failure here is
 * fatal to start-up.
 */
public final class LocalDatabase {

  private static final Logger LOG = LoggerFactory.getLogger(LocalDatabase.class);

  static final String POOL_NAME = "facebank-db";

  private final Vertx vertx;
  private final PgConnectOptions options;
  private final Pool pool;
  private final EmbeddedCluster embedded;

  private LocalDatabase(Vertx vertx, PgConnectOptions options, Pool pool, EmbeddedCluster embedded) {
    this.vertx = vertx;
    this.options = options;
    this.pool = pool;
    this.embedded = embedded;
  }

  public static Future<LocalDatabase> open(Vertx vertx, AppConfig config) {
    // Starting PostgreSQL and running Flyway both block: keep them off the event loop.
    return vertx.executeBlocking(() -> {
      EmbeddedCluster embedded = null;
      PgConnectOptions options;
      if (config.dbUrl().isPresent()) {
        options = PgUrls.options(config.dbUrl().get());
      } else {
        embedded = EmbeddedCluster.start(config.dataDir());
        options = new PgConnectOptions().setHost("localhost").setPort(embedded.port())
            .setDatabase("postgres").setUser("postgres").setPassword("postgres");
      }
      // Named, so /metrics counts and times the requests to our database (vertx_sql_*).
      options.setMetricsName(POOL_NAME);
      try {
        migrate(options, config.dbConnectTimeoutMs());
      } catch (RuntimeException e) {
        closeQuietly(embedded);
        throw e;
      }
      Pool pool = PgBuilder.pool()
          .with(new PoolOptions().setMaxSize(config.dbPoolSize()).setName(POOL_NAME))
          .with(new NetClientOptions().setConnectTimeout(config.dbConnectTimeoutMs()))
          .connectingTo(options)
          .using(vertx)
          .build();
      return new LocalDatabase(vertx, options, pool, embedded);
    }, false);
  }

  private static void migrate(PgConnectOptions options, int connectTimeoutMs) {
    try {
      FluentConfiguration flyway = Flyway.configure()
          .dataSource(PgUrls.jdbcUrl(options, connectTimeoutMs), options.getUser(), options.getPassword())
          .connectRetries(0)
          .locations("classpath:db/migration");
      // Migration numbers were reserved per issue and landed in any order: a database already at V5
      // takes V3 (and any other independent one) when it arrives, instead of refusing to start. Only
      // such a database is migrated out of order (Flyway warns that it is); every other one in order.
      boolean late = Arrays.stream(flyway.load().info().all())
          .anyMatch(migration -> migration.getState() == MigrationState.IGNORED);
      var result = flyway.outOfOrder(late).load().migrate();
      if (result.migrationsExecuted > 0) {
        LOG.info("Database {} migrated to schema version {} ({} migration(s) applied)",
            PgUrls.describe(options), result.targetSchemaVersion, result.migrationsExecuted);
      } else {
        LOG.info("Database {} schema is up to date", PgUrls.describe(options));
      }
    } catch (RuntimeException e) {
      throw new DatabaseStartupException("cannot use the SCREENALYTICS database at "
          + PgUrls.describe(options) + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  public Vertx vertx() {
    return vertx;
  }

  public Pool pool() {
    return pool;
  }

  /**
   * A connection outside the pool. Closing it really closes it, which is what a session-level
   * advisory lock needs: the lock can never be handed on to another borrower of a pooled connection.
   */
  public Future<SqlConnection> dedicatedConnection() {
    return PgConnection.connect(vertx, options).map(conn -> conn);
  }

  public Future<Void> close() {
    return pool.close().eventually(() -> vertx.executeBlocking(() -> {
      closeQuietly(embedded);
      return null;
    }, false)).mapEmpty();
  }

  private static void closeQuietly(EmbeddedCluster embedded) {
    if (embedded != null) {
      embedded.close();
    }
  }
}
