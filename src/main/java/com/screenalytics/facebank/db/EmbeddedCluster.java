package com.screenalytics.facebank.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded PostgreSQL cluster whose data lives under {@code dataDir/postgres} and survives
 * restarts: the service's default database, and the demo's. It keeps PostgreSQL's crash safety
 * (the embedded builder switches it off unless told otherwise), stops a postmaster a killed
 * process left on its directory before starting, and on close waits for its postmaster to exit.
 */
public final class EmbeddedCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCluster.class);

  /**
   * Server settings given on the postmaster's command line. The builder passes {@code -F} (fsync
   * off) first and sets synchronous_commit off; these come after it and win (the last setting of
   * a parameter on the command line is the one PostgreSQL keeps), so a committed sync survives a
   * power loss. {@code SHOW} reads them back (EmbeddedDurabilityTest).
   */
  static final Map<String, String> DURABLE = Map.of(
      "fsync", "on",
      "synchronous_commit", "on",
      "full_page_writes", "on");

  private final EmbeddedPostgres postgres;
  private final Path pgData;
  private final Optional<ProcessHandle> postmaster;

  private EmbeddedCluster(EmbeddedPostgres postgres, Path pgData, Optional<ProcessHandle> postmaster) {
    this.postgres = postgres;
    this.pgData = pgData;
    this.postmaster = postmaster;
  }

  /** Starts (or restarts on its kept data) the cluster under {@code dataDir/postgres}; blocking. */
  public static EmbeddedCluster start(Path dataDir) {
    Path pgData = dataDir.resolve("postgres").toAbsolutePath().normalize();
    try {
      Files.createDirectories(pgData.getParent());
      LeftoverPostmaster.stopIfRunning(pgData);
      LOG.info("Starting embedded PostgreSQL with data in {}", pgData);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(pgData)
          .setCleanDataDirectory(false);
      DURABLE.forEach(builder::setServerConfig);
      EmbeddedPostgres postgres = builder.start();
      return new EmbeddedCluster(postgres, pgData, LeftoverPostmaster.find(pgData));
    } catch (IOException | RuntimeException e) {
      if (e instanceof DatabaseStartupException known) {
        throw known;
      }
      throw new DatabaseStartupException("cannot start the embedded PostgreSQL in " + pgData + ": "
          + e.getMessage(), e);
    }
  }

  public EmbeddedPostgres postgres() {
    return postgres;
  }

  public int port() {
    return postgres.getPort();
  }

  /**
   * Stops the cluster and waits for its postmaster to exit, so that a clean stop leaves no
   * PostgreSQL process behind (the builder's own stop gives up after 5 s); blocking.
   */
  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
    postmaster.filter(ProcessHandle::isAlive).ifPresent(process -> {
      process.destroy();
      if (!LeftoverPostmaster.awaitExit(process, LeftoverPostmaster.STOP_WAIT)) {
        LOG.warn("Embedded PostgreSQL (pid {}) on {} did not exit within {} s", process.pid(), pgData,
            LeftoverPostmaster.STOP_WAIT.toSeconds());
      }
    });
  }
}
