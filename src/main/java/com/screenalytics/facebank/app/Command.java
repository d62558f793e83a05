package com.screenalytics.facebank.app;

import java.util.List;

/**
 * A command of the jar that {@code app} does not know by name — the demo: listed in
 * {@code META-INF/services/com.screenalytics.facebank.app.Command} and loaded only when its name
 * is asked for (or the usage printed), so the service's own start-up never loads it.
 */
public interface Command {

  /** The word after {@code java -jar facebank-sync.jar}. */
  String name();

  /** Its entry in the usage, lines indented as {@link Main#usage} prints them. */
  String usage();

  /** Runs the command with the words after its name. */
  void run(List<String> args);
}
