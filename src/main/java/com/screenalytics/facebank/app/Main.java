package com.screenalytics.facebank.app;

import com.screenalytics.facebank.config.AppConfig;
import com.screenalytics.facebank.config.ConfigLoader;
import com.screenalytics.facebank.sync.SyncRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar facebank-sync.jar [serve | demo | sync SHOW_ID [--max-images N] [--dry-run] | operator add|remove NAME
 * | console-link [NAME]]}: picks the command; the ones it does not know by name (the demo) are {@link Command}s found by name. No
 * logger field here on purpose: the commands whose stdout is their result route the log to
 * stderr, which has to be decided before logging starts.
 */
public final class Main {

  static final int EXIT_CANNOT_START = 1;
  static final int EXIT_USAGE = 2;

  /** Read by logback.xml: where the console log goes and from which level. */
  static final String LOG_TARGET_PROPERTY = "facebank.log.target";
  static final String LOG_LEVEL_PROPERTY = "facebank.log.level";

  private Main() {
  }

  public static void main(String[] args) {
    String command = args.length == 0 ? "serve" : args[0];
    List<String> rest = args.length == 0 ? List.of() : Arrays.asList(args).subList(1, args.length);
    switch (command) {
      case "serve" -> {
        requireNoArguments(command, rest);
        ServeCommand.run(configOrExit());
      }
      case "sync" -> {
        logs("System.err", "INFO"); // stdout carries the result JSON only
        if (rest.contains(SyncCommand.ALL_OPTION)) {
          JsonObject batch = null;
          try {
            batch = SyncCommand.parseAll(rest);
          } catch (IllegalArgumentException e) {
            usageError(e.getMessage());
          }
          System.exit(SyncCommand.runAll(batch, configOrExit()));
        }
        SyncRequest request = null;
        try {
          request = SyncCommand.parse(rest);
        } catch (IllegalArgumentException e) {
          usageError(e.getMessage());
        }
        System.exit(SyncCommand.run(request, configOrExit()));
      }
      case "operator", "console-link" -> {
        logs("System.err", "WARN"); // stdout carries the outcome (a link) only
        OperatorCommand.Request request = null;
        try {
          request = command.equals("operator") ? OperatorCommand.parseOperator(rest) : OperatorCommand.parseLink(rest);
        } catch (IllegalArgumentException e) {
          usageError(e.getMessage());
        }
        System.exit(OperatorCommand.run(request, configOrExit(), System.out));
      }
      case "help", "--help", "-h" -> usage(System.out);
      default -> command(command).ifPresentOrElse(found -> found.run(rest),
          () -> usageError("unknown command '" + command + "'"));
    }
  }

  /** A command found by name among the {@link Command}s of the jar. */
  private static Optional<Command> command(String name) {
    return ServiceLoader.load(Command.class).stream().map(ServiceLoader.Provider::get)
        .filter(found -> found.name().equals(name)).findFirst();
  }

  static void usage(PrintStream out) {
    StringBuilder others = new StringBuilder();
    ServiceLoader.load(Command.class).forEach(found -> others.append(found.usage().stripTrailing()).append('\n'));
    out.print("""
        Usage: java -jar facebank-sync.jar [COMMAND]

          serve (or no command)          run the service until stopped
        """);
    out.print(others);
    out.println("""
          sync SHOW_ID [--max-images N]  run one sync of SHOW_ID against the configured databases and
                                         print the result JSON; exit 0 ok, 3 partial, 4 error, 2 usage;
                                         --dry-run: write nothing, say what would happen
          sync --all [--max-images N]    sync every linked show as one batch (shared with the cluster's
                                         nodes when clustered) and print the batch JSON; the exit code
                                         follows the worst show
          operator add NAME              create a console operator, or give them a new password (typed
                                         twice at the terminal, or the first line of stdin)
          operator remove NAME           remove a console operator; their sessions end
          console-link [NAME]            print a URL that signs in once as NAME (default: the only
                                         operator) within 10 minutes
          help                           this text

        Configuration: conf/config.json, then environment variables, then -D properties (see README).""");
  }

  /** Prints what is wrong and the usage on stderr, and exits 2. */
  static void usageError(String message) {
    System.err.println("facebank-sync: " + message);
    usage(System.err);
    System.exit(EXIT_USAGE);
  }

  /** Loads and checks the configuration, or exits 1 saying what is wrong. */
  public static AppConfig configOrExit() {
    Vertx bootstrap = Vertx.vertx();
    try {
      AppConfig config = ConfigLoader.load(bootstrap, ConfigLoader.DEFAULT_FILE).await();
      config.validate(); // parse the numbers now: a typo should stop start-up, not the first sync
      return config;
    } catch (RuntimeException e) {
      cannotStart("the configuration is invalid: " + e.getMessage());
      return null;
    } finally {
      bootstrap.close().await();
    }
  }

  /** The service without its HTTP listener, for a one-shot command; exits 1 saying why when it cannot start. */
  static FacebankApp startWithoutHttpOrExit(AppConfig config) {
    try {
      return FacebankApp.startWithoutHttp(config).await();
    } catch (RuntimeException e) {
      cannotStart(e.getMessage());
      throw e; // not reached: cannotStart exits
    }
  }

  /** Logs and prints why the command cannot run, and exits 1. */
  static void cannotStart(String message) {
    LoggerFactory.getLogger(Main.class).error("facebank-sync cannot start: {}", message);
    System.err.println("facebank-sync cannot start: " + message);
    System.exit(EXIT_CANNOT_START);
  }

  /** A command that takes no arguments: anything more is a usage error (exit 2). */
  public static void requireNoArguments(String command, List<String> rest) {
    if (!rest.isEmpty()) {
      usageError("'" + command + "' takes no arguments, got " + rest);
    }
  }

  /** Sets the console log's target and level unless the operator chose them with -D. */
  public static void logs(String target, String level) {
    if (System.getProperty(LOG_TARGET_PROPERTY) == null) {
      System.setProperty(LOG_TARGET_PROPERTY, target);
    }
    if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
      System.setProperty(LOG_LEVEL_PROPERTY, level);
    }
  }
}
