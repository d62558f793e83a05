package com.screenalytics.facebank.faces;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The face detector the build fetched, for the tests that run the face stages. */
public final class Detector {

  /** Where the build (stages/faces/fetch-detector.sh) puts the models. */
  public static final Path MODEL_DIR = Path.of("target", "models").toAbsolutePath();
  public static final Path FILE = MODEL_DIR.resolve("blazeface/face_detection_front_128x128_barracuda.onnx");

  private Detector() {
  }

  /**
   * Skips the test, in one line, when the build could not fetch the detector (no npm on this
   * machine); with CI=true that is a failure: CI installs npm.
   */
  public static void require() {
    if (Files.isRegularFile(FILE)) {
      return;
    }
    String why = "the BlazeFace model is not at " + FILE + ": the build fetches it with npm"
        + " (stages/faces/fetch-detector.sh; apt-get install npm)";
    if ("true".equals(System.getenv("CI"))) {
      fail(why);
    }
    assumeTrue(false, why);
  }
}
