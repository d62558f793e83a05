package com.screenalytics.facebank.app;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.contract.FacebankException;
import com.screenalytics.facebank.http.console.ConsoleUrls;
import com.screenalytics.facebank.operators.OperatorNames;
import com.screenalytics.facebank.sync.SyncClient;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's accounts from the command line, through the same operators verticle as the HTTP
 * routes (the service starts without its HTTP listener, as for {@code sync}):
 * <ul>
 *   <li>{@code operator add NAME}: creates the operator, or sets a new password (which ends their
 *       sessions). The password is typed twice at the terminal, unechoed; without a terminal it is
 *       the first line of stdin.
 *   <li>{@code operator remove NAME}: removes the operator; their sessions end at once.
 *   <li>{@code console-link [NAME]}: prints a URL that signs in once as NAME (no name: the only
 *       operator) within 10 minutes.
 * </ul>
 * Exit codes: 0 done, 4 refused (no such operator, …), 2 usage, 1 cannot start.
 */
final class OperatorCommand {

  static final int EXIT_REFUSED = 4;

  private static final Logger LOG = LoggerFactory.getLogger(OperatorCommand.class);

  private OperatorCommand() {
  }

  /** What to do, once the command line is read (the password is read before the service starts). */
  record Request(String address, JsonObject body) {
  }

  static Request parseOperator(List<String> args) {
    if (args.size() != 2 || !(args.get(0).equals("add") || args.get(0).equals("remove"))) {
      throw new IllegalArgumentException("usage: operator add NAME | operator remove NAME");
    }
    String name = name(args.get(1));
    if (args.get(0).equals("remove")) {
      return new Request(Addresses.OPERATOR_REMOVE, new JsonObject().put("name", name));
    }
    String password = readPassword(name);
    try {
      OperatorNames.password(password);
    } catch (FacebankException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    return new Request(Addresses.OPERATOR_SAVE, new JsonObject().put("name", name).put("password", password));
  }

  static Request parseLink(List<String> args) {
    if (args.size() > 1) {
      throw new IllegalArgumentException("usage: console-link [NAME]");
    }
    return new Request(Addresses.OPERATOR_LINK, new JsonObject().put("name", args.isEmpty() ? null : name(args.get(0))));
  }

  /** Runs the request against the configured database; prints the outcome; returns the exit code. */
  static int run(Request request, AppConfig config, PrintStream out) {
    FacebankApp app = Main.startWithoutHttpOrExit(config);
    try {
      SyncClient.Answer answer = SyncClient.ask(app.vertx(), request.address(), request.body(), new DeliveryOptions(),
          ok -> 200).await();
      JsonObject body = answer.body();
      if (answer.httpStatus() != 200) {
        System.err.println("facebank-sync: " + body.getJsonObject("error").getString("code") + ": "
            + body.getJsonObject("error").getString("message"));
        return EXIT_REFUSED;
      }
      switch (request.address()) {
        case Addresses.OPERATOR_SAVE -> out.println(body.getBoolean("created")
            ? "Operator " + body.getString("name") + " created."
            : "Operator " + body.getString("name") + " has a new password; their sessions have ended.");
        case Addresses.OPERATOR_REMOVE -> out.println("Operator " + body.getString("name") + " removed.");
        default -> out.println(ConsoleUrls.signInLink(ConsoleUrls.base(config, config.httpPort()), body.getString("token")));
      }
      return 0;
    } catch (RuntimeException e) {
      LOG.error("{} failed", request.address(), e);
      return Main.EXIT_CANNOT_START;
    } finally {
      app.close().await();
    }
  }

  private static String name(String raw) {
    try {
      return OperatorNames.normalize(raw);
    } catch (FacebankException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /** Typed twice at a terminal (not echoed), else the first line of stdin (for scripts). */
  private static String readPassword(String name) {
    Console console = System.console();
    if (console != null) {
      char[] first = console.readPassword("Password for %s: ", name);
      char[] again = console.readPassword("Again: ");
      if (first == null || again == null || !Arrays.equals(first, again)) {
        throw new IllegalArgumentException("the two passwords differ");
      }
      return new String(first);
    }
    try {
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (line == null) {
        throw new IllegalArgumentException("no password on stdin (give it as the first line)");
      }
      return line;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the password from stdin: " + e.getMessage());
    }
  }
}
