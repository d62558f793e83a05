package com.screenalytics.facebank.demo;

import com.screenalytics.facebank.db.EmbeddedCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The demo's one embedded PostgreSQL cluster, under DATA_DIR/demo/postgres and kept between runs:
 * database {@code postgres} is the SCREENALYTICS database (as in the service's own embedded
 * default), database {@code trr_demo} the demo TRR metadata database, built from the real TRR
 * schema on first use. Blocking, like every database start-up.
 */
final class DemoDatabases implements AutoCloseable {

  static final String LOCAL_DATABASE = "postgres";
  static final String TRR_DATABASE = "trr_demo";
  // The embedded cluster trusts local connections; the client still sends a password.
  private static final String USER = "postgres";
  private static final String PASSWORD = "postgres";

  private final EmbeddedCluster cluster;
  private final boolean trrCreated;

  private DemoDatabases(EmbeddedCluster cluster, boolean trrCreated) {
    this.cluster = cluster;
    this.trrCreated = trrCreated;
  }

  /** Starts the cluster in {@code demoDir}/postgres and makes sure the TRR database and schema exist. */
  static DemoDatabases start(Path demoDir) {
    EmbeddedCluster cluster = EmbeddedCluster.start(demoDir);
    try {
      return new DemoDatabases(cluster, createTrr(cluster));
    } catch (SQLException | RuntimeException e) {
      closeQuietly(cluster);
      throw new IllegalStateException("cannot build the demo TRR database: " + e.getMessage(), e);
    }
  }

  String localUrl() {
    return url(LOCAL_DATABASE);
  }

  String trrUrl() {
    return url(TRR_DATABASE);
  }

  /** Installs {@link DemoCatalogue} in the TRR database, its photos hosted at {@code mediaBaseUrl}. */
  DemoCatalogue.Stats installCatalogue(String mediaBaseUrl) {
    try (Connection conn = cluster.postgres().getDatabase(USER, TRR_DATABASE).getConnection()) {
      return DemoCatalogue.install(conn, mediaBaseUrl);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot install the demo TRR catalogue: " + e.getMessage(), e);
    }
  }

  /** Whether this start created the TRR database (false: it was kept from an earlier run). */
  boolean trrCreated() {
    return trrCreated;
  }

  @Override
  public void close() {
    closeQuietly(cluster);
  }

  private String url(String database) {
    // The embedded cluster listens on the IPv4 loopback; "localhost" may resolve to ::1 first.
    return "postgresql://" + USER + ":" + PASSWORD + "@127.0.0.1:" + cluster.port() + "/" + database;
  }

  private static boolean createTrr(EmbeddedCluster cluster) throws SQLException {
    try (Connection conn = cluster.postgres().getPostgresDatabase().getConnection(); Statement st = conn.createStatement()) {
      try (ResultSet rows = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + TRR_DATABASE + "'")) {
        if (!rows.next()) {
          st.execute("CREATE DATABASE " + TRR_DATABASE);
        }
      }
    }
    try (Connection conn = cluster.postgres().getDatabase(USER, TRR_DATABASE).getConnection();
         Statement st = conn.createStatement()) {
      try (ResultSet rows = st.executeQuery("SELECT to_regclass('core.shows') IS NULL")) {
        rows.next();
        if (!rows.getBoolean(1)) {
          return false;
        }
      }
      conn.setAutoCommit(false); // all of the schema or none of it
      st.execute(TrrSchema.sql());
      conn.commit();
      return true;
    }
  }

  private static void closeQuietly(EmbeddedCluster cluster) {
    cluster.close();
  }
}
