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
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
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
  private final EmbeddedPostgres embedded;

  private LocalDatabase(Vertx vertx, PgConnectOptions options, Pool pool, EmbeddedPostgres embedded) {
    this.vertx = vertx;
    this.options = options;
    this.pool = pool;
    this.embedded = embedded;
  }

  public static Future<LocalDatabase> open(Vertx vertx, AppConfig config) {
    // Starting PostgreSQL and running Flyway both block: keep them off the event loop.
    return vertx.executeBlocking(() -> {
      EmbeddedPostgres embedded = null;
      PgConnectOptions options;
      if (config.dbUrl().isPresent()) {
        options = PgUrls.options(config.dbUrl().get());
      } else {
        embedded = startEmbedded(config.dataDir());
        options = new PgConnectOptions().setHost("localhost").setPort(embedded.getPort())
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

  /**
   * Starts (or restarts on its kept data) an embedded PostgreSQL cluster under
   * {@code dataDir/postgres}; blocking. The demo runs its own cluster through this too.
   */
  public static EmbeddedPostgres startEmbedded(Path dataDir) {
    Path pgData = dataDir.resolve("postgres").toAbsolutePath().normalize();
    try {
      Files.createDirectories(pgData.getParent());
      LOG.info("Starting embedded PostgreSQL with data in {}", pgData);
      return EmbeddedPostgres.builder()
          .setDataDirectory(pgData)
          .setCleanDataDirectory(false)
          .start();
    } catch (IOException | RuntimeException e) {
      throw new DatabaseStartupException("cannot start the embedded PostgreSQL in " + pgData + ": "
          + e.getMessage(), e);
    }
  }

  private static void migrate(PgConnectOptions options, int connectTimeoutMs) {
    try {
      var result = Flyway.configure()
          .dataSource(PgUrls.jdbcUrl(options, connectTimeoutMs), options.getUser(), options.getPassword())
          .connectRetries(0)
          .locations("classpath:db/migration")
          .load()
          .migrate();
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

  private static void closeQuietly(EmbeddedPostgres embedded) {
    if (embedded == null) {
      return;
    }
    try {
      embedded.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }
}
