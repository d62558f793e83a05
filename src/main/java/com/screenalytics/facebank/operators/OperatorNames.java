package com.screenalytics.facebank.operators;

import com.screenalytics.facebank.contract.Addresses;
import com.screenalytics.facebank.contract.ErrorCode;
import com.screenalytics.facebank.contract.FacebankException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an operator's name and password may be. A name is trimmed and lower-cased: 1–64 of
 * a-z 0-9 . _ -, starting with a letter or digit; "api", "cli" and "bus" are taken (they name the
 * other triggers of a run in its triggered_by).
 */
public final class OperatorNames {

  public static final int MIN_PASSWORD = 10;
  public static final int MAX_PASSWORD = 1024;

  private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,63}$");
  private static final Set<String> RESERVED = Set.of(Addresses.TRIGGERED_BY_API, Addresses.TRIGGERED_BY_CLI,
      Addresses.TRIGGERED_BY_BUS);

  private OperatorNames() {
  }

  /** The name as stored; a 422 invalid_field (naming the rule) when it is not one. */
  public static String normalize(Object raw) {
    if (!(raw instanceof String text)) {
      throw invalid("name is required and must be a string");
    }
    String name = text.trim().toLowerCase(Locale.ROOT);
    if (!NAME.matcher(name).matches()) {
      throw invalid("name must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
    }
    if (RESERVED.contains(name)) {
      throw invalid("name '" + name + "' is reserved (it names another trigger of a run)");
    }
    return name;
  }

  /** The password, unchanged; a 422 invalid_field when it is too short or too long. Never quoted. */
  public static String password(Object raw) {
    if (!(raw instanceof String password)) {
      throw invalid("password is required and must be a string");
    }
    if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
      throw invalid("password must be " + MIN_PASSWORD + "-" + MAX_PASSWORD + " characters");
    }
    return password;
  }

  private static FacebankException invalid(String message) {
    return new FacebankException(ErrorCode.INVALID_FIELD, message);
  }
}
