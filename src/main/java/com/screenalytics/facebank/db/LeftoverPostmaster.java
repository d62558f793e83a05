package com.screenalytics.facebank.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The postmaster of an embedded data directory, found through its {@code postmaster.pid}. The
 * embedded PostgreSQL runs in a session of its own, so a JVM killed with SIGKILL leaves it
 * running on the data directory; the next start stops it first (SIGTERM, PostgreSQL's smart
 * shutdown, and waits), or PostgreSQL would refuse the directory and the start would fail.
 */
final class LeftoverPostmaster {

  private static final Logger LOG = LoggerFactory.getLogger(LeftoverPostmaster.class);

  static final String PID_FILE = "postmaster.pid";
  static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private LeftoverPostmaster() {
  }

  /** The live postmaster named by {@code pgData/postmaster.pid}, when it is a postgres on that directory. */
  static Optional<ProcessHandle> find(Path pgData) {
    Path pidFile = pgData.resolve(PID_FILE);
    List<String> lines;
    try {
      lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty(); // no pid file: nothing left behind
    }
    if (lines.size() < 2) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(process -> isPostgresOn(process, pgData, lines.get(1).trim()));
  }

  /**
   * Whether the process is a postgres on this data directory (and not another program that reuses
   * a pid of the past): its executable is named postgres, and the pid file and its {@code -D}
   * both name the directory.
   */
  private static boolean isPostgresOn(ProcessHandle process, Path pgData, String pidFileDir) {
    ProcessHandle.Info info = process.info();
    boolean postgres = info.command().map(command -> Path.of(command).getFileName().toString().equals("postgres"))
        .orElse(false);
    boolean sameDir = samePath(Path.of(pidFileDir), pgData);
    boolean argumentsAgree = info.arguments().map(args -> {
      for (int i = 0; i < args.length - 1; i++) {
        if (args[i].equals("-D")) {
          return samePath(Path.of(args[i + 1]), pgData);
        }
      }
      return true; // started without -D (PGDATA): the pid file's directory decides
    }).orElse(true);
    return postgres && sameDir && argumentsAgree;
  }

  private static boolean samePath(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }

  /**
   * Stops a postmaster a killed process left on {@code pgData}, if there is one, and waits for it
   * to exit; blocking. Fails when it does not stop within {@link #STOP_WAIT}.
   */
  static void stopIfRunning(Path pgData) {
    find(pgData).ifPresent(process -> {
      LOG.warn("Embedded PostgreSQL (pid {}) left running on {} by a process that ended without stopping it; "
          + "stopping it before starting again", process.pid(), pgData);
      process.destroy(); // SIGTERM: the killed JVM's sessions are gone, so PostgreSQL stops at once
      if (!awaitExit(process, STOP_WAIT)) {
        throw new DatabaseStartupException("the embedded PostgreSQL (pid " + process.pid() + ") left running on "
            + pgData + " did not stop within " + STOP_WAIT.toSeconds() + " s; stop it and start again", null);
      }
    });
  }

  /** Waits for a process to exit; whether it did within {@code limit}. */
  static boolean awaitExit(ProcessHandle process, Duration limit) {
    try {
      process.onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return !process.isAlive();
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }
}
