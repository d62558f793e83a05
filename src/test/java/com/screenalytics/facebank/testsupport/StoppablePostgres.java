package com.screenalytics.facebank.testsupport;

import com.screenalytics.facebank.testsupport.TestDatabases.TestDb;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A PostgreSQL server of one test's own, which the test stops and starts again (same port, same
 * data) to take our database away from a running service. Its data lives under target/. Fast
 * settings (the embedded builder's defaults): test support, never the product's.
 */
public final class StoppablePostgres implements AutoCloseable {

  private final Path dataDir;
  private int port;
  private EmbeddedPostgres server;

  private StoppablePostgres(Path dataDir) {
    this.dataDir = dataDir;
  }

  public static StoppablePostgres start() {
    try {
      Path dir = Files.createDirectories(Path.of("target", "stoppable-pg-" + UUID.randomUUID()).toAbsolutePath());
      StoppablePostgres pg = new StoppablePostgres(dir);
      pg.startAgain();
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the server again on its port and data (after {@link #stop()}). */
  public synchronized void startAgain() {
    if (server != null) {
      throw new IllegalStateException("already running");
    }
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dataDir)
          .setCleanDataDirectory(false).setRegisterShutdownHook(false);
      if (port != 0) {
        builder.setPort(port);
      }
      server = builder.start();
      port = server.getPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test's PostgreSQL", e);
    }
  }

  /** Stops the server (fast shutdown: every session is cut). */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      server = null;
    }
  }

  /** Its postgres database, with the test helpers. */
  public TestDb db() {
    return new TestDb("127.0.0.1", port, "postgres", "postgres", TestDatabases.DB_PASSWORD);
  }

  @Override
  public void close() {
    stop();
  }
}
