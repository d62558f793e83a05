package com.screenalytics.facebank.plugin.faces;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;

/** The one ONNX Runtime environment of the plugin and the options of its sessions. */
final class Onnx {

  private Onnx() {
  }

  /** ONNX Runtime's environment, logging errors only (its warnings about a model's unused initializers are noise). */
  static OrtEnvironment environment() {
    return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "facebank-faces");
  }

  /**
   * One thread per inference: the service's compute pool is the parallelism (one task per core),
   * so a session never takes more threads than the pool has.
   */
  static OrtSession.SessionOptions options() throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    options.setInterOpNumThreads(1);
    options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    return options;
  }
}
