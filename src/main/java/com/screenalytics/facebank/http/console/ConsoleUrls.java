package com.screenalytics.facebank.http.console;

import com.screenalytics.facebank.config.AppConfig;

/** Where operators reach the console, and the shape of a one-time sign-in link. */
public final class ConsoleUrls {

  private ConsoleUrls() {
  }

  /**
   * The console's base URL seen from outside the service: CONSOLE_PUBLIC_URL, else
   * http://HTTP_HOST:HTTP_PORT (localhost for a wildcard host). For the CLI and the demo; the
   * HTTP route uses the address its caller reached instead.
   */
  public static String base(AppConfig config, int port) {
    return config.consolePublicUrl().orElseGet(() -> {
      String host = config.httpHost();
      if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
        host = "localhost";
      } else if (host.contains(":") && !host.startsWith("[")) {
        host = "[" + host + "]";
      }
      return "http://" + host + ":" + port;
    });
  }

  /**
   * A link that signs in once: the token rides in the fragment, so it never reaches a server's
   * access log or a Referer; the page posts it when the operator presses the button.
   */
  public static String signInLink(String base, String token) {
    return base + "/#/link/" + token;
  }
}
