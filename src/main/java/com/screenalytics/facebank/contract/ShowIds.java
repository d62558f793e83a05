package com.screenalytics.facebank.contract;

import java.util.Locale;
import java.util.regex.Pattern;

/** The show_id slug rule: trimmed, upper-cased, ^[A-Z0-9_-]{1,64}$ ("rhoslc" and "RHOSLC" are one show). */
public final class ShowIds {

  private static final Pattern SLUG = Pattern.compile("^[A-Z0-9_-]{1,64}$");

  private ShowIds() {
  }

  /** The normalized id, or a 400 invalid_show_id. */
  public static String normalize(Object raw) {
    if (raw instanceof String text) {
      String id = text.trim().toUpperCase(Locale.ROOT);
      if (SLUG.matcher(id).matches()) {
        return id;
      }
    }
    throw new FacebankException(ErrorCode.INVALID_SHOW_ID, ErrorCode.INVALID_SHOW_ID.description());
  }
}
