package com.screenalytics.facebank.pipeline;

/** The stage set cannot run as configured; the service refuses to start. */
public class StageConfigException extends RuntimeException {
  public StageConfigException(String message) {
    super(message);
  }
}
