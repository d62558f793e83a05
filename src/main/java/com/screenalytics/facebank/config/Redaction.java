package com.screenalytics.facebank.config;

import java.net.URI;

/**
 * Makes connection strings safe to log or show: user-info (user:password@) and the query
 * (which may carry ?password=) are dropped.
 */
public final class Redaction {

  private Redaction() {
  }

  /** postgresql://user:pw@host:5432/db?password=x → postgresql://host:5432/db; unparsable input → "<redacted>". */
  public static String url(String url) {
    try {
      URI uri = URI.create(url);
      if (uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null) {
        return url;
      }
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
    } catch (Exception e) {
      return "<redacted>";
    }
  }
}
