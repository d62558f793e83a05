package com.screenalytics.facebank.app;

import com.screenalytics.facebank.batch.BatchFollower;
import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.sync.SyncClient;
import com.screenalytics.facebank.sync.SyncRequest;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sync SHOW_ID [--max-images N] [--dry-run]}, for cron and scripts: starts the service without its HTTP
 * listener, runs one sync through {@code facebank.sync} (the code path of the HTTP trigger),
 * prints the result JSON on stdout and answers an exit code per status.
 */
final class SyncCommand {

  static final int EXIT_OK = 0;
  static final int EXIT_PARTIAL = 3;
  static final int EXIT_ERROR = 4;

  private static final Logger LOG = LoggerFactory.getLogger(SyncCommand.class);
  private static final String MAX_IMAGES_OPTION = "--max-images";
  private static final String DRY_RUN_OPTION = "--dry-run";

  private SyncCommand() {
  }

  /** Runs one sync and prints its result JSON; returns the exit code. */
  static int run(SyncRequest request, AppConfig config) {
    LOG.info("Syncing {} once with {}", request.showId(), config);
    FacebankApp app = Main.startWithoutHttpOrExit(config);
    try {
      JsonObject result = SyncClient.send(app.vertx(), request, "cli", Addresses.TRIGGERED_BY_CLI, config.syncTimeoutMs())
          .map(SyncClient.Answer::body)
          .otherwise(e -> {
            LOG.error("Sync of {} failed unexpectedly", request.showId(), e);
            return FacebankException.errorBody(ErrorCode.INTERNAL.code(), ErrorCode.INTERNAL.description())
                .put("show_id", request.showId());
          })
          .await();
      System.out.println(result.encodePrettily());
      System.out.flush();
      return exitCode(result.getString("status"));
    } finally {
      app.close().await();
    }
  }

  /**
   * {@code sync --all}: one batch of every linked show through {@code facebank.sync.all} (this
   * process takes shows from the queue too), followed to its end; prints the batch JSON and answers
   * the exit code of the worst show (the batch's status).
   */
  static int runAll(JsonObject body, AppConfig config) {
    LOG.info("Syncing every linked show once with {}", config);
    FacebankApp app = Main.startWithoutHttpOrExit(config);
    try {
      JsonObject batch = BatchFollower.run(app.vertx(), body, Addresses.TRIGGERED_BY_CLI, config.syncTimeoutMs())
          .otherwise(e -> {
            LOG.error("The batch failed unexpectedly", e);
            return FacebankException.errorBody(ErrorCode.INTERNAL.code(), ErrorCode.INTERNAL.description());
          })
          .await();
      System.out.println(batch.encodePrettily());
      System.out.flush();
      return exitCode(batch.getString("status", "error"));
    } finally {
      app.close().await();
    }
  }

  static final String ALL_OPTION = "--all";

  /** {@code --all} and an optional {@code --max-images N}; a SHOW_ID beside --all is a usage error. */
  static JsonObject parseAll(List<String> args) {
    List<String> rest = new ArrayList<>(args);
    rest.remove(ALL_OPTION);
    if (rest.contains(ALL_OPTION)) {
      throw new IllegalArgumentException(ALL_OPTION + " is given twice");
    }
    JsonObject body = new JsonObject();
    for (int i = 0; i < rest.size(); i++) {
      String arg = rest.get(i);
      if (arg.equals(MAX_IMAGES_OPTION) || arg.startsWith(MAX_IMAGES_OPTION + "=")) {
        if (body.containsKey(SyncRequest.MAX_IMAGES)) {
          throw new IllegalArgumentException(MAX_IMAGES_OPTION + " is given twice");
        }
        String value = arg.equals(MAX_IMAGES_OPTION)
            ? (i + 1 < rest.size() ? rest.get(++i) : null)
            : arg.substring(MAX_IMAGES_OPTION.length() + 1);
        try {
          body.put(SyncRequest.MAX_IMAGES, SyncRequest.maxImages(integer(value)));
        } catch (FacebankException e) {
          throw new IllegalArgumentException(e.getMessage());
        }
      } else if (arg.startsWith("-")) {
        throw new IllegalArgumentException("unknown option " + arg);
      } else {
        throw new IllegalArgumentException(ALL_OPTION + " syncs every linked show: no SHOW_ID beside it, got '"
            + arg + "'");
      }
    }
    return body;
  }

  static int exitCode(String status) {
    return switch (status) {
      case "ok" -> EXIT_OK;
      case "partial" -> EXIT_PARTIAL;
      default -> EXIT_ERROR;
    };
  }

  /**
   * SHOW_ID and an optional {@code --max-images N} (or {@code --max-images=N}), validated and
   * clamped as the HTTP body is; anything else is a usage error.
   */
  static SyncRequest parse(List<String> args) {
    String showId = null;
    Object maxImages = null;
    boolean dryRun = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals(DRY_RUN_OPTION)) {
        if (dryRun) {
          throw new IllegalArgumentException(DRY_RUN_OPTION + " is given twice");
        }
        dryRun = true;
      } else if (arg.equals(MAX_IMAGES_OPTION) || arg.startsWith(MAX_IMAGES_OPTION + "=")) {
        if (maxImages != null) {
          throw new IllegalArgumentException(MAX_IMAGES_OPTION + " is given twice");
        }
        String value = arg.equals(MAX_IMAGES_OPTION)
            ? (i + 1 < args.size() ? args.get(++i) : null)
            : arg.substring(MAX_IMAGES_OPTION.length() + 1);
        maxImages = integer(value);
      } else if (arg.startsWith("-")) {
        throw new IllegalArgumentException("unknown option " + arg);
      } else if (showId == null) {
        showId = arg;
      } else {
        throw new IllegalArgumentException("one SHOW_ID only, got '" + showId + "' and '" + arg + "'");
      }
    }
    if (showId == null) {
      throw new IllegalArgumentException("SHOW_ID is missing");
    }
    try {
      return SyncRequest.of(showId, new JsonObject().put(SyncRequest.MAX_IMAGES, maxImages)).dryRun(dryRun);
    } catch (FacebankException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  private static BigInteger integer(String value) {
    try {
      return new BigInteger(value == null ? "" : value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(MAX_IMAGES_OPTION + " takes a whole number, got "
          + (value == null ? "nothing" : "'" + value + "'"));
    }
  }
}
