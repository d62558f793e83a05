package com.screenalytics.facebank.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The TRR metadata schema (a copy of shared/trr/core-schema.sql, shipped in the jar): what the demo
 * builds its TRR database from, and the test fixtures too, so there is one copy.
 */
public final class TrrSchema {

  static final String RESOURCE = "/demo/trr/core-schema.sql";

  private TrrSchema() {
  }

  /** The DDL script: schema core, its tables and views. Meant for an empty database. */
  public static String sql() {
    try (InputStream in = TrrSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
