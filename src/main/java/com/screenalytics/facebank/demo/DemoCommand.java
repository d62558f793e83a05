package com.screenalytics.facebank.demo;

import com.screenalytics.facebank.app.Command;
import com.screenalytics.facebank.app.Main;
import java.util.List;

/** {@code demo}: a whole sync on this machine alone (see {@link DemoMode}). */
public final class DemoCommand implements Command {

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String usage() {
    return "  demo                           start a demo TRR (database and photos API) and the service on\n"
        + "                                 127.0.0.1, sync a demo show, print the outcome, keep serving";
  }

  @Override
  public void run(List<String> args) {
    Main.requireNoArguments(name(), args);
    Main.logs("System.err", "WARN"); // the demo's own account of the sync is what a newcomer reads
    DemoMode.run(Main.configOrExit(), System.out);
  }
}
