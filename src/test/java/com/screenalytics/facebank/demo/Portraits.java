package com.screenalytics.facebank.demo;

/** The demo's portraits, for tests outside the demo package: the same PNG bytes the demo serves. */
public final class Portraits {

  private Portraits() {
  }

  /** A portrait of {@code name} with {@code figures} people in it (0, 1 or 2). */
  public static byte[] png(String name, int variant, int width, int height, int figures) {
    return PortraitRenderer.png(name, variant, width, height, figures);
  }
}
