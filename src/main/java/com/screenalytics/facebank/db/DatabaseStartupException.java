package com.screenalytics.facebank.db;

/** Our own database cannot be used: the service must not start. The message is safe to print. */
public class DatabaseStartupException extends RuntimeException {
  public DatabaseStartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
