package com.screenalytics.facebank.db;

import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells our database being unreachable (stopped, restarting, the network gone) from a statement
 * that failed on a database that answers. The first is {@link ErrorCode#DATABASE_UNAVAILABLE}:
 * a 503 for a request, a retry later for a run's record; the second stays what it was.
 */
public final class DbFailures {

  private DbFailures() {
  }

  /** Whether {@code failure} (or a cause of it) says our database could not be reached. */
  public static boolean unavailable(Throwable failure) {
    for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
      if (e instanceof FacebankException known) {
        return ErrorCode.DATABASE_UNAVAILABLE.code().equals(known.code());
      }
      if (e instanceof ConnectException || e instanceof ConnectTimeoutException || e instanceof ClosedConnectionException
          || e instanceof ClosedChannelException || e instanceof NoRouteToHostException
          || e instanceof UnknownHostException) {
        return true;
      }
      if (e instanceof PgException pg && pg.getSqlState() != null) {
        String state = pg.getSqlState();
        // 08: connection exception; 57P01-57P03: shutting down, crashed, starting up.
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
      }
      String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
      if (message.contains("connection refused") || message.contains("connection reset")
          || message.contains("failed to connect") || message.contains("connection is closed")) {
        return true;
      }
    }
    return false;
  }

  /** The 503 for a request that needed our database while it could not be reached; empty otherwise. */
  public static Optional<FacebankException> asUnavailable(Throwable failure) {
    if (failure instanceof FacebankException known) {
      return ErrorCode.DATABASE_UNAVAILABLE.code().equals(known.code()) ? Optional.of(known) : Optional.empty();
    }
    return unavailable(failure)
        ? Optional.of(new FacebankException(ErrorCode.DATABASE_UNAVAILABLE,
            ErrorCode.DATABASE_UNAVAILABLE.description(), failure))
        : Optional.empty();
  }

  /** One line about the failure for a WARN (no stack trace): its innermost message. */
  public static String brief(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
